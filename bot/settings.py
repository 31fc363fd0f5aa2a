"""One settings object, read from the environment and ``.env`` at the entry point."""
from __future__ import annotations

import hashlib
from pathlib import Path

import platformdirs
from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent / "seeds"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NEWSDESK_", env_file=".env", extra="ignore")

    corpus: Path = Field(default=DEFAULT_CORPUS, description="Directory of articles to index.")
    db: str | None = Field(
        default=None,
        description="SQLite file for the index; default: one per corpus under the user's data directory.",
    )

    @field_validator("corpus")
    @classmethod
    def _corpus_resolved(cls, value: Path) -> Path:
        return value.expanduser().resolve()

    def db_path(self) -> Path:
        """The index file: NEWSDESK_DB, or a file named after the corpus path."""
        if self.db:
            return Path(self.db).expanduser()
        digest = hashlib.sha256(str(self.corpus).encode()).hexdigest()[:12]
        return Path(platformdirs.user_data_dir("newsdesk")) / f"index-{digest}.sqlite"

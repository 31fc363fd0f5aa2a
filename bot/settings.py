"""One settings object, read from the environment and ``.env`` at the entry point."""
from __future__ import annotations

import hashlib
from pathlib import Path

import platformdirs
from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent / "seeds"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NEWSDESK_", env_file=".env", extra="ignore")

    corpus: Path = Field(default=DEFAULT_CORPUS, description="Directory of articles to index.")
    db: str | None = Field(
        default=None,
        description="The index: an SQLite file, or postgresql://user:password@host:port/database;"
        " default: an SQLite file per corpus under the user's data directory.",
    )

    max_article_bytes: int = Field(
        default=4_000_000, description="An article file larger than this is not indexed (skipped and reported)."
    )
    corpus_poll_seconds: float = Field(
        default=30.0, description="While serving, check the corpus for new or changed articles this often (0: never)."
    )
    index_workers: int | None = Field(
        default=None, ge=1, le=64,
        description="Processes that parse and extract articles while indexing (default: one per core).",
    )
    timeline_cache: int = Field(
        default=30_000, ge=0,
        description="Timeline entries a serving process keeps in memory, the least recently asked dropped first.",
    )

    # Live sources (bot/sources/): feeds and pasted article links.
    fetch_delay: float = Field(
        default=2.0, ge=0, description="Seconds between two requests to one host (robots.txt may ask for more)."
    )
    fetch_allow_private: bool = Field(
        default=False,
        description="Fetch URLs that resolve to loopback, private, link-local or metadata addresses (off: refused).",
    )
    feed_poll_minutes: float = Field(
        default=15.0, ge=0, description="While serving, poll each feed this often (0: never; `feeds poll --once` still works)."
    )
    fetch_user_agent: str = Field(
        default="newsdesk/0.1 (news bot; +https://github.com/newsdesk/newsdesk)",
        description="The User-Agent of every request; it names newsdesk, and robots.txt rules for newsdesk apply.",
    )
    fetch_max_bytes: int = Field(default=5_000_000, gt=0, description="Largest feed or page, after decompression.")
    fetch_timeout: float = Field(default=20.0, gt=0, description="Seconds one fetch may take, redirects included.")

    # Scheduled digests (bot/digest/).
    digest_tz: str = Field(default="UTC", description="Time zone of a subscription that names none (tz:).")
    digest_first_window_hours: float = Field(
        default=24.0, description="A new subscription's first digest covers at most this many hours back."
    )
    digest_post_empty: bool = Field(default=False, description="Post a digest even when nothing is new.")
    digest_poll_seconds: float = Field(default=30.0, description="How often the scheduler looks for due digests.")
    digest_retry_attempts: int = Field(default=6, description="Posts of one digest before it is given up and logged.")
    digest_retry_seconds: float = Field(
        default=30.0, description="First retry delay of a failed post; doubled after each failure (at most 1 h)."
    )
    digest_post_timeout: float = Field(
        default=30.0,
        gt=0,
        description="Seconds a platform call of a digest post may take; a slower one has an unknown outcome, and the"
        " slot is looked for in the channel before it is posted again (never taken as a refusal).",
    )
    digest_min_interval_minutes: float = Field(
        default=60.0, ge=0, description="The shortest time between two digests a schedule may ask for (an admin setting)."
    )
    digest_max_chars: int = Field(
        default=3000,
        ge=1000,
        description="Characters of text a digest holds at most: the most widely carried stories, events and quotes"
        " that fit, and how many more there are.",
    )

    # Slack (adapters/slack_*): Socket Mode with both tokens, HTTP mode with the bot token and signing secret.
    slack_bot_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_BOT_TOKEN", "NEWSDESK_SLACK_BOT_TOKEN")
    )
    slack_app_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_APP_TOKEN", "NEWSDESK_SLACK_APP_TOKEN")
    )
    slack_signing_secret: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("SLACK_SIGNING_SECRET", "NEWSDESK_SLACK_SIGNING_SECRET")
    )
    slack_api_url: str = Field(
        default="https://slack.com/api/", description="Slack Web API base URL (a Slack-compatible proxy, or a test server)."
    )
    slack_mode: str = Field(
        default="auto", description="socket | http | auto (socket when SLACK_APP_TOKEN is set, else http)."
    )
    slack_commands: dict[str, str] = Field(
        default_factory=dict,
        description='Slash command names per command, JSON, e.g. {"who": "/nd-who"}; default /who, /quote, ...',
    )
    slack_admins: list[str] = Field(default_factory=list, description="Slack user ids allowed to manage digests.")
    http_host: str = Field(default="127.0.0.1", description="Address of Slack HTTP mode's server (/slack/events).")
    http_port: int = Field(default=3000, description="Port of Slack HTTP mode's server (/slack/events).")
    metrics_host: str = Field(default="127.0.0.1", description="Address of /healthz and /metrics (loopback by default).")
    metrics_port: int | None = Field(
        default=None,
        description="Port of /healthz and /metrics; default NEWSDESK_HTTP_PORT, or the one after it when Slack HTTP mode holds that.",
    )

    # Discord (adapters/discord_*).
    discord_token: SecretStr | None = Field(
        default=None, validation_alias=AliasChoices("DISCORD_TOKEN", "NEWSDESK_DISCORD_TOKEN")
    )
    discord_guild_id: int | None = Field(
        default=None, validation_alias=AliasChoices("DISCORD_GUILD_ID", "NEWSDESK_DISCORD_GUILD_ID")
    )
    discord_shard_count: int | None = Field(
        default=None, description="Total gateway shards across every instance (a bot in many servers); unset: one."
    )
    discord_shard_ids: list[int] | None = Field(
        default=None, description='The shards this instance runs, JSON, e.g. [0, 1]; default: all of them.'
    )
    discord_api_url: str = Field(default="https://discord.com/api/v10", description="Discord REST base URL.")
    discord_gateway_url: str = Field(default="wss://gateway.discord.gg/", description="Discord gateway URL.")

    @field_validator("discord_guild_id", mode="before")
    @classmethod
    def _blank_is_none(cls, value):
        """``DISCORD_GUILD_ID=`` (left empty in .env) means no guild, not a parse error."""
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("corpus")
    @classmethod
    def _corpus_resolved(cls, value: Path) -> Path:
        return value.expanduser().resolve()

    def db_target(self) -> Path | str:
        """The index: NEWSDESK_DB as a ``postgresql://`` URL or an SQLite file, else a file named after the corpus path."""
        if self.db and "://" in self.db:
            from bot.store.backend import StoreError
            from bot.store.open_backend import is_database_url

            if not is_database_url(self.db):
                raise StoreError(
                    f"NEWSDESK_DB={self.db.split('://')[0]}://…: a database URL must start with postgresql:// "
                    "(or give an SQLite file path)"
                )
            return self.db
        if self.db:
            return Path(self.db).expanduser()
        digest = hashlib.sha256(str(self.corpus).encode()).hexdigest()[:12]
        return Path(platformdirs.user_data_dir("newsdesk")) / f"index-{digest}.sqlite"

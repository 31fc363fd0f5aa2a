"""newsdesk's core: ingestion, extraction, the index, the command router, answer models.

It knows no chat platform and imports nothing from ``adapters``.
"""
from __future__ import annotations

__all__ = ["Newsdesk", "__version__"]
__version__ = "0.1.0"


def __getattr__(name: str):
    # Lazy, so that ``import bot.models`` does not load spaCy.
    if name == "Newsdesk":
        from bot.api import Newsdesk

        return Newsdesk
    raise AttributeError(name)

"""Wording that every renderer shares: the same answer reads the same on each platform.

Plain text, not escaped: each renderer escapes it for its own format
(console as is, Slack mrkdwn, Discord markdown).
"""
from __future__ import annotations

from bot import models as m

__all__ = ["published_label", "speaker_label"]


def published_label(s: m.Source) -> str:
    """"2026-01-24", or "~2026-01-24 (inferred)" / ">=2025-11-08 (inferred)" for an undated article, else "undated"."""
    if not s.published_inferred:
        return s.published or "undated"
    if s.published:
        return f"~{s.published} (inferred)"
    return f">={s.published_range[0]} (inferred)" if s.published_range else "undated"


def speaker_label(q: m.Quote) -> str:
    """"Andrey Rudenko (Deputy Foreign Minister)", or "unattributed"."""
    who = q.speaker or "unattributed"
    return f"{who} ({q.speaker_role})" if q.speaker_role else who

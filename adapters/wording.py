"""Wording that every renderer shares: the same answer reads the same on each platform.

Plain text, not escaped: each renderer escapes it for its own format
(console as is, Slack mrkdwn, Discord markdown).
"""
from __future__ import annotations

from bot import models as m

__all__ = ["published_label", "speaker_label", "digest_title", "digest_notes", "subscription_line", "story_line"]


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


def _when(iso: str) -> str:
    """"2026-11-20T14:13:17+00:00" → "2026-11-20 14:13 UTC"."""
    return iso[:16].replace("T", " ") + (" UTC" if iso.endswith("+00:00") else iso[19:])


def digest_title(d: m.DigestAnswer) -> str:
    """"Digest for #general on 'Witkoff'" (the heading)."""
    where = f" for {d.channel}" if d.channel else ""
    about = f" on “{d.topic}”" if d.topic else ""
    return ("Preview: next digest" if d.preview else "Digest") + where + about


def digest_notes(d: m.DigestAnswer) -> list[str]:
    """The lines under the heading: the window, a catch-up, the preview, or that nothing is new."""
    notes = [f"New since {_when(d.since)}" + (f" · {d.schedule}" if d.schedule else "")]
    if d.missed:
        notes.append(
            f"Catching up: the bot was offline for {d.missed} scheduled digest{'s' if d.missed > 1 else ''}; "
            "this one covers the whole gap."
        )
    if d.preview:
        notes.append("A preview: nothing is marked as sent, and the scheduled digest is not affected.")
    if d.empty:
        notes.append("Nothing new" + (f" on “{d.topic}”" if d.topic else "") + " in the articles since then.")
    return notes


def story_line(s: m.DigestStory) -> str:
    """"Title — Sputnik 2026-01-24, RT 2026-01-25" (the sources are cited next to it by each renderer)."""
    outlets = ", ".join(f"{c.outlet or 'unknown outlet'} {c.published or 'undated'}" for c in s.articles)
    return f"{s.title} — {outlets}" + (" (updated)" if s.updated else "")


def subscription_line(s: m.Subscription) -> str:
    """"#3 #general: daily at 09:00 (Europe/Berlin), on 'Witkoff'; next 2026-11-22 09:00+01:00"."""
    about = f", on “{s.topic}”" if s.topic else ""
    nxt = f"; next {s.next_at.replace('T', ' ')}" if s.next_at else ""
    return f"#{s.id} {s.channel_name or s.channel}: {s.schedule}{about}{nxt}"

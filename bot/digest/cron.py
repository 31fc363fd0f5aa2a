"""When a subscription's digests are due: a cron expression read in the subscription's time zone.

``daily``, ``weekly`` and ``at:`` are written as cron expressions, so one
code path (croniter) serves every schedule. Slots are computed in local
time, which keeps a 09:00 Europe/Berlin digest at 09:00 on both sides of a
DST change. A slot is named by its local wall-clock time ("2026-10-25T02:30"):
the hour that occurs twice when clocks go back is then one slot, not two.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from croniter import croniter

from bot import errors

__all__ = ["Schedule", "Slot", "parse_schedule"]

DEFAULT_AT = "09:00"
_AT = re.compile(r"^([01]?\d|2[0-3])(?::([0-5]\d))?$")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MAX_MISSED_COUNTED = 1000  # a catch-up counts the slots it replaces up to this many


@dataclass(frozen=True)
class Slot:
    key: str  # local wall-clock time, "2026-03-29T09:00"
    at: datetime  # the instant, aware

    @property
    def timestamp(self) -> float:
        return self.at.timestamp()


@dataclass(frozen=True)
class Schedule:
    cron: str
    tz: str

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    def _iter(self, start: datetime) -> croniter:
        return croniter(self.cron, start.astimezone(self.zone))

    def next_after(self, moment: datetime) -> Slot:
        return _slot(self._iter(moment).get_next(datetime))

    def latest_until(self, moment: datetime) -> Slot | None:
        """The last slot at or before ``moment``."""
        it = self._iter(moment + _EPSILON)
        try:
            return _slot(it.get_prev(datetime))
        except Exception:  # croniter gives up on expressions that never match going back
            return None

    def count_between(self, after: datetime, until: datetime) -> int:
        """Distinct slots in (after, until], counted up to ``MAX_MISSED_COUNTED``."""
        it, keys = self._iter(after), set()
        while len(keys) < MAX_MISSED_COUNTED:
            nxt = it.get_next(datetime)
            if nxt > until:
                break
            keys.add(_slot(nxt).key)
        return len(keys)

    def describe(self) -> str:
        return f"{describe_cron(self.cron)} ({self.tz})"


_EPSILON = timedelta(seconds=1)


def _slot(moment: datetime) -> Slot:
    return Slot(moment.strftime("%Y-%m-%dT%H:%M"), moment.astimezone(timezone.utc))


def describe_cron(cron: str) -> str:
    fields = cron.split()
    if len(fields) == 5 and fields[0].isdigit() and fields[1].isdigit() and fields[2:4] == ["*", "*"]:
        at = f"{int(fields[1]):02d}:{int(fields[0]):02d}"
        if fields[4] == "*":
            return f"daily at {at}"
        if fields[4].isdigit():
            return f"weekly on {_WEEKDAYS[(int(fields[4]) - 1) % 7].capitalize()} at {at}"
    return f"cron {cron}"


def parse_schedule(
    frequency: str | None, at: str | None, tz: str | None, cron: str | None, default_tz: str
) -> Schedule:
    """``daily`` / ``weekly`` / ``weekly mon`` (or ``mon``) / ``cron:"0 9 * * 1-5"`` with ``at:`` and ``tz:`` → a Schedule.

    Raises ``UserError`` with a sentence the user can act on.
    """
    zone = (tz or default_tz).strip()
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise errors.UserError(errors.DIGEST_BAD_TZ.format(tz=zone)) from None
    if cron:
        expression = cron.strip().strip("\"'“”")
        if at:
            raise errors.UserError(errors.DIGEST_CRON_AND_AT)
        if len(expression.split()) != 5 or not croniter.is_valid(expression):
            raise errors.UserError(errors.DIGEST_BAD_CRON.format(cron=expression))
        return Schedule(expression, zone)
    words = (frequency or "daily").lower().split()
    if len(words) == 1 and words[0] in _WEEKDAYS:  # a day alone: weekly on that day
        words = ["weekly", *words]
    match = _AT.match((at or DEFAULT_AT).strip())
    if not match:
        raise errors.UserError(errors.DIGEST_BAD_AT.format(at=at))
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if words == ["daily"]:
        return Schedule(f"{minute} {hour} * * *", zone)
    if words and words[0] == "weekly" and len(words) <= 2:
        day = words[1][:3] if len(words) == 2 else "mon"
        if day not in _WEEKDAYS:
            raise errors.UserError(errors.DIGEST_BAD_FREQUENCY.format(frequency=" ".join(words)))
        return Schedule(f"{minute} {hour} * * {(_WEEKDAYS.index(day) + 1) % 7}", zone)
    raise errors.UserError(errors.DIGEST_BAD_FREQUENCY.format(frequency=" ".join(words)))

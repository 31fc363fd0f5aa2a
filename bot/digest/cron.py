"""When a subscription's digests are due: a cron expression read in the subscription's time zone.

``daily``, ``weekly`` and ``at:`` are written as cron expressions, so one
code path (croniter) serves every schedule. Slots are computed in local
time, which keeps a 09:00 Europe/Berlin digest at 09:00 on both sides of a
DST change. A slot is named by its local wall-clock time ("2026-10-25T02:30"):
the hour that occurs twice when clocks go back is then one slot, not two.

A schedule is checked before it is stored (``check``): its time zone must be
one of the tz database's names (looked up in the list, so a name of any
length is an answer, not an ``OSError``), it must fire within a year, and two
digests must be at least the minimum interval apart (an admin setting). A row
stored before these checks is read through ``stored_problem``, so one bad row
is shown as invalid instead of breaking every list.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo, available_timezones

from croniter import croniter

from bot import errors

__all__ = ["Schedule", "Slot", "parse_schedule", "check", "stored_problem", "known_zone"]

DEFAULT_AT = "09:00"
_AT = re.compile(r"^([01]?\d|2[0-3])(?::([0-5]\d))?$")
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
MAX_MISSED_COUNTED = 1000  # a catch-up counts the slots it replaces up to this many
MAX_FIRST_WAIT = timedelta(days=366)  # a schedule must fire within a year (a leap day included)
MAX_CRON_LENGTH = 100
SHOWN = 40  # characters of a refused value repeated in the message


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
    if not known_zone(zone):
        raise errors.UserError(errors.DIGEST_BAD_TZ.format(tz=shown(zone)))
    if cron:
        expression = " ".join(cron.strip().strip("\"'“”").split())
        if at:
            raise errors.UserError(errors.DIGEST_CRON_AND_AT)
        if len(expression) > MAX_CRON_LENGTH or len(expression.split()) != 5 or not _valid(expression):
            raise errors.UserError(errors.DIGEST_BAD_CRON.format(cron=shown(expression)))
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


def shown(value: str) -> str:
    """A refused value as repeated in a message: at most ``SHOWN`` characters."""
    return value if len(value) <= SHOWN else value[: SHOWN - 1] + "…"


@functools.cache
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def known_zone(name: str) -> bool:
    """Whether ``name`` is a tz database name ("Europe/Berlin", "UTC"): a lookup, never a file opened by the name."""
    return name in _zones()


def _valid(expression: str) -> bool:
    try:
        return bool(croniter.is_valid(expression))
    except Exception:  # croniter's own checks raise on some inputs instead of answering
        return False


def _gap(seconds: float) -> str:
    minutes = round(seconds / 60)
    if minutes < 60:
        return f"{minutes} minute" + ("" if minutes == 1 else "s")
    hours = minutes / 60
    return f"{hours:g} hour" + ("" if hours == 1 else "s")


def check(schedule: Schedule, now: datetime, min_interval_minutes: float) -> None:
    """Refuse, with a ``UserError`` the user can act on, a schedule that never fires within a year or fires more
    often than every ``min_interval_minutes``.

    The gaps are measured between the slots of the coming year (stopping at the first one too short) on the
    wall clock of the schedule's time zone, as the user wrote them: a DST change does not make a schedule too
    frequent.
    """
    problem = _problem(schedule, now, min_interval_minutes)
    if problem == "never":
        raise errors.UserError(errors.DIGEST_NEVER.format(cron=shown(schedule.cron)))
    if problem is not None:
        raise errors.UserError(
            errors.DIGEST_TOO_OFTEN.format(cron=shown(schedule.cron), gap=_gap(problem), min=_gap(min_interval_minutes * 60))
        )


def stored_problem(cron: str, tz: str, now: datetime | None = None) -> str | None:
    """Why a stored schedule cannot run (a short reason), or None: for rows written before schedules were checked.

    Only what stops it (an unknown zone, an expression croniter refuses, no slot within a year) counts; a stored
    schedule that is merely frequent still runs.
    """
    if not known_zone(tz):
        return f"unknown time zone {shown(tz)!r}"
    if len(cron) > MAX_CRON_LENGTH or len(cron.split()) != 5 or not _valid(cron):
        return f"not a cron expression: {shown(cron)!r}"
    if _problem(Schedule(cron, tz), now or datetime.now(timezone.utc), None) == "never":
        return "it does not fire within a year"
    return None


def _problem(schedule: Schedule, now: datetime, min_interval_minutes: float | None) -> str | float | None:
    """``"never"`` (no slot within a year), the first gap in seconds shorter than the minimum, or None."""
    horizon = now + MAX_FIRST_WAIT
    previous: datetime | None = None  # local wall-clock time of the last slot seen
    try:
        it = schedule._iter(now)
        while True:
            moment = it.get_next(datetime)
            if moment > horizon:
                break
            if previous is None and min_interval_minutes is None:
                return None  # it fires: enough for a stored row
            wall = moment.replace(tzinfo=None, fold=0)
            if previous is not None and wall != previous:
                gap = (wall - previous).total_seconds()
                if gap < min_interval_minutes * 60:
                    return gap
            previous = wall
    except Exception:  # croniter gives up on a day that never comes ("0 0 30 2 *"): CroniterBadDateError
        pass
    return "never" if previous is None else None

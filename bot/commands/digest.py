"""/digest subscribe|list|unsubscribe|now: a channel's scheduled digests.

Changing subscriptions needs the caller's ``can_manage`` (the adapter checks
the platform's rights: Slack admins and owners or listed users, Discord
Manage Server / Manage Channels), and a workspace or guild only ever sees and
changes its own channels' subscriptions. ``now`` previews the next digest
to the caller without marking anything as sent.
"""
from __future__ import annotations

import time
from datetime import datetime, timezone

from bot import errors
from bot.commands.request import Caller, Request
from bot.digest.compose import compose_for
from bot.digest.cron import Schedule, check, parse_schedule, shown, stored_problem
from bot.models import Subscription, SubscriptionsAnswer
from bot.query.context import Context
from bot.settings import Settings
from bot.store.digest_store import DigestStore, DuplicateSubscription, SubscriptionRow

_CLI = Caller(platform="cli")


def run(ctx: Context, req: Request):
    settings = ctx.settings
    caller = req.caller or _CLI
    action, _, rest = req.text.partition(" ")
    action = action.lower() or "list"
    store = DigestStore(ctx.repo)
    if action == "subscribe":
        return _subscribe(ctx, store, settings, caller, rest.strip(), req.options)
    if req.options:
        raise errors.UserError(errors.NO_OPTIONS.format(name=f"digest {action}", option=sorted(req.options)[0]))
    if action == "list":
        return _list(store, caller)
    if action == "unsubscribe":
        return _unsubscribe(store, caller, rest.strip())
    if action in ("now", "preview"):
        return _now(ctx, store, settings, caller, rest.strip())
    raise errors.UserError(errors.DIGEST_USAGE)


def subscription_model(row: SubscriptionRow, now: float | None = None) -> Subscription:
    """A row as listed; one whose stored schedule cannot run is shown with the reason, never raised."""
    moment = datetime.fromtimestamp(time.time() if now is None else now, timezone.utc)
    problem = stored_problem(row.cron, row.tz, moment)
    if problem is not None:
        return Subscription(
            id=row.id,
            channel=row.channel,
            channel_name=row.channel_name,
            schedule=f"cron {shown(row.cron)} ({shown(row.tz)})",
            topic=row.topic,
            last_slot=row.last_slot.replace("T", " ") if row.last_slot else None,
            invalid=problem,
        )
    schedule = Schedule(row.cron, row.tz)
    return Subscription(
        id=row.id,
        channel=row.channel,
        channel_name=row.channel_name,
        schedule=schedule.describe(),
        topic=row.topic,
        next_at=schedule.next_after(moment).at.astimezone(schedule.zone).isoformat(timespec="minutes"),
        last_slot=row.last_slot.replace("T", " ") if row.last_slot else None,
    )


def _require_channel(caller: Caller) -> None:
    if not caller.channel:
        raise errors.UserError(errors.DIGEST_NO_CHANNEL)


def _require_rights(caller: Caller) -> None:
    if not caller.can_manage:
        raise errors.UserError(errors.DIGEST_NOT_ALLOWED)


def _label(caller: Caller) -> str:
    return caller.channel_name or caller.channel or "this channel"


def _subscribe(ctx: Context, store, settings: Settings, caller: Caller, rest: str, options: dict) -> SubscriptionsAnswer:
    _require_channel(caller)
    _require_rights(caller)
    schedule = parse_schedule(rest or None, options.get("at"), options.get("tz"), options.get("cron"), settings.digest_tz)
    now = time.time()
    check(schedule, datetime.fromtimestamp(now, timezone.utc), settings.digest_min_interval_minutes)
    topic = " ".join(options.get("topic", "").split()) or None
    try:
        row = store.subscribe(
            platform=caller.platform,
            workspace=caller.workspace or "",
            channel=caller.channel,
            channel_name=caller.channel_name,
            cron=schedule.cron,
            tz=schedule.tz,
            topic=topic,
            created_by=caller.user,
            now=now,
            watermark=now - settings.digest_first_window_hours * 3600,
        )
    except DuplicateSubscription as exc:
        old = exc.existing
        raise errors.UserError(
            errors.DIGEST_EXISTS.format(
                topic=f" on {old.topic!r}" if old.topic else "", id=old.id, schedule=subscription_model(old, now).schedule
            )
        ) from None
    sub = subscription_model(row, now)
    about = f" on {topic!r}" if topic else ""
    return SubscriptionsAnswer(
        message=f"Subscribed {_label(caller)} to a digest{about}, {sub.schedule}. The first one covers at most the "
        f"last {settings.digest_first_window_hours:g} hours.",
        subscriptions=[sub],
    )


def _own(store: DigestStore, caller: Caller) -> list[SubscriptionRow]:
    return store.subscriptions(platform=caller.platform, workspace=caller.workspace or "")


def _list(store: DigestStore, caller: Caller) -> SubscriptionsAnswer:
    rows = _own(store, caller)
    if not rows:
        return SubscriptionsAnswer(message=errors.DIGEST_NONE)
    subs = [subscription_model(r) for r in rows]
    return SubscriptionsAnswer(message=f"{len(subs)} digest subscription" + ("" if len(subs) == 1 else "s") + ":", subscriptions=subs)


def _unsubscribe(store: DigestStore, caller: Caller, rest: str) -> SubscriptionsAnswer:
    _require_rights(caller)
    own = _own(store, caller)
    if rest:
        number = rest.lstrip("#")
        target = next((r for r in own if number.isdigit() and r.id == int(number)), None)
        if target is None:
            raise errors.UserError(errors.DIGEST_UNKNOWN.format(id=rest))
    else:
        _require_channel(caller)
        here = [r for r in own if r.channel == caller.channel]
        if not here:
            raise errors.UserError(errors.DIGEST_NONE_HERE)
        if len(here) > 1:
            raise errors.UserError(errors.DIGEST_WHICH.format(ids=", ".join(f"#{r.id}" for r in here)))
        target = here[0]
    store.unsubscribe(target.id)
    name = target.channel_name or target.channel
    return SubscriptionsAnswer(message=f"Unsubscribed {name} from digest #{target.id}; nothing more will be posted.")


def _now(ctx: Context, store: DigestStore, settings: Settings, caller: Caller, rest: str):
    """The digest this channel would get now (its first subscription, or the one named)."""
    own = _own(store, caller)
    if rest:
        number = rest.lstrip("#")
        here = [r for r in own if number.isdigit() and r.id == int(number)]
        if not here:
            raise errors.UserError(errors.DIGEST_UNKNOWN.format(id=rest))
    else:
        here = [r for r in own if caller.channel and r.channel == caller.channel]
    return preview(ctx, store, settings, here[0] if here else None, channel=_label(caller) if caller.channel else None)


def preview(ctx: Context, store: DigestStore, settings: Settings, sub: SubscriptionRow | None, channel: str | None = None):
    """The digest ``sub`` would post now; with no subscription, what a new one would post first."""
    if sub is None:
        since = time.time() - settings.digest_first_window_hours * 3600
        answer, _ = compose_for(ctx, store, since, channel=channel, preview=True)
        return answer
    schedule = Schedule(sub.cron, sub.tz)
    answer, _ = compose_for(
        ctx, store, sub.watermark, topic=sub.topic, channel=sub.channel_name or sub.channel,
        schedule=schedule.describe(), preview=True,
    )
    return answer

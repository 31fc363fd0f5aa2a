"""One router for every platform: text or a typed request in, one answer model out.

Text goes through the parser first; a typed request (from Discord's options)
is checked the same way, then both are validated and dispatched alike. User
errors are answered plainly; anything unexpected is logged with its traceback
and answered with a short apology. The router never raises.
"""
from __future__ import annotations

import logging
import re
from dataclasses import replace

from bot import errors
from bot.commands.registry import ALL_OPTIONS, BY_NAME, QUESTION
from bot.commands.request import Caller, Request, check, parse
from bot.models import ErrorAnswer
from bot.query.context import Context

log = logging.getLogger(__name__)

# "@newsdesk what ...", "<@U123> what ...": the mention that delivered a question
_LEADING_MENTION = re.compile(r"^\s*(?:<@[^>]+>|@\S+)[\s,:]*")


def route(ctx: Context, asked: str | Request, caller: Caller | None = None):
    """The answer to ``asked``: a message as typed, or a typed ``Request`` (its caller replaced by ``caller`` if given)."""
    try:
        if isinstance(asked, Request):
            req = check(asked if caller is None else replace(asked, caller=caller))
        else:
            req = replace(parse(_LEADING_MENTION.sub("", asked or ""), ALL_OPTIONS), caller=caller)
        return _dispatch(ctx, req)
    except errors.UserError as exc:
        return ErrorAnswer(message=str(exc))
    except Exception:
        log.exception("failed to answer %r", asked)
        return ErrorAnswer(message=errors.APOLOGY)


def _dispatch(ctx: Context, req: Request):
    if req.command is None:
        return QUESTION(ctx, req)
    command = BY_NAME.get(req.command)
    if command is None:
        return ErrorAnswer(message=errors.UNKNOWN_COMMAND.format(name=req.command))
    stray = set(req.options) - command.options
    if stray:
        if not command.options:
            return ErrorAnswer(message=errors.NO_OPTIONS.format(name=command.name, option=sorted(stray)[0]))
        allowed = ", ".join(f"{o}:" for o in sorted(command.options))
        return ErrorAnswer(message=errors.UNKNOWN_OPTION.format(name=command.name, option=sorted(stray)[0], allowed=allowed))
    return command.handler(ctx, req)

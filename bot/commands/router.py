"""One router for every platform: text in, one answer model out.

User errors are answered plainly; anything unexpected is logged with its
traceback and answered with a short apology. The router never raises.
"""
from __future__ import annotations

import logging
import re
from dataclasses import replace

from bot import errors
from bot.commands.registry import ALL_OPTIONS, BY_NAME, QUESTION
from bot.commands.request import Caller, parse
from bot.models import ErrorAnswer
from bot.query.context import Context

log = logging.getLogger(__name__)

# "@newsdesk what ...", "<@U123> what ...": the mention that delivered a question
_LEADING_MENTION = re.compile(r"^\s*(?:<@[^>]+>|@\S+)[\s,:]*")


def route(ctx: Context, message: str, caller: Caller | None = None):
    try:
        req = replace(parse(_LEADING_MENTION.sub("", message or ""), ALL_OPTIONS), caller=caller)
        if req.command is None:
            return QUESTION(ctx, req)
        command = BY_NAME.get(req.command)
        if command is None:
            return ErrorAnswer(message=errors.UNKNOWN_COMMAND.format(name=req.command))
        stray = set(req.options) - command.options
        if stray:
            allowed = ", ".join(f"{o}:" for o in sorted(command.options))
            if not command.options:
                return ErrorAnswer(message=errors.NO_OPTIONS.format(name=command.name, option=sorted(stray)[0]))
            return ErrorAnswer(
                message=errors.UNKNOWN_OPTION.format(name=command.name, option=sorted(stray)[0], allowed=allowed)
            )
        return command.handler(ctx, req)
    except errors.UserError as exc:
        return ErrorAnswer(message=str(exc))
    except Exception:
        log.exception("failed to answer %r", message)
        return ErrorAnswer(message=errors.APOLOGY)

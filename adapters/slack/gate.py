"""The door of Slack's HTTP mode: every request is checked here before bolt sees it.

Anyone who can reach the port can send anything, so the checks come in the
order that costs an intruder the most and us the least:

1. the signature (``v0=`` HMAC-SHA256 of ``v0:{timestamp}:{body}`` with the
   signing secret) over the raw bytes, with a timestamp that is a number
   within five minutes: otherwise 401;
2. the body as Slack sends it: UTF-8, a form (a slash command), or JSON (an
   event), or a form whose ``payload`` is a JSON object (a button press),
   nested no deeper than Python's parser can read: otherwise 400.

A refusal is one short log line (who, why), never a traceback: a flood of
malformed requests cannot flood the log with more than that. A request that
passes goes to bolt as ``AsyncBoltRequest``, which verifies the signature
again (the same bytes, so the same answer).
"""
from __future__ import annotations

import hashlib
import hmac
import re
import time
from collections.abc import Mapping

from slack_bolt.request.async_request import AsyncBoltRequest

__all__ = ["Refused", "verify", "parse", "MAX_AGE_SECONDS"]

MAX_AGE_SECONDS = 5 * 60  # Slack: requests older than five minutes may be replays
_TIMESTAMP = re.compile(r"[0-9]{1,12}")


class Refused(Exception):
    """A request answered ``status`` without being handled; ``reason`` is the log's short line."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def verify(raw: bytes, headers: Mapping[str, str], secret: str, now: float | None = None) -> None:
    """Refused(401) unless ``raw`` carries Slack's signature made with ``secret`` within five minutes."""
    timestamp = headers.get("X-Slack-Request-Timestamp") or ""
    signature = headers.get("X-Slack-Signature") or ""
    if not timestamp or not signature:
        raise Refused(401, "unsigned")
    if not _TIMESTAMP.fullmatch(timestamp):
        raise Refused(401, "the timestamp is not a number")
    if abs((time.time() if now is None else now) - int(timestamp)) > MAX_AGE_SECONDS:
        raise Refused(401, "the timestamp is more than five minutes off")
    expected = "v0=" + hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + raw, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected.encode(), signature.encode("utf-8", "replace")):
        raise Refused(401, "bad signature")


def parse(raw: bytes, query: str, headers: Mapping[str, str]) -> AsyncBoltRequest:
    """The bolt request of a signed body; Refused(400) for a body that is not one Slack sends."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(400, "the body is not UTF-8") from None
    try:
        request = AsyncBoltRequest(body=text, query=query, headers=dict(headers))
    except RecursionError:
        raise Refused(400, "the body is nested too deep") from None
    except ValueError:  # json.JSONDecodeError among them
        raise Refused(400, "the body is not the JSON it claims to be") from None
    except Exception as exc:  # bolt read a field of an unexpected type while building its context
        raise Refused(400, f"malformed body ({type(exc).__name__})") from None
    if not isinstance(request.body, dict):
        raise Refused(400, "the body is not a JSON object")
    return request

"""Questions in plain words (an @mention, a DM, a console line): answered from the articles (``bot.qa``).

"who Witkoff" or "who is Witkoff?" asks for a person, not a fact: it gets the
/who card.
"""
from __future__ import annotations

import re
from dataclasses import replace

from bot import errors
from bot.commands import who
from bot.commands.request import Request
from bot.models import TextAnswer
from bot.qa.answer import answer_question
from bot.qa.intent import read_question
from bot.query.context import Context
from bot.query.person_match import index_for

# "who Witkoff", "who is Witkoff?", "who's Yury Ushakov", "tell me about Peskov"
_WHO_IS = re.compile(r"^(?:who(?:\s+is|\s+was|'s|’s)?|tell me about)\s+(?P<name>[^?]+?)\s*\??$", re.IGNORECASE)


def run(ctx: Context, req: Request):
    asked = _asks_for_person(ctx, req.text)
    if asked is not None:
        return who.run(ctx, replace(req, command="who", text=asked))
    intent = read_question(ctx, req.text)
    if not intent.terms and not intent.people and not intent.places:
        return TextAnswer(text=errors.NO_ANSWER.format(question=req.text), confident=False)
    return answer_question(ctx, req.text, intent)


def _asks_for_person(ctx: Context, text: str) -> str | None:
    """The name in "who is X?" when X is a person of the index (not "who leads the delegation?")."""
    m = _WHO_IS.match(" ".join(text.split()))
    if m is None:
        return None
    name = m.group("name").strip()
    words = name.split()
    if len(words) > 4 or not all(w[:1].isupper() for w in words if w.lower() not in ("de", "von", "van", "al")):
        return None
    found = index_for(ctx).match(name).found
    return name if found and not all(p.is_org for p in found) else None

"""What a command declares, once, for every platform: typed parameters, subcommands, who sees the answer.

``Command.request`` turns typed values (what Discord sends) into the same
``Request`` that ``parse`` makes of the command typed as text, without
reading the values as text: a query ``from: Moscow`` stays the query.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from bot.commands.request import Request

KINDS = frozenset({"text", "person", "date", "integer", "choice"})
AUDIENCES = frozenset({"everyone", "asker"})
MANAGE_DIGESTS = "manage digests"
RIGHTS = frozenset({MANAGE_DIGESTS})
DESCRIPTION_MAX = 100  # Discord's limit on command and option descriptions

# Bounds of a value when a parameter sets none: its length (text kinds) or its value (integer).
_BOUNDS: dict[str, tuple[int | None, int | None]] = {
    "text": (1, 200), "person": (1, 100), "date": (4, 10), "integer": (1, None), "choice": (None, None),
}


def _check_description(owner: str, description: str) -> None:
    if not 1 <= len(description) <= DESCRIPTION_MAX:
        raise ValueError(f"{owner}: description of {len(description)} characters (1 to {DESCRIPTION_MAX})")


@dataclass(frozen=True)
class Param:
    """One typed parameter.

    ``keyed`` parameters are written ``name: value`` in text (``by: Rudenko``);
    the others, in order, make up the command's argument text.
    """

    name: str
    kind: str  # one of KINDS
    description: str
    required: bool = False
    keyed: bool = False
    choices: tuple[tuple[str, str], ...] = ()  # (label, value)
    autocomplete: str | None = None  # "person": names from the index
    bounds: tuple[int | None, int | None] | None = None  # None: the kind's (see _BOUNDS)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"parameter {self.name!r}: kind {self.kind!r} is not one of {sorted(KINDS)}")
        if (self.kind == "choice") != bool(self.choices):
            raise ValueError(f"parameter {self.name!r}: choices go with kind 'choice', and only with it")
        if self.autocomplete not in (None, "person"):
            raise ValueError(f"parameter {self.name!r}: unknown autocomplete source {self.autocomplete!r}")
        _check_description(f"parameter {self.name!r}", self.description)

    @property
    def limits(self) -> tuple[int | None, int | None]:
        """(minimum, maximum): of the length for text kinds, of the value for an integer."""
        return self.bounds if self.bounds is not None else _BOUNDS[self.kind]


@dataclass(frozen=True)
class Subcommand:
    """``/digest subscribe``: a word after the command, with parameters of its own."""

    name: str
    description: str
    params: tuple[Param, ...] = ()
    rights: str | None = None  # one of RIGHTS, or None: anyone may

    def __post_init__(self) -> None:
        _check_description(f"subcommand {self.name!r}", self.description)
        if self.rights not in (None, *RIGHTS):
            raise ValueError(f"subcommand {self.name!r}: unknown rights {self.rights!r}")


@dataclass(frozen=True)
class Command:
    """A command: its words for /help, the Discord command picker and the Slack manifest, and its handler.

    ``audience``: "asker" when only the person who asked sees the answer.
    ``answer_kinds``: every ``kind`` of ``bot.models`` answer it may return.
    """

    name: str
    description: str
    usage: str
    example: str
    handler: Callable
    answer_kinds: frozenset[str]
    params: tuple[Param, ...] = ()
    subcommands: tuple[Subcommand, ...] = ()
    audience: str = "everyone"
    options: frozenset[str] = field(init=False)  # the keyed parameter names, of the command and its subcommands

    def __post_init__(self) -> None:
        _check_description(f"command {self.name!r}", self.description)
        if self.audience not in AUDIENCES:
            raise ValueError(f"command {self.name!r}: audience {self.audience!r} is not one of {sorted(AUDIENCES)}")
        if self.params and self.subcommands:
            raise ValueError(f"command {self.name!r}: parameters belong to its subcommands")
        every = [*self.params, *(p for s in self.subcommands for p in s.params)]
        object.__setattr__(self, "options", frozenset(p.name for p in every if p.keyed))

    def subcommand(self, name: str) -> Subcommand | None:
        return next((s for s in self.subcommands if s.name == name), None)

    def request(self, values: Mapping[str, object], subcommand: str | None = None) -> Request:
        """The request for typed ``values`` (parameter name → value; None or blank for an option left out).

        Argument parameters join, in their declared order, after the
        subcommand's name; keyed ones become options. Whitespace is
        collapsed as ``parse`` collapses it.
        """
        sub = self.subcommand(subcommand) if subcommand is not None else None
        if subcommand is not None and sub is None:
            raise ValueError(f"/{self.name} has no subcommand {subcommand!r}")
        params = sub.params if sub else self.params
        unknown = set(values) - {p.name for p in params}
        if unknown:
            raise ValueError(f"/{self.name} {subcommand or ''}: unknown parameters {sorted(unknown)}")
        given = {p.name: " ".join(str(values[p.name]).split()) for p in params if values.get(p.name) is not None}
        words = [subcommand or "", *(given.get(p.name, "") for p in params if not p.keyed)]
        options = {p.name: given[p.name] for p in params if p.keyed and given.get(p.name)}
        return Request(self.name, " ".join(w for w in words if w), options)

    def rights_for(self, req: Request) -> str | None:
        """The rights ``req`` needs: its subcommand's (the first word of its text), or None."""
        sub = self.subcommand(req.text.split(" ", 1)[0].lower()) if self.subcommands else None
        return sub.rights if sub else None

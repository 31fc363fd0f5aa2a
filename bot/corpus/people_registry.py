"""People across the corpus: one entry per person, with every spelling as an alias.

The per-article people (``article_people``) are clustered by ``bot.corpus.identity.cluster_people`` within their
name group (``identity.group_key``: a surname, an organisation's name), which never joins two groups; each
cluster becomes one row of ``persons`` with a canonical name, aliases, merged roles and affiliation, and the
search keys that ``/who`` matches against. An article stored or removed changes only the groups of the names it
mentions: ``refresh`` clusters those again and writes the persons and links that changed. A person's id comes
from its group and its first full name (or first mention), so it does not depend on the order articles came in.
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from collections.abc import Sequence

from bot.corpus.identity import canonical_name, clean_names, cluster_people, group_key, search_keys
from bot.extract.types import PersonEntity
from bot.store.backend import Row
from bot.store.corpus_rows import CorpusRows, CorpusWrites

_ID_BITS = 52  # ids stay exact as JSON numbers
_LONE = "x:"  # the group of a name without a surname: itself


def key_of(row: Row) -> str:
    return group_key(row["name"], bool(row["is_org"])) or f"{_LONE}{row['article_id']}:{row['local_id']}"


def refresh(rows: CorpusRows, writes: CorpusWrites, articles: set[str], groups: set[str], full: bool) -> set[int]:
    """Cluster again the name groups the stored or removed ``articles`` touch (``groups``: those their removed
    rows were in; every group with ``full``) and add what changed to ``writes``; returns the ids of the persons
    written or removed."""
    fresh = rows.repo.query("SELECT * FROM article_people") if full else rows.people_of(articles)
    keys = {}
    for r in fresh:
        keys[r["article_id"], r["local_id"]] = key = key_of(r)
        if r["group_key"] != key:
            writes.group_keys.append((key, r["article_id"], r["local_id"]))
    groups = set(groups) | set(keys.values())
    old = rows.repo.query("SELECT * FROM persons") if full else rows.persons_in(groups)
    members: dict[str, dict[tuple[str, int], Row]] = defaultdict(dict)
    for r in ([] if full else rows.people_in(groups)):
        members[r["group_key"]][r["article_id"], r["local_id"]] = r
    for r in fresh:
        key = keys[r["article_id"], r["local_id"]]
        members[key][r["article_id"], r["local_id"]] = r
    old_by_id = {r["id"]: r for r in old}
    taken = set()
    new_rows: dict[int, dict] = {}
    links: dict[tuple[str, int], int] = {}
    for key in sorted(members):
        for person, member_keys in _persons(key, [members[key][k] for k in sorted(members[key])]):
            person["id"] = _free_id(rows, person.pop("_identity"), taken, old_by_id)
            taken.add(person["id"])
            new_rows[person["id"]] = person
            for k in member_keys:
                links[k] = person["id"]
    changed: set[int] = set()
    for pid in old_by_id.keys() - new_rows.keys():
        writes.persons_removed.add(pid)
        changed.add(pid)
    for pid, person in new_rows.items():
        before = old_by_id.get(pid)
        if before is None or any(before[c] != person[c] for c in person):
            writes.persons.append(person)
            changed.add(pid)
    for key, group in members.items():
        for k, r in group.items():
            if r["person_id"] != links.get(k):
                writes.person_links.append((links.get(k), k[0], k[1]))
    return changed


def _free_id(rows: CorpusRows, identity: str, taken: set[int], old: dict[int, Row]) -> int:
    """The id of the person ``identity`` names: from its hash, the next free one in the rare case of a clash
    with a person of another group."""
    digest = int.from_bytes(hashlib.blake2b(identity.encode("utf-8"), digest_size=8).digest(), "little")
    pid = digest & ((1 << _ID_BITS) - 1) or 1
    while pid in taken or (pid not in old and rows.person_ids([pid])):
        pid = pid % ((1 << _ID_BITS) - 1) + 1
    return pid


def _persons(key: str, rows: Sequence[Row]) -> list[tuple[dict, list[tuple[str, int]]]]:
    """The persons of one name group (its rows in article and local id order), each with its members."""
    entities = [
        PersonEntity(
            name=r["name"],
            aliases=json.loads(r["aliases"]),
            roles=json.loads(r["roles"]),
            affiliation=r["affiliation"],
            is_org=bool(r["is_org"]),
        )
        for r in rows
    ]
    cluster_ids = cluster_people(entities)
    written = clean_names(entities)  # "Presidents Donald Trump" is shown as Donald Trump
    clusters: dict[int, list[int]] = defaultdict(list)
    for i, cid in enumerate(cluster_ids):
        clusters[cid].append(i)
    found = []
    for _, idxs in sorted(clusters.items()):
        names: list[str] = []
        aliases: set[str] = set()
        roles: Counter[str] = Counter()
        role_form: dict[str, str] = {}
        affiliations: Counter[str] = Counter()
        mentions = 0
        for i in idxs:
            e, r = entities[i], rows[i]
            weight = max(1, r["mentions"])
            names.extend([written[i]] * weight)
            aliases.update([written[i], *e.aliases])
            for role in e.roles:
                role_key = role.casefold()
                roles[role_key] += 1
                role_form.setdefault(role_key, role)
            if e.affiliation:
                affiliations[e.affiliation] += 1
            mentions += r["mentions"]
        name = canonical_name(names)
        keys: set[str] = set()
        for alias in aliases | {name}:
            keys.update(search_keys(alias))
        full_names = sorted(written[i] for i in idxs if len(written[i].split()) > 1)
        first = full_names[0] if full_names else f"{rows[idxs[0]]['article_id']}:{rows[idxs[0]]['local_id']}"
        person = {
            "_identity": f"{key}\x00{first}",
            "name": name,
            "aliases": json.dumps(sorted(a for a in aliases if a != name)),
            "roles": json.dumps([role_form[k] for k, _ in roles.most_common()]),
            "affiliation": affiliations.most_common(1)[0][0] if affiliations else None,
            "is_org": int(entities[idxs[0]].is_org),
            "keys": json.dumps(sorted(keys)),
            "mentions": mentions,
            "group_key": key,
        }
        found.append((person, [(rows[i]["article_id"], rows[i]["local_id"]) for i in idxs]))
    return found

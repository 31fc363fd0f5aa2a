"""People across the corpus: one entry per person, with every spelling as an alias.

The per-article people (``article_people``) are clustered by
``bot.corpus.identity.cluster_people``; each cluster becomes one row of ``persons``
with a canonical name, aliases, merged roles and affiliation, and the search
keys that ``/who`` matches against.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict

from bot.corpus.identity import canonical_name, clean_names, cluster_people, search_keys
from bot.extract.types import PersonEntity
from bot.store.repository import Repository


def rebuild(repo: Repository) -> None:
    rows = repo.article_people()
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
    cluster_ids = cluster_people(entities) if entities else []
    written = clean_names(entities)  # "Presidents Donald Trump" is shown as Donald Trump
    members: dict[int, list[int]] = defaultdict(list)
    for i, cid in enumerate(cluster_ids):
        members[cid].append(i)
    persons, links = [], []
    for person_id, (cid, idxs) in enumerate(sorted(members.items()), start=1):
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
                key = role.casefold()
                roles[key] += 1
                role_form.setdefault(key, role)
            if e.affiliation:
                affiliations[e.affiliation] += 1
            mentions += r["mentions"]
            links.append((person_id, r["article_id"], r["local_id"]))
        name = canonical_name(names)
        keys: set[str] = set()
        for alias in aliases | {name}:
            keys.update(search_keys(alias))
        persons.append(
            {
                "id": person_id,
                "name": name,
                "aliases": json.dumps(sorted(a for a in aliases if a != name)),
                "roles": json.dumps([role_form[k] for k, _ in roles.most_common()]),
                "affiliation": affiliations.most_common(1)[0][0] if affiliations else None,
                "is_org": int(entities[idxs[0]].is_org),
                "keys": json.dumps(sorted(keys)),
                "mentions": mentions,
            }
        )
    repo.replace_persons(persons, links)

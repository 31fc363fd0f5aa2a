"""Union-find with member lists: the grouping behind stories, people and events."""
from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

T = TypeVar("T", bound=Hashable)


class DisjointSets(Generic[T]):
    def __init__(self, items: Iterable[T]) -> None:
        self.parent: dict[T, T] = {i: i for i in items}
        self.members: dict[T, list[T]] = {i: [i] for i in self.parent}

    def find(self, item: T) -> T:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:  # path compression
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: T, b: T) -> T:
        """Join the groups of ``a`` and ``b``; returns the new root (the larger group's)."""
        a, b = self.find(a), self.find(b)
        if a == b:
            return a
        if len(self.members[a]) < len(self.members[b]):
            a, b = b, a
        self.parent[b] = a
        self.members[a].extend(self.members.pop(b))
        return a

    def group(self, item: T) -> list[T]:
        return self.members[self.find(item)]

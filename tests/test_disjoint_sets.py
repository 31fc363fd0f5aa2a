from bot.disjoint_sets import DisjointSets


def test_union_find_keeps_members():
    sets = DisjointSets("abcde")
    sets.union("a", "b")
    sets.union("d", "e")
    sets.union("b", "e")
    assert sorted(sets.group("a")) == ["a", "b", "d", "e"]
    assert sets.find("a") == sets.find("e") != sets.find("c")
    assert sets.group("c") == ["c"]

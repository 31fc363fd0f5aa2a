"""Every data file loads through the one loader and has the expected shape."""
from __future__ import annotations

import pytest

from bot import wordlists


@pytest.mark.parametrize("name", wordlists.names())
def test_word_list_is_a_mapping_of_data(name):
    data = wordlists.load(name)
    assert data, f"{name}.yaml is empty"
    for key, value in data.items():
        assert isinstance(key, str)
        assert value is not None, f"{name}.yaml: {key} has no value"


def test_unknown_word_list_is_a_clear_error():
    with pytest.raises(wordlists.WordListError, match="no word list named"):
        wordlists.load("no-such-list")

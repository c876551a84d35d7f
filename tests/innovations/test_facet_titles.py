"""The facet index's titles, held as UTF-8 in one buffer."""

import copy

from innovations.facets.titles import Titles

KEYS = ["zèbre", "école", "eau", "Ørsted", "東京", "eé", "", "abc", "ab"]


def test_titles_sort_as_the_strings_do():
    titles = Titles(KEYS)
    by_bytes = sorted(range(len(KEYS)), key=titles.__getitem__)
    assert [KEYS[p] for p in by_bytes] == sorted(KEYS)
    assert [titles[p].decode() for p in range(len(KEYS))] == KEYS


def test_replaced_titles_are_packed_away_and_every_title_kept():
    titles = Titles(KEYS)
    for n in range(5000):
        titles[n % len(KEYS)] = f"title {n}"
    assert len(titles.text) <= 2 * titles.live + 4096
    expected = [f"title {n}" for n in range(5000 - len(KEYS), 5000)]
    assert sorted(titles[p].decode() for p in range(len(KEYS))) == sorted(expected)


def test_a_copy_is_changed_apart_from_its_original():
    titles = Titles(KEYS)
    titles.insert(1, "inserted")
    other = copy.copy(titles)
    other[0] = "changed"
    assert (titles[0], titles[1], other[0], len(other)) == (
        b"z\xc3\xa8bre",
        b"inserted",
        b"changed",
        len(KEYS) + 1,
    )


def test_a_copy_shares_the_text_and_neither_sees_the_others_changes():
    titles = Titles(["alpha", "beta"])
    other = copy.copy(titles)
    assert other.text is titles.text
    other[0] = "gamma"
    for n in range(3000):  # enough to pack the copy's buffer into a new one
        other[1] = f"title {n}"
    assert (titles[0], titles[1]) == (b"alpha", b"beta")
    assert (other[0], other[1]) == (b"gamma", b"title 2999")

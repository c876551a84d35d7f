"""Paging through a search sorted by title or year: the cases of a result in an order,
the same whether the order is walked case by case (a dense result) or selected from at
once (a sparse one)."""

import random
from array import array

import pytest

from innovations.facets import bits


def _expected(order, members, offset, limit):
    return [p for p in order if p in members][offset : offset + limit]


@pytest.mark.parametrize("density", [0.0, 0.0005, 0.01, 0.3, 1.0])
def test_both_ways_give_the_page_of_the_order(density):
    rng = random.Random(density)
    size = 20_000
    order = array("i", rng.sample(range(size), size))
    members = {p for p in range(size) if rng.random() < density}
    found = bits.bitmap(members, size)
    for offset, limit in [(0, 20), (20, 20), (40, 20), (0, 1), (len(members) - 3, 20), (0, size)]:
        want = _expected(order, members, max(offset, 0), limit)
        assert bits.in_order(order, found, size, max(offset, 0), limit) == want
        assert bits._walk(order, found, size, max(offset, 0), limit) == want


def test_the_order_is_walked_only_when_the_result_is_dense(monkeypatch):
    size = 10_000
    order = array("i", range(size))
    walks = []
    walk = bits._walk
    monkeypatch.setattr(bits, "_walk", lambda *args: walks.append(1) or walk(*args))
    assert bits.in_order(order, bits.bitmap(range(0, size, 2), size), size, 0, 20) == list(
        range(0, 40, 2)
    )
    assert walks == [1]
    assert bits.in_order(order, bits.bitmap([9_990, 9_999], size), size, 0, 20) == [9_990, 9_999]
    assert walks == [1]  # two cases in 10,000: selected at once

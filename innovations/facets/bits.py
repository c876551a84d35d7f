"""Bitmaps held as Python ints (bit p is the case in slot p), and a case's place in
publication order, as the facet index keeps them."""

import zlib
from array import array
from datetime import UTC, datetime

import numpy as np


def bitmap(positions, size: int) -> int:
    buffer = bytearray((size + 7) // 8)
    for p in positions:
        buffer[p >> 3] |= 1 << (p & 7)
    return int.from_bytes(buffer, "little")


def slot_bitmap(slots: np.ndarray, size: int) -> int:
    """The bitmap of these slots (a numpy array of them)."""
    flags = np.zeros(((size + 7) // 8) * 8, dtype=bool)
    flags[slots] = True
    return int.from_bytes(np.packbits(flags, bitorder="little").tobytes(), "little")


def option_bitmaps(rows, slot_of: array, size: int) -> dict[str, int]:
    """Each value's bitmap, from (case id, value) rows; a case without a slot (not
    published: a facet group may give such rows) is left out. Case ids are gathered per
    value in arrays, not lists of Python ints: a million cases give tens of millions of
    rows."""
    members: dict[str, array] = {}
    for pk, value in rows:
        ids = members.get(value)
        if ids is None:
            ids = members[value] = array("q")
        ids.append(pk)
    slots = np.frombuffer(slot_of, dtype=np.int32)
    found = {}
    for value, ids in members.items():
        pks = np.frombuffer(ids, dtype=np.int64)
        placed = slots[pks[pks < len(slots)]]
        found[str(value)] = slot_bitmap(placed[placed >= 0], size)
    return found


def slot_flags(bits: int, size: int) -> np.ndarray:
    """A bitmap as one boolean per slot."""
    raw = np.frombuffer(bits.to_bytes((size + 7) // 8, "little"), dtype=np.uint8)
    return np.unpackbits(raw, bitorder="little")[:size].astype(bool)


def newest_positions(bits: int, offset: int = 0, limit: int | None = None) -> list[int]:
    """The set bits from the top (the newest case) down, from the offset-th, at most limit."""
    text = bin(bits)[2:] if bits else ""
    top = len(text) - 1
    found, start, seen = [], 0, 0
    while limit is None or len(found) < limit:
        start = text.find("1", start)
        if start < 0:
            break
        if seen >= offset:
            found.append(top - start)
        seen += 1
        start += 1
    return found


def timestamp(value) -> float:
    """A datetime as the driver gives it (datetime, or ISO text on SQLite), in seconds."""
    if value is None:
        return float("-inf")
    if isinstance(value, str):
        value = datetime.fromisoformat(value).replace(tzinfo=UTC)
    return value.timestamp()


def publication_key(row) -> tuple:
    """A case's place in publication order (as `InnovationQuerySet.newest`, reversed)."""
    return (timestamp(row[1]), timestamp(row[2]), row[0])


def clear_bit(bits: int, p: int) -> int:
    return bits & ~(1 << p) if bits >> p & 1 else bits


def version(updated_at) -> int:
    """A short, stable version of a case (the same in every worker, unlike hash())."""
    return zlib.crc32(str(updated_at).encode())


# Walk the order case by case when this many steps should find the page (a dense
# result); otherwise select from the whole order at once (~0.3 ms at 100,000 cases,
# where a walk over a sparse result took up to 7 ms; the two cost the same at ~3,000
# steps).
WALK_AT_MOST = 3000


def in_order(order: array, bits: int, size: int, offset: int, limit: int) -> list[int]:
    """The slots of `order` whose bit is set, from the offset-th, at most `limit`."""
    count = bits.bit_count()
    if not count or limit <= 0 or offset >= count:
        return []
    if (offset + limit) * len(order) <= WALK_AT_MOST * count:
        return _walk(order, bits, size, offset, limit)
    slots = np.frombuffer(order, dtype=np.intc)
    return slots[slot_flags(bits, size)[slots]][offset : offset + limit].tolist()


def _walk(order: array, bits: int, size: int, offset: int, limit: int) -> list[int]:
    # Test bits in a bytes copy: shifting a 100,000-bit int per case would be slow.
    flags = bits.to_bytes((size + 7) // 8, "little")
    found: list[int] = []
    seen = 0
    for p in order:
        if flags[p >> 3] >> (p & 7) & 1:
            if seen >= offset:
                found.append(p)
                if len(found) == limit:
                    break
            seen += 1
    return found

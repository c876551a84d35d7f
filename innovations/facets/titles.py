"""Slot -> a case's title as it sorts, held as UTF-8 in one buffer.

A list of strings costs ~100 bytes a case (an object each, and its pointer); this costs
the text itself and 8 bytes. Keys are bytes: UTF-8 keeps the order of code points, so
they sort as the strings do. A changed title is appended and the old bytes are left
behind until they are as many as the live ones; then the buffer is packed again, into
a new one. So the buffer's written bytes never change, and a copy (the facet index is
copied at every write) shares it: it copies 8 bytes a case, not the text.
"""

from array import array


class Titles:
    def __init__(self, keys=()):
        self.text = bytearray()
        self.starts = array("I")
        self.lengths = array("I")
        self.live = 0  # bytes of the buffer still pointed at
        for key in keys:
            self.append(key)

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, p: int) -> bytes:
        start = self.starts[p]
        return bytes(self.text[start : start + self.lengths[p]])

    def __setitem__(self, p: int, key: str) -> None:
        self.live -= self.lengths[p]
        self.starts[p], self.lengths[p] = self._add(key)
        if len(self.text) > 2 * self.live + 4096:
            self._pack()

    def append(self, key: str) -> None:
        start, length = self._add(key)
        self.starts.append(start)
        self.lengths.append(length)

    def insert(self, p: int, key: str) -> None:
        start, length = self._add(key)
        self.starts.insert(p, start)
        self.lengths.insert(p, length)

    def __copy__(self) -> "Titles":
        new = Titles()
        new.text, new.live = self.text, self.live  # shared: only ever appended to
        new.starts, new.lengths = self.starts[:], self.lengths[:]
        return new

    def _add(self, key: str) -> tuple[int, int]:
        data = key.encode()
        start = len(self.text)
        self.text += data
        self.live += len(data)
        return start, len(data)

    def _pack(self) -> None:
        keys = [self[p] for p in range(len(self))]
        self.text, self.live = bytearray(), 0
        for p, key in enumerate(keys):
            self.starts[p], self.lengths[p] = len(self.text), len(key)
            self.text += key
            self.live += len(key)

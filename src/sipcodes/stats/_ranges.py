"""Cutting a large classic pcap file into byte ranges that can be counted apart (and on different machines).

A range is read as a pcap file of its own: the file's 24-byte header, then the records from the first record that
begins at or after the range's start to the last one that begins before the next range's start. Record starts are
found by looking for a run of plausible record headers (lengths within the snapshot length, a sub-second field in
range, times close together), the same way for both neighbours of a boundary, so every record belongs to exactly
one range. Other formats (pcapng, gzip'd files, text) are counted whole.
"""

from __future__ import annotations

import io
import os
import struct

from ..capture._detect import PCAP_MAGICS

#: Files larger than this are cut into ranges of this size (by default).
SPLIT_BYTES = 128 << 20
_HEADER = 24
_CHAIN = 8  # records that must follow one another plausibly for a position to count as a record start
_WINDOW = 4 << 20
_MAX_RECORD = 1 << 18


def plan(path: str, split_bytes: int | None) -> list[object]:
    """`path` itself, or `(path, start, end)` ranges when it is a local classic pcap larger than `split_bytes`."""
    if not split_bytes or "://" in path:
        return [path]
    try:
        size = os.path.getsize(path)
        if size <= split_bytes:
            return [path]
        with open(path, "rb") as handle:
            magic = handle.read(4)
    except OSError:
        return [path]  # counting it will report the error
    if magic not in PCAP_MAGICS:
        return [path]
    return [(path, start, min(start + split_bytes, size)) for start in range(0, size, split_bytes)]


class _Layout:
    def __init__(self, header: bytes) -> None:
        order, nano = PCAP_MAGICS[header[:4]]
        self.record = struct.Struct(order + "IIII")
        self.snaplen = struct.unpack_from(order + "I", header, 16)[0] or _MAX_RECORD
        self.fraction_limit = 1_000_000_000 if nano else 1_000_000


def _record_start(handle, layout: _Layout, offset: int, size: int) -> int:
    """The first offset at or after `offset` where a run of plausible records begins (`size` when none does)."""
    if offset <= _HEADER:
        return _HEADER
    while offset < size:
        handle.seek(offset)
        window = handle.read(_WINDOW)
        if not window:
            return size
        # a run must fit in the window, unless the window reaches the end of the file
        at_end = offset + len(window) >= size
        limit = len(window) if at_end else len(window) - _CHAIN * (_MAX_RECORD + 16)
        for i in range(limit):
            if _plausible_run(window, i, layout, offset + i, size):
                return offset + i
        offset += limit
    return size


def _plausible_run(window: bytes, i: int, layout: _Layout, absolute: int, size: int) -> bool:
    unpack = layout.record.unpack_from
    first_seconds = None
    for _ in range(_CHAIN):
        if absolute == size:
            return True  # the run ends exactly where the file does
        if i + 16 > len(window):
            return first_seconds is not None
        seconds, fraction, captured, original = unpack(window, i)
        if (fraction >= layout.fraction_limit or captured == 0 or captured > layout.snaplen
                or captured > original or original > max(layout.snaplen, _MAX_RECORD)):
            return False
        if first_seconds is None:
            first_seconds = seconds
        elif abs(seconds - first_seconds) > 86_400:
            return False
        i += 16 + captured
        absolute += 16 + captured
        if absolute > size:
            return False
    return True


class PcapRange(io.RawIOBase):
    """A byte range of a classic pcap file, read as a whole pcap file (header, then the range's records)."""

    def __init__(self, path: str, start: int, end: int) -> None:
        self._handle = open(path, "rb")
        header = self._handle.read(_HEADER)
        layout = _Layout(header)
        size = os.fstat(self._handle.fileno()).st_size
        self.start = _record_start(self._handle, layout, start, size)
        self.end = size if end >= size else _record_start(self._handle, layout, end, size)
        self.end = max(self.end, self.start)
        self._pending = header
        self._handle.seek(self.start)
        self._left = self.end - self.start
        self.name = path

    def readable(self) -> bool:
        return True

    def readinto(self, target) -> int:  # type: ignore[override]
        if self._pending:
            n = min(len(target), len(self._pending))
            target[:n] = self._pending[:n]
            self._pending = self._pending[n:]
            return n
        if self._left <= 0:
            return 0
        data = self._handle.read(min(len(target), self._left))
        self._left -= len(data)
        target[:len(data)] = data
        return len(data)

    def close(self) -> None:
        self._handle.close()
        super().close()

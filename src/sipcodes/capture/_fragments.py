"""Puts IP fragments back together, holding a bounded number of partial datagrams for a bounded time."""

from __future__ import annotations

from collections import Counter

MAX_PARTIALS = 1024
MAX_DATAGRAM = 65535 + 8
TIMEOUT = 30.0  # seconds of capture time; IPv4 hosts give up after 15 to 120 s


class _Partial:
    __slots__ = ("pieces", "total", "started", "count")

    def __init__(self, started: float) -> None:
        self.pieces: list[tuple[int, bytes]] = []
        self.total = -1
        self.started = started
        self.count = 0


class Reassembler:
    """Collects fragments per (source, destination, id, protocol); drops and counts what never completes."""

    def __init__(self, skipped: Counter[str]) -> None:
        self._partials: dict[tuple, _Partial] = {}
        self._skipped = skipped

    def add(self, key: tuple, offset: int, more: bool, data: bytes, time: float) -> bytes | None:
        """Add one fragment; return the whole datagram's payload when this fragment completes it."""
        partials = self._partials
        partial = partials.get(key)
        if partial is None:
            self._expire(time)
            partial = partials[key] = _Partial(time)
        partial.count += 1
        end = offset + len(data)
        if end > MAX_DATAGRAM:
            del partials[key]
            self._skipped["ip-fragment-invalid"] += partial.count
            return None
        partial.pieces.append((offset, data))
        if not more:
            partial.total = end
        if partial.total < 0:
            return None
        pieces = sorted(partial.pieces, key=lambda piece: piece[0])
        covered = 0
        for start, piece in pieces:
            if start > covered:
                return None
            covered = max(covered, start + len(piece))
        if covered < partial.total:
            return None
        whole = bytearray(partial.total)
        for start, piece in pieces:
            whole[start : start + len(piece)] = piece
        del partials[key]
        return bytes(whole[: partial.total])

    def _expire(self, now: float) -> None:
        partials = self._partials
        while partials:
            key = next(iter(partials))
            partial = partials[key]
            if len(partials) < MAX_PARTIALS and now - partial.started <= TIMEOUT:
                break
            del partials[key]
            self._skipped["ip-fragment-incomplete"] += partial.count

    def finish(self) -> None:
        """Count every fragment still waiting for its missing pieces."""
        for partial in self._partials.values():
            self._skipped["ip-fragment-incomplete"] += partial.count
        self._partials.clear()

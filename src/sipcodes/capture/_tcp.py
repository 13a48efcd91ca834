"""Reassembles each TCP stream in sequence order (retransmissions, overlaps, mid-stream starts) into SIP messages."""

from __future__ import annotations

from collections import Counter

from ._sipframing import SipStream

_MOD = 1 << 32
_HALF = 1 << 31
SYN = 0x02
FIN = 0x01
RST = 0x04
MAX_STREAMS = 16384  # directions followed at once; the oldest is dropped beyond
MAX_OUT_OF_ORDER = 256 * 1024  # bytes held ahead of a hole before the hole is given up on


class _Direction:
    __slots__ = ("next_seq", "ahead", "ahead_bytes", "sip")

    def __init__(self, next_seq: int, sip: SipStream) -> None:
        self.next_seq = next_seq
        self.ahead: dict[int, bytes] = {}
        self.ahead_bytes = 0
        self.sip = sip


class TcpReassembler:
    """Feeds segments per (src, dst) direction; returns the SIP messages each segment completes."""

    def __init__(self, skipped: Counter[str]) -> None:
        self._streams: dict[tuple[str, str], _Direction] = {}
        # where recently closed directions ended, so data retransmitted after a FIN is not read as a new stream
        self._closed: dict[tuple[str, str], int] = {}
        self._skipped = skipped

    def add(self, key: tuple[str, str], seq: int, flags: int, payload: bytes) -> list[bytes]:
        streams = self._streams
        stream = streams.get(key)
        skipped = self._skipped
        if flags & SYN and not (stream is not None and stream.next_seq == (seq + 1) % _MOD):
            if stream is not None:
                self._close(key, stream)
            stream = streams[key] = _Direction((seq + 1) % _MOD, SipStream(skipped, at_start=True))
            seq = (seq + 1) % _MOD
        elif flags & SYN:
            seq = (seq + 1) % _MOD  # a retransmitted SYN
        elif stream is None:
            if not payload:
                skipped["tcp-no-payload"] += 1
                return []
            ended = self._closed.get(key)
            if ended is not None and (ended - seq - len(payload)) % _MOD < _HALF:  # ends before the close
                skipped["tcp-retransmission"] += 1
                return []
            if len(streams) >= MAX_STREAMS:
                self._close(next(iter(streams)), streams[next(iter(streams))])
            stream = streams[key] = _Direction(seq, SipStream(skipped, at_start=False))
        messages: list[bytes] = []
        if stream.sip.not_sip:
            skipped["tcp-not-sip"] += 1
        elif payload:
            messages = self._segment(stream, seq, payload)
        elif not flags & (FIN | RST | SYN):
            skipped["tcp-no-payload"] += 1
        if flags & (FIN | RST):
            self._close(key, stream)
        return messages

    def _segment(self, stream: _Direction, seq: int, payload: bytes) -> list[bytes]:
        relative = (seq - stream.next_seq) % _MOD
        if relative >= _HALF:
            relative -= _MOD
        if relative < 0:
            if -relative >= len(payload):
                self._skipped["tcp-retransmission"] += 1
                return []
            payload = payload[-relative:]
            seq = stream.next_seq
        elif relative > 0:
            held = stream.ahead.get(seq)
            if held is None or len(held) < len(payload):
                stream.ahead[seq] = payload
                stream.ahead_bytes += len(payload) - (len(held) if held else 0)
            if stream.ahead_bytes <= MAX_OUT_OF_ORDER:
                return []
            # the hole will not be filled: skip to the first held segment and resynchronise there
            self._skipped["tcp-gap"] += 1
            stream.sip.lost()
            stream.next_seq = min(stream.ahead, key=lambda s: (s - stream.next_seq) % _MOD)
            return self._drain(stream, [])
        stream.next_seq = (seq + len(payload)) % _MOD
        messages = stream.sip.feed(payload)
        if stream.ahead:
            messages = self._drain(stream, messages)
        return messages

    def _drain(self, stream: _Direction, messages: list[bytes]) -> list[bytes]:
        ahead = stream.ahead
        progressed = True
        while ahead and progressed:
            progressed = False
            for seq in list(ahead):
                relative = (seq - stream.next_seq) % _MOD
                if relative >= _HALF:
                    relative -= _MOD
                if relative > 0:
                    continue
                payload = ahead.pop(seq)
                stream.ahead_bytes -= len(payload)
                if -relative < len(payload):
                    payload = payload[-relative:] if relative else payload
                    stream.next_seq = (stream.next_seq + len(payload)) % _MOD
                    messages.extend(stream.sip.feed(payload))
                progressed = True
        return messages

    def _close(self, key: tuple[str, str], stream: _Direction) -> None:
        if stream.ahead or (not stream.sip.not_sip and stream.sip.leftover()):
            self._skipped["tcp-incomplete-message"] += 1
        del self._streams[key]
        closed = self._closed
        closed.pop(key, None)
        closed[key] = stream.next_seq
        if len(closed) > MAX_STREAMS:
            del closed[next(iter(closed))]

    def finish(self) -> None:
        """Count every message still waiting for its end when the capture stops."""
        for key, stream in list(self._streams.items()):
            self._close(key, stream)

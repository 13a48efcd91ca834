"""Reads the packet records of a classic pcap file (either byte order, micro- or nanosecond timestamps)."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from typing import BinaryIO

from ._detect import PCAP_MAGICS
from ._model import CapturedMessage, ReadStats

try:
    # the record loop in C: decodes plain IPv4/UDP SIP datagrams itself, hands every other frame over unchanged
    from .._speedups import pcap_records as _native_records
except ImportError:  # built without a C compiler
    _native_records = None

CHUNK = 1 << 20
# a record longer than this is corruption, not a packet (libpcap's own ceiling is 256 KiB)
MAX_RECORD = 1 << 18

Frame = tuple[float, int, bytes]


def read_pcap(head: bytes, stream: BinaryIO, stats: ReadStats,
              batched: bool = False) -> Iterator[Frame | CapturedMessage | list[CapturedMessage]]:
    """Yield ``(time, link type, frame bytes)`` per record; a cut or corrupt tail is counted and ends the read.

    With the native record loop, a plain IPv4/UDP datagram that starts like SIP comes already decoded, as the
    CapturedMessage that `messages_from_frames` would make of its frame; with `batched`, a run of records that
    all came decoded is yielded as one list of them."""
    order, nano = PCAP_MAGICS[head[:4]]
    link_type = struct.unpack_from(order + "I", head, 20)[0] & 0x0FFFFFFF
    divisor = 1e9 if nano else 1e6
    record = struct.Struct(order + "IIII")
    unpack = record.unpack_from
    buf = head[24:]
    pos = 0
    skipped = stats.skipped
    native = _native_records
    little = order == "<"
    while True:
        if native is not None:
            # every whole record in the buffer; the loop below then reads the one it stopped at, if any
            items, pos, frames = native(buf, pos, little, nano, link_type, MAX_RECORD, CapturedMessage)
            stats.packets += len(items)
            if batched and not frames:
                if items:
                    yield items
            else:
                yield from items
        if len(buf) - pos < 16:
            buf = buf[pos:] + stream.read(CHUNK)
            pos = 0
            if len(buf) < 16:
                if buf:
                    skipped["truncated-file"] += 1
                return
        seconds, fraction, captured, _ = unpack(buf, pos)
        if captured > MAX_RECORD:
            skipped["corrupt-record"] += 1
            return
        start = pos + 16
        end = start + captured
        if end > len(buf):
            buf = buf[pos:] + stream.read(max(CHUNK, captured + 16))
            pos = 0
            start = 16
            end = start + captured
            if end > len(buf):
                skipped["truncated-file"] += 1
                return
        stats.packets += 1
        yield seconds + fraction / divisor, link_type, buf[start:end]
        pos = end

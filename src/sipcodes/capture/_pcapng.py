"""Reads the packets of a pcapng file: every section, each interface with its own link type and time unit."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from typing import BinaryIO

from ._model import ReadStats

CHUNK = 1 << 20
MAX_BLOCK = 1 << 24
_SECTION_HEADER = 0x0A0D0D0A
_INTERFACE = 1
_OBSOLETE_PACKET = 2
_SIMPLE_PACKET = 3
_ENHANCED_PACKET = 6
_BYTE_ORDER_MAGIC = 0x1A2B3C4D

Frame = tuple[float, int, bytes]
_BLOCK_HEADER = {order: struct.Struct(order + "II").unpack_from for order in "<>"}
_ENHANCED_HEADER = {order: struct.Struct(order + "IIIII").unpack_from for order in "<>"}


class _Interface:
    __slots__ = ("link_type", "snap_length", "divisor", "offset")

    def __init__(self, link_type: int, snap_length: int) -> None:
        self.link_type = link_type
        self.snap_length = snap_length
        self.divisor = 1e6  # if_tsresol absent: microseconds
        self.offset = 0


def _interface(body: bytes, order: str) -> _Interface:
    link_type, _, snap_length = struct.unpack_from(order + "HHI", body, 0)
    interface = _Interface(link_type, snap_length)
    pos = 8
    while pos + 4 <= len(body):
        code, length = struct.unpack_from(order + "HH", body, pos)
        value = body[pos + 4 : pos + 4 + length]
        if code == 0:
            break
        if code == 9 and length >= 1:  # if_tsresol: 10^-n, or 2^-n when the top bit is set
            exponent = value[0] & 0x7F
            if value[0] & 0x80:
                interface.divisor = float(1 << exponent)
            else:
                interface.divisor = 10.0**exponent
        elif code == 14 and length == 8:  # if_tsoffset: seconds added to every timestamp
            interface.offset = struct.unpack(order + "q", value)[0]
        pos += 4 + ((length + 3) & ~3)
    return interface


def read_pcapng(head: bytes, stream: BinaryIO, stats: ReadStats) -> Iterator[Frame]:
    """Yield ``(time, link type, frame bytes)`` per packet block; a cut or corrupt tail is counted and ends it."""
    buf = head
    pos = 0
    order = "<"
    interfaces: list[_Interface] = []
    timing: list[tuple[int, float, int]] = []  # per interface: link type, time units per second, time offset
    skipped = stats.skipped
    block_header = _BLOCK_HEADER["<"]
    enhanced = _ENHANCED_HEADER["<"]
    while True:
        if len(buf) - pos < 12:
            buf = buf[pos:] + stream.read(CHUNK)
            pos = 0
            if len(buf) < 12:
                if buf:
                    skipped["truncated-file"] += 1
                return
        block_type, length = block_header(buf, pos)
        if block_type == _ENHANCED_PACKET and 32 <= length <= len(buf) - pos and not length & 3:
            # the common case, read straight from the buffer
            interface_id, high, low, captured, _ = enhanced(buf, pos + 8)
            start = pos + 28
            end = start + captured
            if end <= pos + length - 4 and interface_id < len(timing):
                pos += length
                stats.packets += 1
                link_type, divisor, offset = timing[interface_id]
                yield offset + ((high << 32) | low) / divisor, link_type, buf[start:end]
                continue
        if block_type == _SECTION_HEADER:
            magic = buf[pos + 8 : pos + 12]
            if magic == b"\x4d\x3c\x2b\x1a":
                order = "<"
            elif magic == b"\x1a\x2b\x3c\x4d":
                order = ">"
            else:
                skipped["corrupt-record"] += 1
                return
            interfaces = []
            timing = []
            block_header = _BLOCK_HEADER[order]
            enhanced = _ENHANCED_HEADER[order]
        length = struct.unpack_from(order + "I", buf, pos + 4)[0]
        if length < 12 or length % 4 or length > MAX_BLOCK:
            skipped["corrupt-record"] += 1
            return
        if len(buf) - pos < length:
            buf = buf[pos:] + stream.read(max(CHUNK, length))
            pos = 0
            if len(buf) < length:
                skipped["truncated-file"] += 1
                return
        body = buf[pos + 8 : pos + length - 4]
        pos += length
        if block_type == _ENHANCED_PACKET or block_type == _OBSOLETE_PACKET:
            stats.packets += 1
            if block_type == _ENHANCED_PACKET:
                if len(body) < 20:
                    skipped["corrupt-record"] += 1
                    continue
                interface_id, high, low, captured, _ = struct.unpack_from(order + "IIIII", body, 0)
            else:
                if len(body) < 20:
                    skipped["corrupt-record"] += 1
                    continue
                interface_id, _, high, low, captured, _ = struct.unpack_from(order + "HHIIII", body, 0)
            if interface_id >= len(interfaces) or captured > len(body) - 20:
                skipped["corrupt-record"] += 1
                continue
            interface = interfaces[interface_id]
            units = (high << 32) | low
            time = interface.offset + units / interface.divisor
            yield time, interface.link_type, body[20 : 20 + captured]
        elif block_type == _SIMPLE_PACKET:
            stats.packets += 1
            if not interfaces or len(body) < 4:
                skipped["corrupt-record"] += 1
                continue
            original = struct.unpack_from(order + "I", body, 0)[0]
            captured = min(original, len(body) - 4)
            if interfaces[0].snap_length:
                captured = min(captured, interfaces[0].snap_length)
            # a simple packet block carries no timestamp
            yield 0.0, interfaces[0].link_type, body[4 : 4 + captured]
        elif block_type == _INTERFACE:
            if len(body) < 8:
                skipped["corrupt-record"] += 1
                return
            interfaces.append(_interface(body, order))
            timing.append((interfaces[-1].link_type, interfaces[-1].divisor, interfaces[-1].offset))

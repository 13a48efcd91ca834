"""Reads a file or stream of HEPv3 (Homer encapsulation) packets, each carrying one captured message."""

from __future__ import annotations

import ipaddress
import struct
import zlib
from collections.abc import Iterator
from typing import BinaryIO

from ._model import CapturedMessage, ReadStats
from ._sipframing import is_sip

CHUNK = 1 << 20
_TRANSPORTS = {17: "udp", 6: "tcp", 132: "sctp"}
_SIP = 1  # HEP "protocol type" of SIP payloads


def _address(value: bytes) -> str:
    if len(value) == 4:
        return str(ipaddress.IPv4Address(value))
    if len(value) == 16:
        return f"[{ipaddress.IPv6Address(value)}]"
    return "?"


def decode_hep(packet: bytes, stats: ReadStats) -> CapturedMessage | None:
    """The SIP message in one HEPv3 packet (``packet`` starts with ``HEP3``), or None (counted as skipped)."""
    pos = 6
    end = len(packet)
    src = dst = "?"
    src_port = dst_port = 0
    seconds = micros = 0
    protocol = 0
    kind = _SIP
    payload = None
    while pos + 6 <= end:
        vendor, chunk_type, length = struct.unpack_from("!HHH", packet, pos)
        if length < 6 or pos + length > end:
            stats.skipped["hep-malformed"] += 1
            return None
        value = packet[pos + 6 : pos + length]
        pos += length
        if vendor != 0:
            continue
        if chunk_type == 2 and length == 7:
            protocol = value[0]
        elif chunk_type in (3, 5):
            src = _address(value)
        elif chunk_type in (4, 6):
            dst = _address(value)
        elif chunk_type == 7 and length == 8:
            src_port = struct.unpack("!H", value)[0]
        elif chunk_type == 8 and length == 8:
            dst_port = struct.unpack("!H", value)[0]
        elif chunk_type == 9 and length == 10:
            seconds = struct.unpack("!I", value)[0]
        elif chunk_type == 10 and length == 10:
            micros = struct.unpack("!I", value)[0]
        elif chunk_type == 11 and length == 7:
            kind = value[0]
        elif chunk_type == 15:
            payload = value
        elif chunk_type == 16:
            try:
                payload = zlib.decompressobj(47).decompress(value, 1 << 22)
            except zlib.error:
                stats.skipped["hep-malformed"] += 1
                return None
    if payload is None or kind != _SIP or not is_sip(payload):
        stats.skipped["hep-not-sip"] += 1
        return None
    return CapturedMessage(
        seconds + micros / 1e6,
        f"{src}:{src_port}",
        f"{dst}:{dst_port}",
        _TRANSPORTS.get(protocol, "hep"),
        bytes(payload),
    )


def read_hep(head: bytes, stream: BinaryIO, stats: ReadStats) -> Iterator[CapturedMessage]:
    """Yield the SIP message of each HEPv3 packet; stops (counting the damage) where the packets stop."""
    buf = head
    pos = 0
    while True:
        if len(buf) - pos < 6:
            buf = buf[pos:] + stream.read(CHUNK)
            pos = 0
            if len(buf) < 6:
                if buf.strip(b"\r\n\x00"):
                    stats.skipped["truncated-file"] += 1
                return
        if buf[pos : pos + 4] != b"HEP3":
            stats.skipped["corrupt-record"] += 1
            return
        length = struct.unpack_from("!H", buf, pos + 4)[0]
        if length < 6:
            stats.skipped["corrupt-record"] += 1
            return
        if len(buf) - pos < length:
            buf = buf[pos:] + stream.read(CHUNK)
            pos = 0
            if len(buf) < length:
                stats.skipped["truncated-file"] += 1
                return
        stats.packets += 1
        message = decode_hep(buf[pos : pos + length], stats)
        pos += length
        if message is not None:
            stats.messages += 1
            yield message

"""Decodes link-layer frames down to SIP messages: IPv4/IPv6, fragments, UDP datagrams and TCP streams."""

from __future__ import annotations

import socket
import struct
from collections.abc import Iterable, Iterator

from ._fragments import Reassembler
from ._link import ETHERNET, ip_offset
from ._model import CapturedMessage, ReadStats
from ._sipframing import START_LINE, not_sip_reason
from ._tcp import TcpReassembler

_IPV4 = struct.Struct("!BBHHHBBH4s4s")
_IPV6 = struct.Struct("!IHBB16s16s")
_PORTS = struct.Struct("!HH")
_TCP = struct.Struct("!HHIIH")
_UDP, _TCP_PROTOCOL = 17, 6
# IPv6 extension headers that sit between the fixed header and the transport: hop-by-hop, routing,
# destination options, mobility, HIP, shim6 (8-octet units) and AH (4-octet units); fragment handled apart
_IPV6_EXTENSIONS = {0, 43, 60, 135, 139, 140}
_IPV6_AH = 51
_IPV6_FRAGMENT = 44

try:
    # the same decoding in C for a plain IPv4/UDP packet, the bulk of most captures (None for anything else)
    from .._speedups import udp4 as _native_udp4
except ImportError:  # built without a C compiler
    _native_udp4 = None

_ipv4_names: dict[bytes, str] = {}
_ipv6_names: dict[bytes, str] = {}


def _ipv4(address: bytes) -> str:
    name = _ipv4_names.get(address)
    if name is None:
        if len(_ipv4_names) > 65536:
            _ipv4_names.clear()
        name = _ipv4_names[address] = socket.inet_ntoa(address)
    return name


def _ipv6(address: bytes) -> str:
    name = _ipv6_names.get(address)
    if name is None:
        if len(_ipv6_names) > 65536:
            _ipv6_names.clear()
        name = _ipv6_names[address] = "[" + socket.inet_ntop(socket.AF_INET6, address) + "]"
    return name


def messages_from_frames(
    frames: Iterable[tuple[float, int, bytes] | CapturedMessage], stats: ReadStats
) -> Iterator[CapturedMessage]:
    """Yield the SIP messages carried by ``frames`` (time, link type, bytes); count every frame not used.
    A CapturedMessage among them (a frame the native reader decoded), or a list of them, is passed on as it is."""
    skipped = stats.skipped
    fragments = Reassembler(skipped)
    tcp = TcpReassembler(skipped)
    start_line = START_LINE.match
    unpack_ipv4 = _IPV4.unpack_from
    ipv4_name = _ipv4_names.get
    udp4 = _native_udp4
    for item in frames:
        # decoded already by the native record loop: a list of messages (`batched`), or one
        if type(item) is list:
            stats.messages += len(item)
            yield item  # type: ignore[misc]
            continue
        if len(item) == 5:
            stats.messages += 1
            yield item  # type: ignore[misc]
            continue
        time, link_type, frame = item
        if link_type == ETHERNET and len(frame) > 14 and frame[12] == 8 and frame[13] == 0:
            offset = 14  # the common case, decided without a call
        else:
            offset = ip_offset(link_type, frame)
            if offset < 0:
                skipped["unsupported-link-type" if offset == -2 else "not-ip"] += 1
                continue
        version = frame[offset] >> 4 if len(frame) > offset else 0
        if version == 4:
            plain = udp4(frame, offset) if udp4 is not None else None
            if plain is not None:
                src, dst, data = plain
                if start_line(data) is None:
                    skipped["udp-hep" if data[:4] == b"HEP3" else not_sip_reason(data)] += 1
                    continue
                stats.messages += 1
                yield CapturedMessage(time, src, dst, "udp", data)
                continue
            if len(frame) < offset + 20:
                skipped["truncated-packet"] += 1
                continue
            first, _, total, ident, flags_fragment, _, protocol, _, source, destination = unpack_ipv4(frame, offset)
            header = (first & 15) * 4
            if total == 0:  # sent with TCP segmentation offload: the length is the frame's
                total = len(frame) - offset
            end = offset + total
            if header < 20 or end > len(frame) or total < header:
                skipped["truncated-packet"] += 1
                continue
            src_ip = ipv4_name(source) or _ipv4(source)
            dst_ip = ipv4_name(destination) or _ipv4(destination)
            if flags_fragment & 0x3FFF:
                whole = fragments.add(
                    (source, destination, ident, protocol),
                    (flags_fragment & 0x1FFF) * 8,
                    bool(flags_fragment & 0x2000),
                    frame[offset + header : end],
                    time,
                )
                if whole is None:
                    continue
                payload = whole
                start = 0
                end = len(whole)
            else:
                payload = frame
                start = offset + header
        elif version == 6:
            if len(frame) < offset + 40:
                skipped["truncated-packet"] += 1
                continue
            _, length, protocol, _, source, destination = _IPV6.unpack_from(frame, offset)
            start = offset + 40
            end = start + length
            if end > len(frame):
                skipped["truncated-packet"] += 1
                continue
            src_ip = _ipv6(source)
            dst_ip = _ipv6(destination)
            payload = frame
            fragment = None
            while protocol in _IPV6_EXTENSIONS or protocol == _IPV6_AH or protocol == _IPV6_FRAGMENT:
                if start + 8 > end:
                    break
                if protocol == _IPV6_FRAGMENT:
                    offset_flags, ident = struct.unpack_from("!HI", frame, start + 2)
                    fragment = (offset_flags & 0xFFF8, bool(offset_flags & 1), ident)
                    protocol = frame[start]
                    start += 8
                elif protocol == _IPV6_AH:
                    protocol, size = frame[start], (frame[start + 1] + 2) * 4
                    start += size
                else:
                    protocol, size = frame[start], (frame[start + 1] + 1) * 8
                    start += size
            if start > end:
                skipped["truncated-packet"] += 1
                continue
            if fragment is not None and (fragment[0] or fragment[1]):
                whole = fragments.add(
                    (source, destination, fragment[2], protocol), fragment[0], fragment[1], frame[start:end], time
                )
                if whole is None:
                    continue
                payload = whole
                start = 0
                end = len(whole)
        else:
            skipped["not-ip"] += 1
            continue

        if protocol == _UDP:
            if end - start < 8:
                skipped["truncated-packet"] += 1
                continue
            source_port, destination_port = _PORTS.unpack_from(payload, start)
            data = payload[start + 8 : end]
            if start_line(data) is None:
                if data[:4] == b"HEP3":
                    skipped["udp-hep"] += 1
                else:
                    skipped[not_sip_reason(data)] += 1
                continue
            stats.messages += 1
            yield CapturedMessage(time, f"{src_ip}:{source_port}", f"{dst_ip}:{destination_port}", "udp", data)
        elif protocol == _TCP_PROTOCOL:
            if end - start < 20:
                skipped["truncated-packet"] += 1
                continue
            source_port, destination_port, seq, _, offset_flags = _TCP.unpack_from(payload, start)
            data_start = start + (offset_flags >> 12) * 4
            if data_start > end:
                skipped["truncated-packet"] += 1
                continue
            src = f"{src_ip}:{source_port}"
            dst = f"{dst_ip}:{destination_port}"
            for message in tcp.add((src, dst), seq, offset_flags & 0x3F, payload[data_start:end]):
                stats.messages += 1
                yield CapturedMessage(time, src, dst, "tcp", message)
        else:
            skipped["not-udp-or-tcp"] += 1
    fragments.finish()
    tcp.finish()

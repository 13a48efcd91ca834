"""Small captures made in the tests: a classic pcap (raw IPv4, UDP) holding the SIP messages given."""

from __future__ import annotations

import socket
import struct

START = 1764758400.0  # 2025-12-03 10:40:00 UTC


def _ipv4_udp(src: str, dst: str, payload: bytes) -> bytes:
    (src_ip, src_port), (dst_ip, dst_port) = (a.rsplit(":", 1) for a in (src, dst))
    udp = struct.pack("!HHHH", int(src_port), int(dst_port), 8 + len(payload), 0) + payload
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 1, 0, 64, 17, 0,
                         socket.inet_aton(src_ip), socket.inet_aton(dst_ip))
    checksum = sum(struct.unpack("!10H", header))
    while checksum > 0xFFFF:
        checksum = (checksum & 0xFFFF) + (checksum >> 16)
    header = header[:10] + struct.pack("!H", ~checksum & 0xFFFF) + header[12:]
    return header + udp


def pcap(packets: list[tuple[float, str, str, bytes]]) -> bytes:
    """A pcap file (link type 101, raw IP) of (time offset in seconds, "ip:port" source, destination, payload)."""
    out = [struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 101)]
    for offset, src, dst, payload in packets:
        frame = _ipv4_udp(src, dst, payload)
        moment = START + offset
        out.append(struct.pack("<IIII", int(moment), round((moment % 1) * 1_000_000), len(frame), len(frame)))
        out.append(frame)
    return b"".join(out)


def _message(start_line: str, headers: list[str]) -> bytes:
    return ("\r\n".join([start_line, *headers, "Content-Length: 0", "", ""])).encode("utf-8")


def busy_call(call_id: str = "busy-1@10.0.0.1", retry_after: str = "300", reason_extra: str = "") -> bytes:
    """One INVITE answered 486 Busy Here (with Retry-After) after a retransmission, then ACKed."""
    alice, bob = "10.0.0.1:5060", "10.0.0.2:5060"
    common = [f"Call-ID: {call_id}", "From: <sip:alice@example.com>;tag=a1", "Max-Forwards: 70"]
    invite = _message("INVITE sip:bob@example.com SIP/2.0", [
        "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-1", *common, "To: <sip:bob@example.com>",
        "CSeq: 1 INVITE", "Contact: <sip:alice@10.0.0.1:5060>"])
    trying = _message("SIP/2.0 100 Trying", [
        "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-1", *common, "To: <sip:bob@example.com>",
        "CSeq: 1 INVITE"])
    busy = _message("SIP/2.0 486 Busy Here" + reason_extra, [
        "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-1", *common, "To: <sip:bob@example.com>;tag=b1",
        "CSeq: 1 INVITE", f"Retry-After: {retry_after}"])
    ack = _message("ACK sip:bob@example.com SIP/2.0", [
        "Via: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK-1", *common, "To: <sip:bob@example.com>;tag=b1",
        "CSeq: 1 ACK"])
    return pcap([(0.0, alice, bob, invite), (0.5, alice, bob, invite), (0.51, bob, alice, trying),
                 (1.2, bob, alice, busy), (1.21, alice, bob, ack)])

"""The capture reader on real captures (tests/data/captures, see its README) and on crafted edge cases."""

from __future__ import annotations

import gzip
import io
import json
import re
import shutil
import struct
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sipcodes.capture import CaptureError, CapturedMessage, ReadStats, detect, read

CAPTURES = Path(__file__).parent / "data" / "captures"
EXPECTED = json.loads((CAPTURES / "expected.json").read_text())
HAS_TSHARK = shutil.which("tshark") is not None
CALL_ID = re.compile(rb"\n(?:Call-ID|i)[ \t]*:[ \t]*([^\r\n]+)", re.IGNORECASE)
CONTENT_LENGTH = re.compile(rb"\n(?:Content-Length|l)[ \t]*:[ \t]*(\d+)", re.IGNORECASE)


def call_ids(messages):
    return [CALL_ID.search(message.data).group(1).decode() for message in messages]


def read_all(source):
    stats = ReadStats()
    return list(read(source, stats=stats)), stats


def tshark(path, *fields):
    out = subprocess.run(
        ["tshark", "-r", str(path), "-Y", "sip", "-T", "fields", *[a for f in fields for a in ("-e", f)]],
        capture_output=True, text=True,
    ).stdout
    return [line.split("\t") for line in out.splitlines()]


# ---- crafted captures -------------------------------------------------------------------------------------------

def pcap(frames, link_type=1, order="<"):
    """A classic pcap file of ``frames`` (bytes, or (time, bytes)), one second apart unless given."""
    out = [struct.pack(order + "IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, link_type)]
    for number, frame in enumerate(frames):
        time, frame = frame if isinstance(frame, tuple) else (1_700_000_000 + number, frame)
        out.append(struct.pack(order + "IIII", int(time), round(time % 1 * 1e6), len(frame), len(frame)) + frame)
    return b"".join(out)


def ipv4(protocol, payload, src=b"\x0a\x00\x00\x01", dst=b"\x0a\x00\x00\x02", ident=1, fragment=0):
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(payload), ident, fragment, 64, protocol, 0, src, dst)
    return b"\x00" * 12 + b"\x08\x00" + header + payload


def udp(payload, sport=5060, dport=5060, **ip):
    return ipv4(17, struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload, **ip)


def tcp(payload, seq, flags=0x18, sport=40000, dport=5060):
    return ipv4(6, struct.pack("!HHIIHHHH", sport, dport, seq, 0, (5 << 12) | flags, 65535, 0, 0) + payload)


def sip_message(number, body=b""):
    return (
        b"OPTIONS sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/TCP 10.0.0.1:40000;branch=z9hG4bK" + str(number).encode()
        + b"\r\nCall-ID: call-" + str(number).encode() + b"\r\nCSeq: 1 OPTIONS\r\n"
        + (b"l: " if number % 2 else b"Content-Length: ") + str(len(body)).encode() + b"\r\n\r\n" + body
    )


STREAM_MESSAGES = [sip_message(n, b"v=0\r\n" * n) for n in range(6)]
STREAM = b"".join(STREAM_MESSAGES)


def tcp_capture(cuts, retransmit=(), order=None):
    """The STREAM sent after a SYN as TCP segments cut at ``cuts``, in ``order`` (a permutation of segment
    numbers) or in sequence; segments numbered in ``retransmit`` are sent twice."""
    bounds = [0, *sorted(set(cuts)), len(STREAM)]
    segments = [tcp(STREAM[start:end], 1000 + start) for start, end in zip(bounds, bounds[1:])]
    frames = [tcp(b"", 999, flags=0x02)]
    for number in order if order is not None else range(len(segments)):
        if number < len(segments):
            frames += [segments[number]] * (2 if number in retransmit else 1)
    return pcap(frames)


# ---- every format, link type, IP version and transport, against tshark ------------------------------------------

@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_reader_finds_the_messages_tshark_finds(name):
    messages, stats = read_all(CAPTURES / name)
    assert call_ids(messages) == EXPECTED[name]
    for message in messages:  # each record is one whole message: its body is as long as Content-Length says
        head, _, body = message.data.partition(b"\r\n\r\n")
        assert len(body) == int(CONTENT_LENGTH.search(head).group(1))
    assert stats.messages == len(messages)


@pytest.mark.skipif(not HAS_TSHARK, reason="tshark is not installed (.ci/run installs it)")
@pytest.mark.parametrize("name", sorted(name for name in EXPECTED if not name.endswith(".hep")))
def test_committed_expectations_are_what_tshark_sees(name):
    seen = [call_id for (field,) in tshark(CAPTURES / name, "sip.Call-ID") for call_id in field.split(",")]
    assert seen == EXPECTED[name]


@pytest.mark.skipif(not HAS_TSHARK, reason="tshark is not installed (.ci/run installs it)")
@pytest.mark.parametrize("name", ["udp4.pcap", "udp4-nanoseconds.pcap", "udp4.pcapng", "udp6.pcapng", "sll.pcap",
                                  "udp4-fragments.pcap", "raw101.pcap"])
def test_times_and_addresses_match_tshark(name):
    messages, _ = read_all(CAPTURES / name)
    rows = tshark(CAPTURES / name, "frame.time_epoch", "ip.src", "ipv6.src", "udp.srcport", "ip.dst", "ipv6.dst",
                  "udp.dstport")
    assert len(rows) == len(messages)
    for message, (time, src4, src6, sport, dst4, dst6, dport) in zip(messages, rows):
        assert message.time == pytest.approx(float(time), abs=1e-6)
        assert message.src == (f"{src4}:{sport}" if src4 else f"[{src6}]:{sport}")
        assert message.dst == (f"{dst4}:{dport}" if dst4 else f"[{dst6}]:{dport}")
        assert message.transport == "udp"


def test_formats_are_detected_from_content_not_names(tmp_path):
    assert detect(CAPTURES / "udp4.pcap") == "pcap"
    assert detect(CAPTURES / "udp4.pcapng") == "pcapng"
    assert detect(CAPTURES / "udp4.pcapng.gz") == "pcapng"
    assert detect(CAPTURES / "udp4.hep") == "hep"
    misnamed = tmp_path / "trace.txt"
    misnamed.write_bytes((CAPTURES / "udp4-bigendian.pcap").read_bytes())
    assert detect(misnamed) == "pcap"
    log = tmp_path / "trace.pcap"
    log.write_bytes(b"2026-01-01 10:00:00 received from udp:10.0.0.1:5060\nINVITE sip:bob@example.com SIP/2.0\n")
    assert detect(log) == "text"
    messages, stats = read_all(log)
    assert stats.format == "text-sip"  # a text is read as text whatever its name (tests/test_capture_text.py)
    assert [m.data for m in messages] == [b"INVITE sip:bob@example.com SIP/2.0\r\n\r\n"]
    assert messages[0].time is None and stats.skipped["text-not-sip-line"] == 1


def test_nanosecond_big_endian_and_hep_copies_give_the_same_records():
    reference, _ = read_all(CAPTURES / "udp4.pcap")
    for name in ("udp4-nanoseconds.pcap", "udp4-bigendian.pcap", "vlan.pcap", "null.pcap", "loop.pcap"):
        assert read_all(CAPTURES / name)[0] == reference
    hep, stats = read_all(CAPTURES / "udp4.hep")
    assert stats.format == "hep"
    assert hep == reference  # derive.py copied time, addresses, ports and payload into each HEP packet


def test_pcapng_sections_with_their_own_byte_order_time_unit_and_block_kinds():
    reference, _ = read_all(CAPTURES / "udp4.pcap")
    messages, stats = read_all(CAPTURES / "two-sections.pcapng")
    half = len(reference) // 2
    # section 1: big-endian, nanosecond timestamps; section 2: simple packet blocks, which carry no time
    assert [m.time for m in messages[:half]] == pytest.approx([m.time for m in reference[:half]], abs=1e-6)
    assert [m.time for m in messages[half:]] == [0.0] * (len(reference) - half)
    assert [m[1:] for m in messages] == [m[1:] for m in reference]
    assert stats.packets == len(reference) and not stats.skipped


def pcapng_block(block_type, body):
    body += b"\x00" * (-len(body) % 4)
    return struct.pack("<II", block_type, 12 + len(body)) + body + struct.pack("<I", 12 + len(body))


def test_pcapng_interfaces_with_their_own_time_units():
    def interface(link_type, resolution):
        option = struct.pack("<HH", 9, 1) + bytes([resolution, 0, 0, 0]) + struct.pack("<HH", 0, 0)
        return pcapng_block(1, struct.pack("<HHI", link_type, 0, 0) + option)

    def packet(interface_id, units, frame):
        return pcapng_block(6, struct.pack("<IIIII", interface_id, units >> 32, units & 0xFFFFFFFF, len(frame),
                                           len(frame)) + frame)

    ethernet, raw = udp(sip_message(1)), udp(sip_message(2))[14:]
    data = b"".join([
        pcapng_block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1)),
        interface(1, 6),  # Ethernet, microseconds
        interface(101, 0x80 | 10),  # raw IP, 1/1024 s
        packet(0, 1_700_000_000_250_000, ethernet),
        packet(1, 1_700_000_001 * 1024 + 512, raw),
    ])
    messages, stats = read_all(data)
    assert call_ids(messages) == ["call-1", "call-2"]
    assert [m.time for m in messages] == [1_700_000_000.25, 1_700_000_001.5]


@pytest.mark.parametrize("length", [12, 16, 28])
def test_pcapng_packet_block_too_short_for_its_fields_is_counted(length):
    section = pcapng_block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
    interface = pcapng_block(1, struct.pack("<HHI", 1, 0, 0))
    short = struct.pack("<II", 6, length) + b"\x00" * (length - 12) + struct.pack("<I", length)
    messages, stats = read_all(section + interface + short)
    assert messages == [] and stats.skipped["corrupt-record"] == 1


def test_ipv6_addresses_are_bracketed_and_transports_named():
    udp6, _ = read_all(CAPTURES / "udp6.pcapng")
    assert {m.src for m in udp6} == {"[::1]:5071", "[::1]:5070"}
    tcp6, _ = read_all(CAPTURES / "tcp6.pcapng")
    assert {m.transport for m in tcp6} == {"tcp"} and tcp6[0].dst == "[::1]:5070"


def test_two_interfaces_with_their_own_link_types():
    data = (CAPTURES / "two-interfaces.pcapng").read_bytes()
    link_types, pos = [], 0
    while pos < len(data):  # walk the little-endian blocks; interface description blocks have type 1
        block_type, length = struct.unpack_from("<II", data, pos)
        if block_type == 1:
            link_types.append(struct.unpack_from("<H", data, pos + 8)[0])
        pos += length
    assert link_types == [1, 276]  # Ethernet, Linux cooked v2
    messages, stats = read_all(CAPTURES / "two-interfaces.pcapng")
    single, _ = read_all(CAPTURES / "udp4.pcapng")
    assert len(messages) == 2 * len(single) == stats.packets  # every packet seen on lo and on any


# ---- damaged input ----------------------------------------------------------------------------------------------

def test_truncated_capture_yields_its_good_part_and_counts_the_damage():
    messages, stats = read_all(CAPTURES / "udp4-truncated.pcap")
    whole, _ = read_all(CAPTURES / "udp4.pcap")
    assert 0 < len(messages) < len(whole) and messages == whole[: len(messages)]
    assert stats.skipped["truncated-file"] == 1


@pytest.mark.parametrize("name", ["udp4.pcapng", "tcp4.pcapng", "udp4.hep"])
def test_cut_in_the_middle_of_a_packet(name):
    data = (CAPTURES / name).read_bytes()
    whole, _ = read_all(data)
    messages, stats = read_all(data[: len(data) // 2 + 7])
    assert 0 < len(messages) < len(whole)
    assert call_ids(messages) == call_ids(whole)[: len(messages)]
    assert stats.skipped["truncated-file"] == 1


def test_cut_gzip_yields_its_good_part():
    raw = (CAPTURES / "udp4.pcap").read_bytes()
    compressed = gzip.compress(raw + raw[24:] * 199, compresslevel=1)
    messages, stats = read_all(compressed[: len(compressed) // 2])
    assert 0 < len(messages) < 200 * len(EXPECTED["udp4.pcap"])
    assert stats.skipped["truncated-file"] >= 1


@pytest.mark.parametrize("data, message", [
    (b"", "empty"),
    (bytes(range(256)) * 4, "not a capture"),
    (b"\x1f\x8b\x08\x00garbage-after-gzip-magic", "gzip"),
    (b"\xd4\xc3\xb2\xa1\x02\x00", "cut off"),
])
def test_not_a_capture_is_a_one_line_error(data, message):
    with pytest.raises(CaptureError, match=message) as error:
        read(data)
    assert "\n" not in str(error.value)


def test_missing_file_is_a_capture_error(tmp_path):
    with pytest.raises(CaptureError, match="cannot open"):
        read(tmp_path / "missing.pcap")


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=2000))
def test_random_bytes_raise_nothing_but_capture_error(data):
    try:
        list(read(data))
    except CaptureError:
        pass


@settings(max_examples=300, deadline=None)
@given(prefix=st.sampled_from(["udp4.pcap", "udp4.pcapng", "udp4.hep", "tcp4.pcapng"]), cut=st.integers(0, 3000),
       noise=st.binary(max_size=600))
def test_damaged_captures_raise_nothing_but_capture_error(prefix, cut, noise):
    data = (CAPTURES / prefix).read_bytes()
    cut = min(cut, len(data))
    try:
        list(read(data[:cut] + noise + data[cut + len(noise):]))
    except CaptureError:
        pass


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([1, 2, 3, 5, 6, 0x0A0D0D0A]), st.integers(0, 120),
                          st.binary(max_size=120)), max_size=8))
def test_pcapng_blocks_of_any_length_raise_nothing_but_capture_error(blocks):
    data = pcapng_block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
    for block_type, length, content in blocks:
        data += struct.pack("<II", block_type, length) + content
    try:
        list(read(data))
    except CaptureError:
        pass


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 20), st.integers(0, 40), st.binary(max_size=40)), max_size=12))
def test_hep_chunks_of_any_length_raise_nothing_but_capture_error(chunks):
    body = b"".join(struct.pack("!HHH", 0, kind, length) + value for kind, length, value in chunks)
    try:
        list(read(b"HEP3" + struct.pack("!H", min(6 + len(body), 65535)) + body))
    except CaptureError:
        pass


# ---- UDP and IP details -----------------------------------------------------------------------------------------

def test_udp_payloads_that_are_not_sip_are_skipped_by_reason():
    stun = struct.pack("!HHI", 1, 0, 0x2112A442) + b"\x00" * 12
    rtp = bytes([0x80, 0x00]) + b"\x00" * 170
    frames = [udp(b"\r\n\r\n"), udp(stun), udp(rtp), udp(b"hello"), udp(sip_message(1)), b"\x00" * 12 + b"\x08\x06"]
    messages, stats = read_all(pcap(frames))
    assert call_ids(messages) == ["call-1"]
    assert stats.packets == 6
    assert stats.skipped == {"udp-keepalive": 1, "udp-stun": 1, "udp-rtp": 1, "udp-not-sip": 1, "not-ip": 1}


def test_ipv4_length_zero_from_segmentation_offload_means_the_whole_frame():
    frame = bytearray(udp(sip_message(3)))
    frame[16:18] = b"\x00\x00"  # what a capture on the sending host shows when the NIC fills the length in
    messages, _ = read_all(pcap([bytes(frame)]))
    assert call_ids(messages) == ["call-3"]


def test_fragments_are_reassembled_and_incomplete_ones_counted():
    messages, _ = read_all(CAPTURES / "udp4-fragments.pcap")
    assert max(len(m.data) for m in messages) > 400  # more than the 400-byte MTU the capture was made with
    datagram = struct.pack("!HHHH", 5060, 5060, 8 + len(STREAM_MESSAGES[5]), 0) + STREAM_MESSAGES[5]
    first, second = datagram[:96], datagram[96:]
    frames = [
        ipv4(17, second, ident=7, fragment=96 // 8),  # out of order
        ipv4(17, first, ident=7, fragment=0x2000),
        ipv4(17, first, ident=8, fragment=0x2000),  # its second half never comes
    ]
    messages, stats = read_all(pcap(frames))
    assert call_ids(messages) == ["call-5"]
    assert stats.skipped["ip-fragment-incomplete"] == 1


def ipv6_fragment(payload, offset, more, ident=9):
    """An Ethernet/IPv6 frame with a hop-by-hop options header, then a fragment header, then ``payload``."""
    hop_by_hop = bytes([44, 0]) + b"\x01\x04\x00\x00\x00\x00"  # next: fragment; PadN option
    fragment = bytes([17, 0]) + struct.pack("!HI", offset | more, ident)
    body = hop_by_hop + fragment + payload
    header = struct.pack("!IHBB16s16s", 6 << 28, len(body), 0, 64, b"\x20\x01" + b"\x00" * 13 + b"\x01",
                         b"\x20\x01" + b"\x00" * 13 + b"\x02")
    return b"\x00" * 12 + b"\x86\xdd" + header + body


def test_ipv6_extension_headers_and_fragments():
    datagram = struct.pack("!HHHH", 5062, 5060, 8 + len(STREAM_MESSAGES[4]), 0) + STREAM_MESSAGES[4]
    frames = [ipv6_fragment(datagram[:80], 0, 1), ipv6_fragment(datagram[80:], 80, 0)]
    messages, stats = read_all(pcap(frames))
    assert [m.data for m in messages] == [STREAM_MESSAGES[4]]
    assert (messages[0].src, messages[0].dst) == ("[2001::1]:5062", "[2001::2]:5060")


# ---- TCP ---------------------------------------------------------------------------------------------------------

def test_several_messages_in_one_segment():
    raw = (CAPTURES / "tcp4-coalesced.pcap").read_bytes()
    messages, stats = read_all(raw)
    assert call_ids(messages) == EXPECTED["tcp4-coalesced.pcap"]
    # messages completed by the same segment carry its time: some segments held several messages
    assert len({m.time for m in messages}) < len(messages)


def test_one_message_across_segments():
    messages, stats = read_all(CAPTURES / "tcp4-segments.pcapng")
    assert max(len(m.data) for m in messages) > 400  # the capture's MTU was 400 bytes
    assert call_ids(messages) == EXPECTED["tcp4-segments.pcapng"]


def test_stream_cut_anywhere_gives_the_same_messages():
    messages, stats = read_all(tcp_capture(range(1, len(STREAM))))  # one byte per segment
    assert [m.data for m in messages] == STREAM_MESSAGES
    assert not stats.skipped.keys() - {"tcp-no-payload"}


@settings(max_examples=100, deadline=None)
@given(cuts=st.lists(st.integers(1, len(STREAM) - 1), max_size=12), retransmit=st.sets(st.integers(0, 12)))
def test_any_segmentation_and_retransmission_gives_the_same_messages(cuts, retransmit):
    messages, _ = read_all(tcp_capture(cuts, retransmit))
    assert [m.data for m in messages] == STREAM_MESSAGES
    assert {m.transport for m in messages} == {"tcp"}


@settings(max_examples=100, deadline=None)
@given(cuts=st.lists(st.integers(1, len(STREAM) - 1), min_size=7, max_size=7, unique=True),
       order=st.permutations(range(8)))
def test_segments_in_any_order_give_the_same_messages(cuts, order):
    messages, stats = read_all(tcp_capture(cuts, order=order))
    assert [m.data for m in messages] == STREAM_MESSAGES
    assert not stats.skipped.keys() - {"tcp-no-payload"}


def test_overlapping_and_out_of_order_segments():
    frames = [
        tcp(b"", 999, flags=0x02),
        tcp(STREAM[300:], 1300),  # ahead of a hole
        tcp(STREAM[:200], 1000),
        tcp(STREAM[100:350], 1100),  # overlaps both neighbours, fills the hole
    ]
    messages, stats = read_all(pcap(frames))
    assert [m.data for m in messages] == STREAM_MESSAGES


def test_mid_stream_start_skips_to_the_first_whole_message():
    cut = len(STREAM_MESSAGES[0]) + 10
    frames = [tcp(STREAM[cut:cut + 100], 1000 + cut), tcp(STREAM[cut + 100:], 1100 + cut)]
    messages, stats = read_all(pcap(frames))
    assert [m.data for m in messages] == STREAM_MESSAGES[2:]
    assert stats.skipped["tcp-partial-message"] == 1


def test_stream_that_is_not_sip_is_skipped_and_counted():
    http = b"GET / HTTP/1.1\r\nHost: example.com\r\n\r\n"
    frames = [tcp(b"", 999, flags=0x02, dport=80), tcp(http, 1000, dport=80), tcp(http, 1000 + len(http), dport=80)]
    messages, stats = read_all(pcap(frames))
    assert messages == []
    assert stats.skipped["tcp-not-sip-stream"] == 1 and stats.skipped["tcp-not-sip"] == 1


def test_data_retransmitted_after_the_fin_is_not_read_again():
    last = tcp(STREAM_MESSAGES[-1], 1000 + len(STREAM) - len(STREAM_MESSAGES[-1]))
    frames = [tcp(b"", 999, flags=0x02), tcp(STREAM, 1000), tcp(b"", 1000 + len(STREAM), flags=0x11), last]
    messages, stats = read_all(pcap(frames))
    assert [m.data for m in messages] == STREAM_MESSAGES
    assert stats.skipped["tcp-retransmission"] == 1


def test_message_whose_end_never_comes_is_counted():
    frames = [tcp(b"", 999, flags=0x02), tcp(STREAM[:-5], 1000)]
    messages, stats = read_all(pcap(frames))
    assert [m.data for m in messages] == STREAM_MESSAGES[:-1]
    assert stats.skipped["tcp-incomplete-message"] == 1


# ---- streaming ---------------------------------------------------------------------------------------------------

class CountingStream(io.RawIOBase):
    def __init__(self, data):
        self.data = io.BytesIO(data)
        self.served = 0

    def readable(self):
        return True

    def readinto(self, target):
        n = self.data.readinto(target)
        self.served += n
        return n


def test_reads_stream_without_loading_the_whole_file():
    raw = (CAPTURES / "udp4.pcap").read_bytes()
    big = raw + raw[24:] * 400  # about 2 MB
    source = CountingStream(big)
    messages = read(source)
    first = next(messages)
    assert isinstance(first, CapturedMessage)
    assert source.served < len(big) // 2
    assert 1 + sum(1 for _ in messages) == len(EXPECTED["udp4.pcap"]) * 401

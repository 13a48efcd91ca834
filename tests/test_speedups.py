"""The native fast path (sipcodes._speedups) against the Python code it stands in for.

Each native function answers only plain cases and leaves the rest to Python; where it answers, it must give exactly
what the Python code gives. These tests compare both on every capture and log under tests/data, on the SIPp
captures of the stats tests, and on generated and mutated messages. The Python code is the reference: it is what
runs where the package was built without a C compiler.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sipcodes.calls as calls_module
from sipcodes import calls, capture
from sipcodes.capture import _packets, _pcap
from sipcodes.sip import _brief

DATA = Path(__file__).parent / "data"
INPUTS = sorted(p for p in DATA.rglob("*") if p.is_file() and p.suffix not in (".py", ".md", ".txt", ".json"))

try:
    from sipcodes import _speedups
except ImportError:  # pragma: no cover - depends on the build
    _speedups = None


def _can_build() -> bool:
    include = sysconfig.get_paths()["include"]
    return bool(shutil.which(os.environ.get("CC", "cc"))) and os.path.exists(os.path.join(include, "Python.h"))


def test_extension_is_built_where_it_can_be():
    """Where a C compiler and the Python headers exist, installing the package builds the extension; a build that
    failed silently (it is optional) would leave the large-capture speed far below what the README states."""
    if _speedups is None:
        assert not _can_build(), "a C compiler and Python.h are here, yet sipcodes._speedups was not built"


native = pytest.mark.skipif(_speedups is None, reason="sipcodes._speedups is not built here (no C compiler)")


def _records(path: Path, pure: bool) -> tuple[list, capture.ReadStats]:
    saved = _pcap._native_records, _packets._native_udp4
    if pure:
        _pcap._native_records = _packets._native_udp4 = None
    try:
        stats = capture.ReadStats()
        return list(capture.read(path, stats=stats)), stats
    finally:
        _pcap._native_records, _packets._native_udp4 = saved


def _readable(path: Path) -> bool:
    try:
        return any(True for _ in capture.read(path))
    except capture.CaptureError:
        return False


READABLE = [p for p in INPUTS if _readable(p)]


def _grouped(records: list, pure: bool, ladder: bool = True) -> tuple:
    saved = calls_module._native_group, _brief.native_brief
    if pure:
        calls_module._native_group = _brief.native_brief = None
    try:
        grouper = calls.Grouper(ladder=ladder)
        grouper.add_all(iter(records))
        found = grouper.finish()
    finally:
        calls_module._native_group, _brief.native_brief = saved
    shape = [(c.call_id, c.from_, c.to, c.outcome, c.main is not None and c.transactions.index(c.main), c.seen,
              c.last_time,
              [(t.branch, t.cseq_number, t.method, t.initial, t.request, t.responses, t.final_status, t.final_reason,
                t.final, t.final_time, t.has_request, t.request_time, t.notable) for t in c.transactions]) for c in found]
    return (shape, grouper.messages, grouper.unreadable, grouper.first_time, grouper.last_time,
            dict(grouper.line_counts))


@native
def test_inputs_cover_the_native_paths():
    """The comparisons below mean something only if the inputs reach the native code: most messages of the SIPp
    captures are plain, and pcap files are among the inputs."""
    plain = total = 0
    for path in (DATA / "stats").glob("*.pcap"):
        for record in capture.read(path):
            total += 1
            plain += _speedups.brief(record.data) is not None
    assert total > 100 and plain == total
    assert any(capture.detect(p) == "pcap" for p in READABLE)


@native
@pytest.mark.parametrize("path", READABLE, ids=lambda p: str(p.relative_to(DATA)))
def test_reading_is_the_same(path):
    """The native pcap record loop yields the records, counts and skip reasons of the Python reader."""
    fast, fast_stats = _records(path, pure=False)
    slow, slow_stats = _records(path, pure=True)
    assert fast == slow
    assert [type(r) for r in fast] == [type(r) for r in slow]
    assert fast_stats == slow_stats


@native
@pytest.mark.parametrize("path", READABLE, ids=lambda p: str(p.relative_to(DATA)))
def test_brief_and_grouping_are_the_same(path):
    records, _ = _records(path, pure=True)
    for record in records:
        fast = _speedups.brief(record.data)
        if fast is not None:
            assert type(fast) is _brief.Brief
            assert fast == _brief.brief(record.data)
    assert _grouped(records, pure=False) == _grouped(records, pure=True)
    assert _grouped(records, pure=False, ladder=False) == _grouped(records, pure=True, ladder=False)


# ---- generated messages ---------------------------------------------------------------------------------------

_TOKEN = st.text(alphabet="abcXYZ019-.!%*_+`'~", min_size=1, max_size=6)
_NOISE = st.text(alphabet=" \t;,=:\"<>\\@[]abc19", max_size=4)


@st.composite
def _params(draw) -> str:
    out = ""
    for _ in range(draw(st.integers(0, 3))):
        name = draw(st.sampled_from(["branch", "BRANCH", "tag", "Tag", "lr", "rport", "x"]) | _TOKEN)
        value = draw(st.none() | _TOKEN | st.sampled_from(["", "z9hG4bK-1", "a:b", "[::1]"]))
        out += f";{name}" + ("" if value is None else f"={value}") + draw(st.sampled_from(["", "", "", " "]))
    return out + draw(st.sampled_from(["", "", ""]) | _NOISE)


@st.composite
def _plain_message(draw) -> bytes:
    """A well-formed header section of the kind the native reading is for, in its allowed variations (compact
    and full names, spacing, parameters, display names, a tag or none)."""
    if draw(st.booleans()):
        code = draw(st.sampled_from(["100", "180", "183", "200", "302", "486", "503", "699"]))
        start = f"SIP/2.0 {code}" + draw(st.sampled_from(["", " OK", " Busy Here", " Some  reason"]))
    else:
        method = draw(st.sampled_from(["INVITE", "BYE", "ACK", "CANCEL", "REGISTER", "OPTIONS"]))
        start = f"{method} sip:bob@example.com SIP/2.0"
    branch = draw(st.sampled_from(["z9hG4bK-1", "z9hG4bK776asdhds", "1"]))
    host = draw(st.sampled_from(["h.example.com", "192.0.2.1:5060", "[2001:db8::1]:5061"]))
    via = f"SIP/2.0/{draw(st.sampled_from(['UDP', 'TCP']))} {host};branch={branch}"
    via += draw(st.sampled_from(["", ";rport", ";received=192.0.2.9;rport=5060"]))
    display = draw(st.sampled_from(["", "Bob ", '"Bob" ']))
    to = f"{display}<sip:bob@example.com>"  # a bare addr-spec is left to Python (the noisy generator has it)
    if draw(st.booleans()):
        to += ";tag=" + draw(_TOKEN)
    headers = [
        (draw(st.sampled_from(["Via", "v"])), via),
        (draw(st.sampled_from(["Call-ID", "i"])), draw(st.sampled_from(["abc@h", "a84b4c76e66710"]))),
        ("CSeq", draw(st.sampled_from(["1 INVITE", "314159 BYE", "2 ACK", "4 OPTIONS"]))),
        (draw(st.sampled_from(["To", "t"])), to),
        (draw(st.sampled_from(["From", "f"])), "<sip:a@b>;tag=1"),
        ("Content-Length", "0"),
    ]
    order = draw(st.permutations(range(len(headers))))
    lines = [start] + [f"{headers[i][0]}{draw(st.sampled_from([':', ': ']))}{headers[i][1]}" for i in order]
    return "\r\n".join(lines).encode() + b"\r\n\r\n"


@st.composite
def _message(draw) -> bytes:
    if draw(st.integers(0, 3)) == 0:
        return draw(_plain_message())
    if draw(st.booleans()):
        code = draw(st.sampled_from(["100", "180", "183", "200", "486", "699", "700", "099", "20"]))
        reason = draw(st.sampled_from(["", " OK", " Busy Here", "  Spaced  ", " x\t"]))
        start = draw(st.sampled_from(["SIP/2.0 ", "SIP/2.0  ", "SIP/2.1 ", "sip/2.0 "])) + code + reason
    else:
        method = draw(st.sampled_from(["INVITE", "BYE", "ACK", "NEWMETHOD"]) | _TOKEN)
        uri = draw(st.sampled_from(["sip:bob@example.com", "<sip:x>", "sip:a b", "tel:+1"]))
        start = f"{method} {uri} " + draw(st.sampled_from(["SIP/2.0", "SIP/2.0 ", "SIP/3.0"]))
    host = draw(st.sampled_from(["h.example.com", "192.0.2.1:5060", "[2001:db8::1]:5061", "h:123456", "h:"]))
    via = f"SIP/2.0/{draw(st.sampled_from(['UDP', 'TCP', 'udp']))} {host}{draw(_params())}"
    if draw(st.booleans()):
        via += draw(st.sampled_from([", SIP/2.0/UDP other", ",x", ' ;x="y"']))
    display = draw(st.sampled_from(["", "Bob ", '"Bob" ', '"B\\"ob" ', "Bob  ", "B o b "]))
    to = draw(st.sampled_from([f"{display}<sip:bob@example.com>", "sip:bob@example.com", "<sip:a b>", "<>"]))
    to += draw(_params())
    headers = [
        (draw(st.sampled_from(["Via", "v", "VIA", "via "])), via),
        (draw(st.sampled_from(["Call-ID", "i", "call-id", "Call-Id\t"])),
         draw(st.sampled_from(["abc@h", " padded ", "", "a b"]))),
        (draw(st.sampled_from(["CSeq", "cseq"])),
         draw(st.sampled_from(["1 INVITE", "12345678901 BYE", "2\tACK", "x INVITE", "3 ", "4  OPTIONS "]))),
        (draw(st.sampled_from(["To", "t"])), to),
        (draw(st.sampled_from(["From", "f"])), draw(st.sampled_from(["<sip:a@b>;tag=1", "x", ""]))),
    ]
    headers += draw(st.lists(st.tuples(st.sampled_from(["Contact", "Via", "Reason", "X-Y", "To", "l"]),
                                       st.sampled_from(["<sip:c@d>", "SIP/2.0/UDP p;branch=2", "1"])),
                             max_size=3))
    order = draw(st.permutations(range(len(headers))))
    lines = [start] + [f"{headers[i][0]}{draw(st.sampled_from([':', ': ', ' : ', ':  ']))}{headers[i][1]}"
                       for i in order]
    ending = draw(st.sampled_from(["\r\n\r\n", "\r\n\r\nbody", "\n\n", "\r\n"]))
    return "\r\n".join(lines).encode() + ending.encode()


@native
@settings(max_examples=600, suppress_health_check=[HealthCheck.too_slow])
@given(_message(), st.data())
def test_generated_and_mutated_messages(message, data):
    """On generated header sections, and on the same with random bytes changed, the native reading either
    declines or agrees with the Python one."""
    mutated = bytearray(message)
    for _ in range(data.draw(st.integers(0, 3))):
        if not mutated:
            break
        at = data.draw(st.integers(0, len(mutated) - 1))
        mutated[at] = data.draw(st.sampled_from(b" \t\r\n:;,\"<>\\=\x00\x7f\xc3aZ0"))
    for candidate in (message, bytes(mutated)):
        fast = _speedups.brief(candidate)
        if fast is not None:
            assert fast == _brief.brief(candidate)


@native
def test_generated_messages_reach_the_native_reading():
    """The generator above is not all noise: a well-formed message of each variation is read natively, to the
    same fields as in Python (with a To tag and without)."""
    from hypothesis import find

    for want_tag in (True, False):
        found = find(_plain_message(), lambda m: (_speedups.brief(m) is not None
                                                  and (_speedups.brief(m).to_tag is not None) == want_tag))
        assert _speedups.brief(found) == _brief.brief(found)


@native
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(_plain_message())
def test_well_formed_messages_are_read_natively(message):
    """Every well-formed message of the plain kind is read natively (not handed back), and as in Python."""
    fast = _speedups.brief(message)
    assert fast is not None
    assert fast == _brief.brief(message)


@native
@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(_message(), st.sampled_from(["10.0.0.1:5060", "10.0.0.2:5060"]),
                          st.one_of(st.none(), st.floats(0, 100))), min_size=1, max_size=12))
def test_grouping_generated_messages(messages):
    """Grouping mixed plain and unusual messages (some of one Call-ID, some read only by Python) gives the same
    calls natively and in Python."""
    records = [capture.CapturedMessage(time, src, "10.0.0.9:5060", "udp", data) for data, src, time in messages]
    assert _grouped(records, pure=False) == _grouped(records, pure=True)
    assert _grouped(records, pure=False, ladder=False) == _grouped(records, pure=True, ladder=False)


def test_works_without_the_extension(tmp_path):
    """Where the extension was not built, everything runs on the Python code and explains and counts the same."""
    capture_file = DATA / "stats" / "mix.pcap"
    blocker = tmp_path / "sitecustomize.py"
    blocker.write_text(
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'sipcodes._speedups':\n"
        "            raise ImportError('blocked for the test')\n"
        "sys.meta_path.insert(0, Block())\n")
    env = dict(os.environ, PYTHONPATH=str(tmp_path) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    command = [sys.executable, "-m", "sipcodes", "explain", "--format", "json", "--all", str(capture_file)]
    check = [sys.executable, "-c", "import sipcodes.calls as c, sipcodes.capture._pcap as p; "
             "print(c._native_group, p._native_records)"]
    assert subprocess.run(check, env=env, capture_output=True, text=True, check=True).stdout.split() == ["None"] * 2
    pure = subprocess.run(command, env=env, capture_output=True, check=True).stdout
    fast = subprocess.run(command, capture_output=True, check=True).stdout
    assert pure == fast and b'"calls"' in fast
    # the statistics too: hop keys, counting without the ladder and call keys, all in Python there
    counting = [sys.executable, "-m", "sipcodes", "stats", "--format", "json", "--workers", "1",
                *map(str, sorted((DATA / "stats").glob("*.pcap")))]
    pure = subprocess.run(counting, env=env, capture_output=True, check=True).stdout
    fast = subprocess.run(counting, capture_output=True, check=True).stdout
    assert pure == fast and b'"metrics"' in fast


@native
def test_every_byte_value_anywhere_in_a_plain_message():
    """Each of the 256 byte values put into each part of plain messages (start line, each grouping field, other
    fields, the blank line): the native reading declines or agrees. Control characters, DEL and non-ASCII bytes
    must make it decline, as they make the Python reading decline."""
    samples = [record.data for record in capture.read(DATA / "stats" / "mix.pcap")][:12]
    for data in samples:
        head_end = data.index(b"\r\n\r\n")
        places = sorted({1, data.index(b" ") + 1, head_end, head_end + 2}
                        | {data.index(b"\n", data.index(b"\r\n") + 1) + k for k in (1, 3)}
                        | {data.index(name) + len(name) + k for name in (b"Via:", b"Call-ID:", b"CSeq:", b"To:",
                                                                         b"From:", b"Contact:", b"branch=", b"tag=")
                           if name in data for k in (0, 1, 3)})
        for at in places:
            for value in range(256):
                candidate = data[:at] + bytes([value]) + data[at:]
                fast = _speedups.brief(candidate)
                if fast is not None:
                    assert fast == _brief.brief(candidate), (at, value)
                if value < 0x20 and value != 9 or value >= 0x7F:
                    if at < head_end:
                        assert fast is None, (at, value)


@native
@pytest.mark.parametrize("extra", [b"Reason: Q.850;cause=16", b"warning :399 h \"x\"", b"REASON\t: SIP;cause=200",
                                   b"Reasons: none", b"X-Warning: 1"])
def test_grouping_with_telling_fields_everywhere(extra):
    """Every message of a SIPp capture given a Reason or Warning field (or one that only looks like it): which
    responses are kept as notable, and everything else, agree."""
    records = []
    for record in capture.read(DATA / "stats" / "mix.pcap"):
        cut = record.data.index(b"\r\n") + 2
        records.append(record._replace(data=record.data[:cut] + extra + b"\r\n" + record.data[cut:]))
    shape = _grouped(records, pure=True)
    assert _grouped(records, pure=False) == shape
    telling = any(transaction[-1] for call in shape[0] for transaction in call[7])  # notable responses
    assert telling == (b"Reasons" not in extra and b"X-" not in extra)


@native
@settings(max_examples=300)
@given(st.binary(min_size=4, max_size=4), st.binary(min_size=4, max_size=4), st.integers(0, 65535),
       st.integers(0, 65535), st.sampled_from([b"INVITE sip:a@b SIP/2.0\r\n\r\n", b"SIP/2.0 486 Busy\r\n\r\n",
                                               b"\x80\x00rtp-like payload", b"\r\n\r\n"]),
       st.sampled_from([0, 0, 0, 0x2000, 0x4000, 7]), st.sampled_from([17, 17, 17, 1, 132]))
def test_udp_frames_decode_the_same(source, destination, sport, dport, payload, fragment, protocol):
    """Addresses and ports of every size, fragments and other protocols: the native frame decoding gives what
    the Python decoder gives, or leaves the frame to it."""
    import struct

    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 28 + len(payload), 1, fragment, 64, protocol, 0, source,
                     destination)
    frame = b"\x00" * 12 + b"\x08\x00" + ip + struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    stats = capture.ReadStats()
    saved = _packets._native_udp4
    _packets._native_udp4 = None
    try:
        expected = list(_packets.messages_from_frames([(1.5, 1, frame)], stats))
    finally:
        _packets._native_udp4 = saved
    decoded = _speedups.udp4(frame, 14)
    assert (decoded is not None) == (protocol == 17 and fragment & 0x3FFF == 0)
    if decoded is not None:
        if expected:
            assert (expected[0].src, expected[0].dst, expected[0].data) == decoded
        else:
            assert decoded[2] == payload  # a datagram that is no SIP: the caller counts it
    fast_stats = capture.ReadStats()
    assert list(_packets.messages_from_frames([(1.5, 1, frame)], fast_stats)) == expected
    assert fast_stats == stats


@native
@pytest.mark.parametrize("path", [p for p in READABLE if p.suffix == ".pcap"], ids=lambda p: p.name)
def test_batched_reading_is_the_same(path):
    """Reading in batches (lists of records where the native loop decoded a whole chunk) yields the same records
    and counts as reading one by one; the captures of the stats tests come as lists."""
    one_stats, batch_stats = capture.ReadStats(), capture.ReadStats()
    one = list(capture.read(path, stats=one_stats))
    items = list(capture.read(path, stats=batch_stats, batched=True))
    flat = [record for item in items for record in (item if type(item) is list else [item])]
    assert flat == one and batch_stats == one_stats
    if path.parent.name == "stats":
        assert any(type(item) is list for item in items)


# ---- hop keys, the ladder-less grouping and the call keys of the statistics ---------------------------------------


@native
@pytest.mark.parametrize("path", sorted((DATA / "stats").glob("*.pcap")), ids=lambda p: p.name)
def test_a_retransmission_is_one_whichever_way_it_is_grouped(path):
    """The hop key made natively from a message's bytes equals the one `Grouper.add` makes from its fields: every
    message given again (with an int time, which only the Python `add` takes) is a retransmission of itself, and
    no message of the capture is taken for another."""
    records = list(capture.read(path))
    grouper = calls.Grouper()
    grouper.add_all(iter(records))
    before = sum(line.retransmission for call in grouper.calls.values() for line in call.seen)
    grouper.add_all(iter([r._replace(time=int(r.time)) for r in records]))
    lines = [line for call in grouper.calls.values() for line in call.seen]
    assert len(lines) == 2 * len(records)
    assert sum(line.retransmission for line in lines) == before + len(records)


@native
def test_hop_key_reads_every_field():
    """Changing any one field changes the key; an absent branch or tag differs from an empty one; the key of a
    response does not depend on a method or URI; text that is not ASCII is keyed by its UTF-8."""
    fields = ["abc@h", "10.0.0.1:5060", "10.0.0.2:5060", 0, "INVITE", "sip:b@h", "z9hG4bK1", "1 INVITE", "t1"]
    base = _speedups.hop_key(*fields)
    assert base == _speedups.hop_key(*fields)
    for at, other in enumerate(["abd@h", "10.0.0.1:5061", "10.0.0.3:5060", 180, "BYE", "sip:c@h", "z9hG4bK2",
                                "2 INVITE", "t2"]):
        changed = list(fields)
        changed[at] = other
        assert _speedups.hop_key(*changed) != base, at
    for at in (6, 8):
        absent, empty = list(fields), list(fields)
        absent[at], empty[at] = None, ""
        assert _speedups.hop_key(*absent) != _speedups.hop_key(*empty)
    response = ["abc@h", "a", "b", 486, "INVITE", "", "z9hG4bK1", "1 INVITE", None]
    assert _speedups.hop_key(*response) == _speedups.hop_key(*response[:4], "BYE", "sip:x", *response[6:])
    odd = "\u00e9\udcff"
    assert _speedups.hop_key(odd, *fields[1:]) == _speedups.hop_key(odd, *fields[1:]) != base
    with pytest.raises(TypeError):
        _speedups.hop_key(b"abc@h", *fields[1:])


@native
def test_hop_set():
    """HopSet keeps ints modulo 2**64 as a set would, zero included, through growth and clearing."""
    hops = _speedups.HopSet()
    keys = [0, 1, 2**64 - 1, 2**63] + [(k * 0x9E3779B97F4A7C15) % 2**64 for k in range(1, 5000)]
    for key in keys:
        assert key not in hops
        hops.add(key)
        assert key in hops
    assert len(hops) == len(set(keys))
    assert 12345 not in hops and "x" not in hops
    assert 2**64 in hops  # 2**64 is 0 modulo 2**64
    hops.clear()
    assert len(hops) == 0 and 1 not in hops
    with pytest.raises(TypeError):
        hops.add("x")


def _stats_records() -> list:
    return [r for path in sorted((DATA / "stats").glob("*.pcap")) for r in capture.read(path)]


def test_ladderless_grouping_counts_the_ladder():
    """Without the ladder, a call keeps its first line and the grouper counts all lines: the same counts, first
    lines and last times as the full ladder gives."""
    from collections import Counter

    records = _stats_records()
    full, counting = calls.Grouper(), calls.Grouper(ladder=False)
    full.add_all(iter(records))
    counting.add_all(iter(records))
    assert counting.line_counts == Counter((line.summary, line.retransmission)
                                           for call in full.calls.values() for line in call.seen)
    assert sum(counting.line_counts.values()) == len(records)
    for call_id, call in full.calls.items():
        assert counting.calls[call_id].seen == call.seen[:1]
        assert counting.calls[call_id].last_time == call.seen[-1].time == call.last_time


@native
@pytest.mark.parametrize("end_shift", [None, 0.0, -20.0, 40.0])
def test_call_keys_are_the_same(end_shift):
    """The native call keys equal the Python ones on the SIPp captures (with the input's end unknown, at the last
    message, or moved so that requests fall on either side of Timer F), and on a call of many transactions."""
    from sipcodes.stats import _tally

    grouper = calls.Grouper(ladder=False)
    grouper.add_all(iter(_stats_records()))
    found = grouper.finish(classify=False)
    long_call = calls.Call("many")
    for k in range(40):
        long_call.transactions.append(calls.Transaction(f"b{k % 7}", k % 5, ["REGISTER", "ACK"][k % 2],
                                                        responses=[401, 200][: k % 3], request_time=float(k)))
    found.append(long_call)
    end = None if end_shift is None else grouper.last_time + end_shift
    native_table: dict = {}
    native_ids = _speedups.call_keys(found, end, calls.TIMER_F, calls.Call, calls.Transaction, native_table)
    table: dict = {}
    ids = _tally._python_call_keys(found, end, table)
    assert (native_ids, list(native_table)) == (ids, list(table))
    assert len(table) <= len(found) // 2  # calls alike share a key


@pytest.mark.parametrize("path", sorted((DATA / "stats").glob("*.pcap")), ids=lambda p: p.name)
def test_shapes_classify_as_the_calls(path):
    """A call's outcome, method, final response, timeouts and whether it may go on, read from its key (`_shape`),
    are those `calls.classify` and `_may_continue` give for the call itself: at the capture's end and at later
    ends, when its last message is recent and when it is not."""
    from sipcodes.stats import _tally

    grouper = calls.Grouper(ladder=False)
    grouper.add_all(capture.read(path))
    found = grouper.finish(classify=False)
    outcomes = set()
    for end in (grouper.last_time, grouper.last_time + 31.9, grouper.last_time + 32.0, None):
        table: dict = {}
        ids = _tally.call_keys(found, end, table)
        shapes = [_tally._shape(key) for key in table]
        for call, i in zip(found, ids):
            calls.classify(call, end)
            shape = shapes[i]
            assert (shape.outcome, shape.method, shape.final) == (call.outcome, call.method, call.final_status)
            assert shape.transactions == tuple(
                (t.method, tuple(t.responses), t.initial, t.has_request, t.final_status,
                 t.final_status is None and calls.timed_out(t, end)) for t in call.transactions)
            assert shape.may_continue == (_tally._may_continue(call, False), _tally._may_continue(call, True))
            outcomes.add(call.outcome)
    assert len(outcomes) >= 3


@st.composite
def _calls_alike(draw) -> list:
    """Calls of a few transactions each, drawn from a small set of values so that many are alike and some differ
    in one field only (what the native call keys compare a call with before making its key)."""
    found = []
    for c in range(draw(st.integers(1, 30))):
        call = calls.Call(f"c{c}")
        for _ in range(draw(st.integers(0, 4))):
            call.transactions.append(calls.Transaction(
                draw(st.sampled_from(["b1", "b2", None])), draw(st.sampled_from([1, 2, 1 << 40])),
                draw(st.sampled_from(["INVITE", "ACK", "BYE", "REGISTER"])),
                initial=draw(st.booleans()), has_request=draw(st.booleans()),
                responses=draw(st.lists(st.sampled_from([100, 180, 200, 486, 1000]), max_size=3)),
                final_status=draw(st.sampled_from([None, 200, 486, 1000])),
                request_time=draw(st.sampled_from([None, 0.0, 10.0, 50.0]))))
        found.append(call)
    return found


@native
@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(_calls_alike(), st.sampled_from([None, 40.0, 60.0]))
def test_call_keys_of_generated_calls(found, end):
    from sipcodes.stats import _tally

    native_table: dict = {}
    native_ids = _speedups.call_keys(found, end, calls.TIMER_F, calls.Call, calls.Transaction, native_table)
    table: dict = {}
    assert (native_ids, list(native_table)) == (_tally._python_call_keys(found, end, table), list(table))

"""The text-log reader on real and format-exact samples (tests/data/logs, see its README) and on crafted edge cases.

Expectations come from the sample files themselves (start lines counted, Call-IDs and addresses grepped here) or
from tshark reading the capture taken during the same run, never from the reader under test.
"""

from __future__ import annotations

import gzip
import io
from datetime import datetime, timezone
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sipcodes.capture import CaptureError, ReadStats, detect, read

LOGS = Path(__file__).parent / "data" / "logs"
HAS_TSHARK = shutil.which("tshark") is not None
START = re.compile(r"^ {0,3}(?:SIP/2\.0 \d\d\d .*|[A-Z]+ \S+ SIP/2\.0)\r?$", re.MULTILINE)
CALL_ID_LINE = re.compile(r"^ *Call-ID: (\S+)\r?$", re.MULTILINE)
MESSAGE_CALL_ID = re.compile(rb"\r\nCall-ID: (\S+)\r\n")


def read_all(source):
    stats = ReadStats()
    return list(read(source, stats=stats)), stats


def call_ids(messages):
    return [MESSAGE_CALL_ID.search(m.data).group(1).decode() for m in messages]


def start_lines(messages):
    return [m.data.split(b"\r\n", 1)[0].decode() for m in messages]


def text(name):
    return (LOGS / name).read_text()


def tshark_messages(path):
    """(time, src, dst, Call-ID, start line) of each SIP message in a capture, as tshark reads it."""
    fields = ["frame.time_epoch", "ip.src", "udp.srcport", "ip.dst", "udp.dstport", "sip.Call-ID",
              "sip.Request-Line", "sip.Status-Line"]
    out = subprocess.run(
        ["tshark", "-r", str(path), "-Y", "sip", "-T", "fields", *[a for f in fields for a in ("-e", f)]],
        capture_output=True, text=True, check=True,
    ).stdout
    rows = []
    for line in out.splitlines():
        time, sip, sport, dip, dport, call_id, request, status = line.split("\t")
        rows.append((float(time), f"{sip}:{sport}", f"{dip}:{dport}", call_id, request or status))
    return rows


def wellformed(message):
    """Each message: CRLF line ends only, an empty line after the headers, a body of its Content-Length."""
    head, _, body = message.data.partition(b"\r\n\r\n")
    assert b"\n" not in head.replace(b"\r\n", b"") and b"\r" not in head.replace(b"\r\n", b"")
    length = re.search(rb"\r\nContent-Length: *(\d+)", head + b"\r\n")
    assert length is None or len(body) == int(length.group(1))


# ---- the samples, one per format ---------------------------------------------------------------------------------

def test_kamailio_real_log():
    """kamailio.log: Kamailio 5.6 run with kamailio.cfg, xlog of $mb for every request and reply it received."""
    messages, stats = read_all(LOGS / "kamailio.log")
    log = text("kamailio.log")
    assert stats.format == "kamailio"
    assert len(messages) == len(START.findall(log)) == stats.messages == 18
    assert call_ids(messages) == CALL_ID_LINE.findall(log)
    assert start_lines(messages) == [s.strip() for s in START.findall(log)]
    leads = re.findall(r"<script>: received .*? from (\w+):([\d.]+:\d+) to ([\d.]+:\d+)$", log, re.MULTILINE)
    assert [(m.transport, m.src, m.dst) for m in messages] == leads
    assert all(m.time is None for m in messages)  # Kamailio's stderr log has no date
    # the log lines around the messages (start-up, shutdown) are counted, none is taken for SIP
    others = [line for line in log.splitlines() if line.strip()
              and not re.match(r" *\d+\(\d+\) INFO: <script>: received ", line)]
    in_messages = sum(len(m.data.rstrip(b"\r\n").split(b"\r\n")) for m in messages)
    blank_in_messages = sum(m.data.rstrip(b"\r\n").split(b"\r\n").count(b"") for m in messages)
    assert stats.skipped["text-not-sip-line"] == len(others) - (in_messages - blank_in_messages)
    for m in messages:
        wellformed(m)


@pytest.mark.skipif(not HAS_TSHARK, reason="tshark is not installed")
def test_kamailio_log_matches_the_capture_of_the_same_run():
    messages, _ = read_all(LOGS / "kamailio.log")
    wire = {(src, dst, call_id, first) for _, src, dst, call_id, first in tshark_messages(LOGS / "run.pcap")}
    for m in messages:
        first = m.data.split(b"\r\n", 1)[0].decode()
        assert (m.src, m.dst, call_ids([m])[0], first) in wire


@pytest.mark.skipif(not HAS_TSHARK, reason="tshark is not installed")
def test_sngrep_real_export_matches_the_capture():
    """sngrep.txt: sngrep 1.6 given run.pcap, saved as .txt from its save dialog (sngrep-save-txt.py)."""
    messages, stats = read_all(LOGS / "sngrep.txt")
    assert stats.format == "sngrep" and stats.skipped == {}
    wire = tshark_messages(LOGS / "run.pcap")
    assert len(messages) == len(wire) == len(START.findall(text("sngrep.txt")))
    read_rows = sorted((round(m.time, 6), m.src, m.dst, call_ids([m])[0], start_lines([m])[0]) for m in messages)
    wire_rows = sorted((round(t, 6), s, d, c, f) for t, s, d, c, f in wire)
    assert read_rows == wire_rows  # sngrep writes dialog by dialog; the times put them back in order
    assert all(m.transport == "" for m in messages)  # the export does not say


def test_sngrep_export_has_the_bytes_of_the_capture():
    pcap = sorted(m.data for m in read(LOGS / "run.pcap"))
    assert sorted(m.data for m in read(LOGS / "sngrep.txt")) == pcap


def asterisk_headers(log):
    return re.findall(
        r"^(?:\[([^\]]+)\] VERBOSE\[\d+\]\[C-[0-9a-f]+\] res_pjsip_logger\.c: )?<--- (Received|Transmitting) SIP "
        r"(request|response) \((\d+) bytes\) (?:from|to) UDP:([\d.]+:\d+) --->$", log, re.MULTILINE)


@pytest.mark.parametrize("name", ["asterisk-full.log", "asterisk-console.log"])
def test_asterisk_pjsip_logger(name):
    """Built from run.pcap as res_pjsip_logger.c and logger.c write them (make-logs.py)."""
    messages, stats = read_all(LOGS / name)
    log = text(name)
    headers = asterisk_headers(log)
    assert stats.format == "asterisk"
    assert len(messages) == len(headers) == len(START.findall(log)) == 39
    assert call_ids(messages) == CALL_ID_LINE.findall(log)
    for m, (date, way, kind, size, where) in zip(messages, headers):
        assert (m.src, m.dst) == ((where, "") if way == "Received" else ("", where))
        assert m.transport == "udp" and len(m.data) == int(size)
        assert m.data.startswith(b"SIP/2.0 ") == (kind == "response")
        if date:  # logger.conf dateformat=%F %T.%3q, written in UTC
            when = datetime.strptime(date, "%Y-%m-%d %H:%M:%S.%f").replace(tzinfo=timezone.utc)
            assert m.time == pytest.approx(when.timestamp(), abs=1e-6)
        else:
            assert m.time is None
    assert stats.skipped["text-not-sip-line"] == len(re.findall(r"\] pbx\.c: Executing", log))


@pytest.mark.parametrize("name", ["freeswitch-siptrace.log", "freeswitch-siptrace-2018.log"])
def test_freeswitch_siptrace(name):
    """Built from run.pcap as sofia-sip's tport_log_msg writes them, current and pre-2019 layouts (make-logs.py)."""
    messages, stats = read_all(LOGS / name)
    log = text(name)
    stamps = re.findall(r"^(recv|send) (\d+) bytes (?:from|to) udp/\[([\d.]+)\]:(\d+) at [\d:.]+:$", log,
                        re.MULTILINE)
    assert stats.format == "freeswitch"
    assert len(messages) == len(stamps) == len(START.findall(log)) == 39
    assert call_ids(messages) == CALL_ID_LINE.findall(log)
    for m, (way, size, host, port) in zip(messages, stamps):
        where = f"{host}:{port}"
        assert (m.src, m.dst) == ((where, "") if way == "recv" else ("", where))
        assert len(m.data) == int(size) and m.transport == "udp" and m.time is None  # a time of day only
    assert stats.skipped["text-not-sip-line"] == log.count("[DEBUG] sofia.c")
    assert sorted(m.data for m in messages) == sorted(m.data for m in read(LOGS / "run.pcap"))


def test_bare_sip_text_with_lf_and_crlf_messages():
    """bare-sip.txt: nine messages pasted one after another, LF line ends for every other one."""
    raw = (LOGS / "bare-sip.txt").read_bytes()
    assert b"\r\n" in raw and re.search(rb"[^\r]\n", raw)  # the sample does mix both
    messages, stats = read_all(LOGS / "bare-sip.txt")
    assert stats.format == "text-sip" and stats.skipped == {}
    assert len(messages) == len(START.findall(raw.decode())) == 9
    assert call_ids(messages) == CALL_ID_LINE.findall(raw.decode())
    assert all((m.time, m.src, m.dst, m.transport) == (None, "", "", "") for m in messages)
    wire = [m.data for m in read(LOGS / "run.pcap") if "127.0.0.1:5060" in (m.src, m.dst)][:9]
    assert [m.data for m in messages] == wire


def test_gzipped_log_reads_the_same(tmp_path):
    plain = read_all(LOGS / "kamailio.log")
    packed = tmp_path / "kamailio.log.gz"
    packed.write_bytes(gzip.compress((LOGS / "kamailio.log").read_bytes()))
    assert detect(packed) == "text"
    assert read_all(packed)[0] == plain[0] and read_all(packed)[1].format == "kamailio"


# ---- crafted edge cases ------------------------------------------------------------------------------------------

OPTIONS = ("OPTIONS sip:bob@example.com SIP/2.0\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK1\nCall-ID: {n}@x\n"
           "CSeq: 1 OPTIONS\nContent-Length: 0\n\n")


def message_with_body(call_id="body@x", body="v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\n"):
    return (f"INVITE sip:bob@example.com SIP/2.0\r\nVia: SIP/2.0/UDP 10.0.0.1;branch=z9hG4bK2\r\nCall-ID: {call_id}"
            f"\r\nCSeq: 1 INVITE\r\nContent-Type: application/sdp\r\nContent-Length: {len(body)}\r\n\r\n{body}")


def test_message_body_is_cut_at_content_length_and_line_ends_become_crlf():
    body = "v=0\r\no=- 1 1 IN IP4 10.0.0.1\r\ns=-\r\n"
    pasted = message_with_body(body=body).replace("\r\n", "\n") + "\n\n" + OPTIONS.format(n=1)
    messages, stats = read_all(pasted.encode())
    assert [m.data for m in messages] == [message_with_body(body=body).encode(),
                                          OPTIONS.format(n=1).replace("\n", "\r\n").encode()]
    assert stats.skipped == {}


def test_missing_final_line_end_and_missing_empty_line_are_tolerated():
    cut = message_with_body().rstrip("\r\n")  # a paste that lost the final CRLF of the body
    messages, stats = read_all(cut.encode())
    assert [m.data for m in messages] == [message_with_body().encode()] and stats.skipped == {}
    no_empty_line = OPTIONS.format(n=2).rstrip("\n")  # ends after its last header
    assert [m.data for m in read(no_empty_line.encode())] == [OPTIONS.format(n=2).replace("\n", "\r\n").encode()]


def test_sipfrag_body_stays_in_its_message():
    frag = "SIP/2.0 200 OK\r\n"
    notify = message_with_body("frag@x", frag).replace("INVITE", "NOTIFY").replace("application/sdp",
                                                                                   "message/sipfrag")
    messages, _ = read_all((notify + "\r\n" + OPTIONS.format(n=3)).encode())
    assert call_ids(messages) == ["frag@x", "3@x"] and messages[0].data.endswith(b"\r\n\r\n" + frag.encode())


def test_damaged_messages_are_counted_and_the_others_read():
    log = "\n".join([
        "<--- Received SIP request (400 bytes) from UDP:10.0.0.1:5060 --->",
        message_with_body("cut@x")[:-12],  # the body is cut short: Content-Length is not met
        "<--- Received SIP request (300 bytes) from UDP:10.0.0.1:5060 --->",
        OPTIONS.format(n=4),
        "<--- Received SIP request (300 bytes) from UDP:10.0.0.1:5060 --->",
        "OPTIONS sip:bob@example.com SIP/2.0\nVia: SIP/2.0/UDP 10.0.0.1\nthis is no header\nCall-ID: bad@x\n",
        "<--- Transmitting SIP response (300 bytes) to UDP:10.0.0.1:5060 --->",
        "SIP/2.0 200 OK\nCall-ID: 4@x\nContent-Length: 0\n",
    ])
    messages, stats = read_all(log.encode())
    assert stats.format == "asterisk"
    assert call_ids(messages) == ["4@x", "4@x"]
    assert stats.skipped["text-unreadable-message"] == 2
    assert stats.skipped["text-not-sip-line"] == 2  # "this is no header" and the header line after it


def test_text_without_sip_raises_one_line_error(tmp_path):
    notes = tmp_path / "notes.txt"
    notes.write_text("Meeting notes\nThe INVITE failed with 486 Busy Here.\nSIP/2.0 is the version.\n")
    assert detect(notes) == "text"
    with pytest.raises(CaptureError) as error:
        read(notes)
    assert "\n" not in str(error.value) and str(error.value).startswith("no SIP message found in the text")
    for fmt in ("Asterisk", "FreeSWITCH", "Kamailio", "sngrep"):
        assert fmt in str(error.value)


def test_text_with_sip_only_after_the_first_64_kib_is_read_and_a_long_one_without_raises_at_the_end():
    filler = ("2026-12-03 10:00:00 nothing to see here\n" * 2000).encode()
    assert len(filler) > 64 * 1024
    messages, stats = read_all(filler + OPTIONS.format(n=5).encode())
    assert call_ids(messages) == ["5@x"] and stats.skipped["text-not-sip-line"] == 2000
    with pytest.raises(CaptureError, match="no SIP message found"):
        list(read(filler))


def test_asterisk_ipv6_tls_and_default_date_format():
    log = ("[Dec  3 10:26:03] VERBOSE[4242][C-00000002] res_pjsip_logger.c: <--- Transmitting SIP request "
           "(300 bytes) to TLS:[2001:db8::1]:5061 --->\n" + OPTIONS.format(n=6))
    (m,), stats = read_all(log.encode())
    assert stats.format == "asterisk"
    assert (m.time, m.src, m.dst, m.transport) == (None, "", "[2001:db8::1]:5061", "tls")  # no year: no time


def test_asterisk_console_with_timestamps():
    log = ("[2026-12-03 10:26:03] <--- Received SIP response (300 bytes) from WS:192.0.2.9:8088 --->\n"
           + OPTIONS.format(n=11).replace("OPTIONS sip:bob@example.com SIP/2.0", "SIP/2.0 200 OK"))
    (m,), _ = read_all(log.encode())
    assert (m.time, m.src, m.dst, m.transport) == (1796293563.0, "192.0.2.9:8088", "", "ws")


def test_freeswitch_uuid_prefix_colour_codes_and_ipv6():
    uuid = "8a7f6c1e-2b3d-4e5f-8a9b-0c1d2e3f4a5b "
    lines = ["recv 300 bytes from tcp/[2001:db8::2]:5060 at 10:26:03.123456:", "-" * 72,
             *OPTIONS.format(n=7).split("\n")]
    log = "\n".join(uuid + line for line in lines)
    log = "\x1b[0;32m" + log.replace("CSeq", "\x1b[0mCSeq")
    (m,), stats = read_all(log.encode())
    assert stats.format == "freeswitch"
    assert (m.time, m.src, m.dst, m.transport) == (None, "[2001:db8::2]:5060", "", "tcp")
    assert m.data == OPTIONS.format(n=7).replace("\n", "\r\n").encode()


def test_kamailio_through_rsyslog_escapes_and_rfc3339_dates():
    message = OPTIONS.format(n=8).replace("\n", "#015#012")
    line = ("2026-12-03T10:26:03.250000+01:00 sip1 /usr/sbin/kamailio[4242]: INFO: <script>: received OPTIONS "
            f"from tcp:192.0.2.7:40000 to 192.0.2.1:5060#012{message}")
    (m,), stats = read_all(line.encode() + b"\n")
    assert stats.format == "kamailio"
    assert m.time == 1796293563.25 - 3600  # 2026-12-03 09:26:03.25 UTC
    assert (m.src, m.dst, m.transport) == ("192.0.2.7:40000", "192.0.2.1:5060", "tcp")
    assert m.data == OPTIONS.format(n=8).replace("\n", "\r\n").encode()


def test_sngrep_ipv6_addresses():
    log = "2026/12/03 10:26:03.000001 [2001:db8::1]:5060 -> [2001:db8::2]:5062\n" + OPTIONS.format(n=9)
    (m,), _ = read_all(log.encode())
    assert (m.time, m.src, m.dst) == (pytest.approx(1796293563.000001), "[2001:db8::1]:5060", "[2001:db8::2]:5062")


def test_formats_are_judged_by_content_not_name(tmp_path):
    disguised = tmp_path / "capture.pcap"
    disguised.write_bytes((LOGS / "freeswitch-siptrace.log").read_bytes())
    assert read_all(disguised)[1].format == "freeswitch"


class OnlySmallReads(io.RawIOBase):
    """A stream that refuses to be read whole: each read must ask for a bounded size."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)
        self.largest = 0

    def readable(self):
        return True

    def read(self, size=-1):
        assert 0 < size <= 1 << 20, size
        self.largest = max(self.largest, size)
        return self._data.read(size)


def test_text_is_streamed_not_read_whole():
    data = ((LOGS / "kamailio.log").read_bytes() + b"\n") * 40
    stream = OnlySmallReads(data)
    messages, stats = read_all(stream)
    assert len(messages) == 18 * 40 and stats.format == "kamailio"


def test_an_endless_line_is_dropped_and_counted():
    data = b"x" * (300 * 1024) + b"\n" + OPTIONS.format(n=10).encode()
    messages, stats = read_all(data)
    assert call_ids(messages) == ["10@x"] and stats.skipped["text-long-line"] == 1


MARKERS = st.sampled_from([
    "<--- Received SIP request (12 bytes) from UDP:10.0.0.1:5060 --->",
    "[2026-12-03 10:00:00.123] VERBOSE[1] res_pjsip_logger.c: <--- Transmitting SIP response (9 bytes) to "
    "WSS:[::1]:99999 --->",
    "recv 10 bytes from udp/[10.0.0.1]:5060 at 10:00:00.000000:", "-" * 72, "   " + "-" * 72,
    " 1(42) INFO: <script>: from udp:1.2.3.4:5 to ::1:6", "Dec  3 10:00:00 h kamailio[1]: INFO: <script>: #012",
    "2026/02/31 25:61:61.000000 1.2.3.4:5 -> 6.7.8.9:10", "INVITE sip:x SIP/2.0", "SIP/2.0 200 OK",
    "Content-Length: 5", "l: 99999999999999999999", "Call-ID: x", " folded", "", "\r",
])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(MARKERS, st.text(max_size=40)), max_size=30), st.sampled_from(["\n", "\r\n"]))
def test_random_text_raises_nothing_but_capture_error(lines, end):
    data = end.join(lines).encode("utf-8", "surrogatepass")
    try:
        for message in read(data):
            assert message.data.split(b"\r\n", 1)[0]
    except CaptureError as error:
        assert "\n" not in str(error)

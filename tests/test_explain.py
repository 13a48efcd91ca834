"""`sipcodes.explain` and `sipcodes explain`: the JSON contract, call selection, languages, outputs and errors."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import sipcodes
from sipcodes.capture import CaptureError, CapturedMessage
from sipcodes.explain import NoSuchCall, Report

CAPTURES = Path(__file__).parent / "data" / "captures"
CALL_KEYS = {"call_id", "from", "to", "method", "outcome", "outcome_label", "final", "messages", "findings"}
MESSAGE_KEYS = {"time", "src", "dst", "summary", "retransmission"}
FINDING_KEYS = {"code", "reason", "explanation", "evidence", "next_steps"}
EVIDENCE_KEYS = {"header", "value", "meaning", "reference"}


def check_contract(data: dict) -> None:
    """Every field of the documented JSON contract, with its type."""
    assert {"calls", "messages", "skipped", "lang", "warnings"} <= set(data)
    assert isinstance(data["messages"], int) and isinstance(data["skipped"], int)
    assert isinstance(data["lang"], str) and isinstance(data["warnings"], list)
    for call in data["calls"]:
        assert set(call) == CALL_KEYS
        assert all(isinstance(call[k], str) for k in ("call_id", "from", "to", "outcome", "outcome_label"))
        assert call["final"] is None or (set(call["final"]) == {"code", "reason"}
                                         and isinstance(call["final"]["code"], int))
        for message in call["messages"]:
            assert set(message) == MESSAGE_KEYS
            assert message["time"] is None or isinstance(message["time"], float)
            assert isinstance(message["retransmission"], bool)
        for finding in call["findings"]:
            assert set(finding) == FINDING_KEYS
            assert isinstance(finding["code"], int) and isinstance(finding["explanation"], str)
            assert all(isinstance(step, str) for step in finding["next_steps"])
            for item in finding["evidence"]:
                assert set(item) == EVIDENCE_KEYS and all(isinstance(v, str) for v in item.values())


def _message(first: str, cseq: str, branch: str, to_tag: str | None = None, extra: str = "") -> bytes:
    to = "<sip:bob@example.com>" + (f";tag={to_tag}" if to_tag else "")
    return (f"{first}\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch={branch}\r\n"
            f"From: \"Alice\" <sip:alice@example.com>;tag=a1\r\nTo: {to}\r\nCall-ID: busy-1@example.com\r\n"
            f"CSeq: {cseq}\r\n{extra}Content-Length: 0\r\n\r\n").encode()


def busy_call_pcap(final: str = "486 Busy Here", extra: str = "Retry-After: 300\r\n") -> bytes:
    """A pcap (built with struct) of one INVITE answered 100, 180, then `final` twice (a retransmission), and
    ACK."""
    import struct

    def packet(src: bytes, dst: bytes, payload: bytes) -> bytes:
        udp = struct.pack("!HHHH", 5060, 5060, 8 + len(payload), 0) + payload
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0, src, dst) + udp
        return b"\x00" * 12 + b"\x08\x00" + ip

    a, b = bytes([192, 0, 2, 1]), bytes([192, 0, 2, 2])
    flow = [(a, b, _message("INVITE sip:bob@example.com SIP/2.0", "1 INVITE", "z9hG4bK1")),
            (b, a, _message("SIP/2.0 100 Trying", "1 INVITE", "z9hG4bK1")),
            (b, a, _message("SIP/2.0 180 Ringing", "1 INVITE", "z9hG4bK1", "b1")),
            (b, a, _message(f"SIP/2.0 {final}", "1 INVITE", "z9hG4bK1", "b1", extra)),
            (b, a, _message(f"SIP/2.0 {final}", "1 INVITE", "z9hG4bK1", "b1", extra)),
            (a, b, _message("ACK sip:bob@example.com SIP/2.0", "1 ACK", "z9hG4bK1", "b1"))]
    out = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1)
    for i, (src, dst, payload) in enumerate(flow):
        frame = packet(src, dst, payload)
        out += struct.pack("<IIII", 1_764_000_000, 1000 * i, len(frame), len(frame)) + frame
    return out


def test_report_of_a_busy_call_follows_the_contract():
    report = sipcodes.explain(busy_call_pcap())
    assert isinstance(report, Report)
    data = report.to_dict()
    check_contract(data)
    assert data["messages"] == 6 and data["skipped"] == 0 and data["lang"] == "en"
    (call,) = data["calls"]
    assert call["call_id"] == "busy-1@example.com"
    assert (call["from"], call["to"], call["method"]) == ("sip:alice@example.com", "sip:bob@example.com", "INVITE")
    assert call["outcome"] == "busy" and call["outcome_label"] == "busy"
    assert call["final"] == {"code": 486, "reason": "Busy Here"}
    assert [m["summary"] for m in call["messages"]] == [
        "INVITE sip:bob@example.com", "100 Trying", "180 Ringing", "486 Busy Here", "486 Busy Here",
        "ACK sip:bob@example.com"]
    assert [m["retransmission"] for m in call["messages"]] == [False, False, False, False, True, False]
    assert [m["src"] for m in call["messages"]][:2] == ["192.0.2.1:5060", "192.0.2.2:5060"]
    (finding,) = call["findings"]
    assert finding["code"] == 486 and finding["reason"] == "Busy Here"
    entry = sipcodes.get(486)
    assert finding["explanation"].startswith(entry.summary) and entry.description in finding["explanation"]
    assert finding["next_steps"] and finding["next_steps"][0].startswith("retry later")


def test_prose_is_in_the_language_asked_for():
    data = sipcodes.explain(busy_call_pcap(), lang="fr").to_dict()
    (call,) = data["calls"]
    assert data["lang"] == "fr"
    assert call["outcome"] == "busy" and call["outcome_label"] == "occupé"
    finding = call["findings"][0]
    assert finding["explanation"].startswith(sipcodes.get(486, "fr").summary)
    assert finding["next_steps"][0] != sipcodes.explain(busy_call_pcap()).to_dict()["calls"][0]["findings"][0][
        "next_steps"][0]


def test_answered_calls_are_left_out_unless_asked_for():
    path = CAPTURES / "udp4.pcap"
    report = sipcodes.explain(path)
    assert report.calls == [] and report.total_calls == 2 and report.outcomes == {"answered": 2}
    assert len(sipcodes.explain(path, all_calls=True).calls) == 2
    one = sipcodes.explain(path, call_id="2-21980@127.0.0.1")
    assert [c.call_id for c in one.calls] == ["2-21980@127.0.0.1"]
    with pytest.raises(NoSuchCall, match="no call with Call-ID nope"):
        sipcodes.explain(path, call_id="nope")


def test_sources_may_be_a_path_bytes_a_file_object_or_a_list_read_as_one_trace():
    path = CAPTURES / "udp4.pcapng"
    by_path = sipcodes.explain(path, all_calls=True).to_dict()
    by_bytes = sipcodes.explain(path.read_bytes(), all_calls=True).to_dict()
    with open(path, "rb") as handle:
        by_file = sipcodes.explain(handle, all_calls=True).to_dict()
    gz = sipcodes.explain(gzip.compress(path.read_bytes()), all_calls=True).to_dict()
    assert by_path == by_bytes == by_file == gz
    twice = sipcodes.explain([path, path], all_calls=True)
    # the same messages twice over: the second copy of each is a retransmission, not a new call
    assert twice.messages == 2 * by_path["messages"] and len(twice.calls) == 2
    assert all(sum(m.retransmission for m in c.messages) == len(c.messages) // 2 for c in twice.calls)


def test_bad_inputs_raise_one_line_errors():
    with pytest.raises(CaptureError, match=r"^input: not a capture"):
        sipcodes.explain(b"\x00\x01\x02 binary junk")
    with pytest.raises(CaptureError, match=r"no SIP message found"):
        sipcodes.explain(b"just some text\nwithout any SIP message\n")
    with pytest.raises(sipcodes.UnknownLanguage):
        sipcodes.explain(busy_call_pcap(), lang="xx")
    with pytest.raises(CaptureError, match="cannot open"):
        sipcodes.explain("/nonexistent/trace.pcap")


def test_a_damaged_capture_explains_its_good_part_and_warns():
    data = (CAPTURES / "udp4-truncated.pcap").read_bytes()
    report = sipcodes.explain(data, all_calls=True)
    assert report.messages > 0 and report.skipped >= 1
    assert any("truncated-file" in w for w in report.warnings)


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sipcodes", "explain", *args], input=stdin, capture_output=True,
                          env={"PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"})


def test_cli_json_text_and_markdown(tmp_path):
    capture = tmp_path / "busy.pcap"
    capture.write_bytes(busy_call_pcap())
    out = run("--format", "json", str(capture))
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    check_contract(data)
    assert data == sipcodes.explain(capture).to_dict()
    text = run(str(capture), "--lang", "de")
    assert text.returncode == 0 and text.stderr == b""
    body = text.stdout.decode()
    assert "486 Busy Here" in body and "besetzt" in body and "\x1b[" not in body
    assert "►" in body and "◄" in body  # the ladder's arrows
    markdown = run("-f", "markdown", str(capture)).stdout.decode()
    assert markdown.startswith("# ") and "### 486 Busy Here" in markdown and "| 486 Busy Here |" in markdown


def test_cli_reads_stdin_and_selects_calls():
    data = (CAPTURES / "udp4.pcap").read_bytes()
    out = run("-", "--all", "--format", "json", stdin=data)
    assert out.returncode == 0
    assert len(json.loads(out.stdout)["calls"]) == 2
    one = run("-", "--call", "1-21980@127.0.0.1", "-f", "json", stdin=data)
    assert [c["call_id"] for c in json.loads(one.stdout)["calls"]] == ["1-21980@127.0.0.1"]


@pytest.mark.parametrize("args, stdin, message", [
    (["/nonexistent.pcap"], None, "sipcodes: error: /nonexistent.pcap: cannot open"),
    (["-"], b"\x00\x01binary", "sipcodes: error: <stdin>: not a capture"),
    (["-"], b"hello\n", "sipcodes: error: <stdin>: no SIP message found"),
    (["-", "--call", "x"], (CAPTURES / "udp4.pcap").read_bytes(), "sipcodes: error: no call with Call-ID x"),
    (["-", "--lang", "xx"], (CAPTURES / "udp4.pcap").read_bytes(), "sipcodes: error:"),
    ([str(CAPTURES)], None, "is a directory"),
    (["-", "--cert", "/nonexistent.pem"], b"", "cannot read the certificate"),
])
def test_cli_errors_are_one_line(args, stdin, message):
    out = run(*args, stdin=stdin)
    assert out.returncode == 2
    err = out.stderr.decode()
    assert err.count("\n") == 1 and message in err and "Traceback" not in err


def test_messages_without_times_have_null_time():
    data = _message("INVITE sip:bob@example.com SIP/2.0", "1 INVITE", "z9hG4bK1")
    from sipcodes import calls

    (call,) = calls.group([CapturedMessage(None, "", "", "text", data)])
    assert call.seen[0].time is None and call.outcome == "unfinished"


LOGS = Path(__file__).parent / "data" / "logs"


@pytest.mark.parametrize("name", ["asterisk-full.log", "asterisk-console.log", "freeswitch-siptrace.log",
                                  "freeswitch-siptrace-2018.log", "kamailio.log", "sngrep.txt", "bare-sip.txt"])
def test_every_text_log_is_explained_like_the_capture_of_the_same_run(name):
    # the logs hold (part of) the calls of run.pcap, recorded in the same run or built from its messages
    from_capture = {c.call_id: c for c in sipcodes.explain(LOGS / "run.pcap", all_calls=True).calls}
    report = sipcodes.explain(LOGS / name, all_calls=True)
    assert report.calls and report.messages > 0
    for call in report.calls:
        assert call.call_id in from_capture
        assert call.outcome == from_capture[call.call_id].outcome
        assert call.final == from_capture[call.call_id].final
    text = run(str(LOGS / name), "--all").stdout.decode()
    assert "Call " in text and "INVITE" in text


from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes_give_a_report_or_one_capture_error(data):
    try:
        report = sipcodes.explain(data, all_calls=True)
    except CaptureError as error:
        assert "\n" not in str(error)
    else:
        check_contract(report.to_dict())


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_damaged_captures_give_a_report_or_one_capture_error(draw):
    data = bytearray(busy_call_pcap())
    for _ in range(draw.draw(st.integers(1, 20))):
        data[draw.draw(st.integers(0, len(data) - 1))] = draw.draw(st.integers(0, 255))
    cut = draw.draw(st.integers(24, len(data)))
    try:
        report = sipcodes.explain(bytes(data[:cut]), all_calls=True)
    except CaptureError as error:
        assert "\n" not in str(error)
    else:
        check_contract(report.to_dict())
        assert report.messages <= 6


def test_cli_html_is_one_self_contained_page(tmp_path):
    capture = tmp_path / "busy.pcap"
    capture.write_bytes(busy_call_pcap())
    out = run("-f", "html", "--lang", "es", str(capture))
    assert out.returncode == 0
    page = out.stdout.decode()
    assert page.lstrip().lower().startswith("<!doctype html") and "<svg" in page and "486 Busy Here" in page
    assert "<script" not in page and 'src="http' not in page and 'lang="es"' in page


def test_607_with_call_info_gets_its_evidence_sentence_in_every_output(tmp_path):
    capture = tmp_path / "607.pcap"
    capture.write_bytes(busy_call_pcap(
        "607 Unwanted", "Call-Info: <https://blocker.example.net/jcard.jws>;purpose=jwscard\r\n"))
    (call,) = sipcodes.explain(capture).to_dict()["calls"]
    assert call["outcome"] == "declined" and call["final"]["code"] == 607
    (finding,) = call["findings"]
    (line,) = [item for item in finding["evidence"] if item["header"] == "Call-Info"]
    assert "jwscard" in line["meaning"] and "https://blocker.example.net/jcard.jws" in line["meaning"]
    assert line["reference"].startswith("RFC 8688")
    for fmt in ("text", "markdown", "html"):
        out = run("-f", fmt, str(capture)).stdout.decode()
        assert "signed jCard" in out and "RFC 8688" in out, fmt


def test_notable_provisional_responses_are_explained_too():
    invite = _message("INVITE sip:bob@example.com SIP/2.0", "1 INVITE", "z9hG4bK1")
    trace = b"\r\n".join([
        invite,
        _message("SIP/2.0 180 Ringing", "1 INVITE", "z9hG4bK1", "b1"),
        _message("SIP/2.0 183 Session Progress", "1 INVITE", "z9hG4bK1", "b1",
                 'Reason: Q.850;cause=16;text="Normal call clearing"\r\n'),
        _message("SIP/2.0 199 Early Dialog Terminated", "1 INVITE", "z9hG4bK1", "b2"),
        _message("SIP/2.0 189 Something New", "1 INVITE", "z9hG4bK1", "b1", "Warning: 399 gw \"odd\"\r\n"),
        _message("SIP/2.0 486 Busy Here", "1 INVITE", "z9hG4bK1", "b1"),
    ])
    (call,) = sipcodes.explain(trace).to_dict()["calls"]
    assert call["messages"][0]["time"] is None
    assert [f["code"] for f in call["findings"]] == [183, 199, 189, 486]  # 180 with nothing telling: none
    reason = call["findings"][0]["evidence"][0]
    assert reason["header"] == "Reason" and "cause 16" in reason["meaning"]
    unknown = call["findings"][2]
    assert unknown["explanation"].startswith("189 is not a registered code; a client treats it as 183")
    assert unknown["evidence"][0]["header"] == "Warning"

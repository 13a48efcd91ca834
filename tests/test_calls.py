"""Grouping messages into calls and transactions, retransmissions, outcomes; and the quick field reader `brief`."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sipcodes
from sipcodes import calls, sip
from sipcodes.capture import CapturedMessage, read
from sipcodes.catalog import _vocab

CAPTURES = Path(__file__).parent / "data" / "captures"
RFC4475 = Path(__file__).parent / "data" / "rfc4475"


def captured_messages() -> list[bytes]:
    found = []
    for path in sorted(CAPTURES.iterdir()):
        if path.suffix in (".pcap", ".pcapng", ".gz", ".hep") and "truncated" not in path.name:
            found += [m.data for m in read(path)]
    return found


def torture_messages() -> list[bytes]:
    return [p.read_bytes() for p in sorted(RFC4475.glob("*.dat"))]


# --- brief: the quick reader agrees with the full parser whenever it answers ---------------------------------

@pytest.mark.parametrize("data", captured_messages() + torture_messages())
def test_brief_agrees_with_the_parser(data):
    quick = sip.brief(data)
    try:
        full = sip.brief_of(sip.parse(data))
    except sip.MessageError:
        assert quick is None
        return
    if quick is not None:
        assert quick == full


def test_brief_reads_plain_captured_messages():
    # the captures hold ordinary SIPp messages: the quick path must take every one of them
    messages = captured_messages()
    assert messages
    assert all(sip.brief(data) is not None for data in messages)


def test_brief_declines_what_it_cannot_read_plainly():
    folded = (b"SIP/2.0 486 Busy Here\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKx\r\nFrom: <sip:a@h>;tag=1\r\n"
              b"To: <sip:b@h>\r\n ;tag=2\r\nCall-ID: c\r\nCSeq: 1 INVITE\r\n\r\n")
    assert sip.brief(folded) is None
    assert sip.read_brief(folded).to_tag == "2"  # the parser unfolds it
    twice = (b"SIP/2.0 486 Busy Here\r\nVia: SIP/2.0/UDP h;branch=z9hG4bKx\r\nFrom: <sip:a@h>;tag=1\r\n"
             b"To: <sip:b@h>\r\nCall-ID: c\r\nCall-ID: d\r\nCSeq: 1 INVITE\r\n\r\n")
    assert sip.brief(twice) is None


def test_brief_reads_compact_forms_and_the_top_via_only():
    data = (b"SIP/2.0 180 Ringing\r\nv: SIP/2.0/UDP p;branch=z9hG4bKtop, SIP/2.0/UDP q;branch=z9hG4bKlow\r\n"
            b"v: SIP/2.0/UDP r;branch=z9hG4bKlowest\r\nf: <sip:a@h>;tag=1\r\nt: <sip:b@h;tag=uri>;tag=2\r\n"
            b"i: abc@h\r\nCSeq: 7 INVITE\r\n\r\n")
    found = sip.brief(data)
    assert found is not None
    assert (found.status, found.branch, found.to_tag, found.call_id, found.cseq_number, found.method) == (
        180, "z9hG4bKtop", "2", "abc@h", 7, "INVITE")
    assert found == sip.brief_of(sip.parse(data))


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(captured_messages() + torture_messages()), st.data())
def test_brief_and_parser_agree_on_mutated_messages(data, draw):
    position = draw.draw(st.integers(0, max(len(data) - 1, 0)))
    junk = draw.draw(st.binary(min_size=0, max_size=8))
    cut = draw.draw(st.integers(0, 3))
    mutated = data[:position] + junk + data[position + cut:]
    quick = sip.brief(mutated)
    try:
        full = sip.brief_of(sip.parse(mutated))
    except sip.MessageError:
        full = None
    if quick is not None:
        assert full is not None and quick == full
    if full is None:
        with pytest.raises(sip.MessageError):
            sip.read_brief(mutated)


# --- grouping -------------------------------------------------------------------------------------------------

def test_calls_of_a_real_capture():
    found = calls.group(read(CAPTURES / "udp4.pcap"))
    assert [c.call_id for c in found] == ["1-21980@127.0.0.1", "2-21980@127.0.0.1"]
    for call in found:
        assert call.outcome == "answered" and call.final_status == 200 and call.method == "INVITE"
        assert [line.summary.split()[0] for line in call.seen] == ["INVITE", "180", "200", "ACK", "BYE", "200"]
        assert [t.method for t in call.transactions] == ["INVITE", "ACK", "BYE"]
        assert call.retransmissions == 0


def test_each_packet_seen_twice_is_a_retransmission_not_a_second_transaction():
    # two-interfaces.pcapng holds every packet twice (captured on lo and on any)
    found = calls.group(read(CAPTURES / "two-interfaces.pcapng"))
    single = calls.group(read(CAPTURES / "udp4.pcapng"))
    assert len(found) == len(single) == 2
    for call, reference in zip(found, single):
        assert len(call.seen) == 2 * len(reference.seen)
        assert call.retransmissions == len(reference.seen)
        assert [t.method for t in call.transactions] == [t.method for t in reference.transactions]
        assert call.outcome == "answered"


def _message(first: str, cseq: str, branch: str, to_tag: str | None = None, extra: str = "") -> bytes:
    to = "<sip:bob@example.com>" + (f";tag={to_tag}" if to_tag else "")
    return (f"{first}\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch={branch}\r\n"
            f"From: <sip:alice@example.com>;tag=a1\r\nTo: {to}\r\nCall-ID: call-1@example.com\r\nCSeq: {cseq}\r\n"
            f"{extra}Content-Length: 0\r\n\r\n").encode()


A, B = "192.0.2.1:5060", "192.0.2.2:5060"


def _flow(*steps: tuple[float, str, str, bytes]) -> list[calls.Call]:
    return calls.group(CapturedMessage(t, src, dst, "udp", data) for t, src, dst, data in steps)


def _invite(branch="z9hG4bK1", cseq="1 INVITE"):
    return _message("INVITE sip:bob@example.com SIP/2.0", cseq, branch)


def _answer(code_reason: str, branch="z9hG4bK1", cseq="1 INVITE", extra=""):
    return _message(f"SIP/2.0 {code_reason}", cseq, branch, "b1", extra)


@pytest.mark.parametrize("final, outcome", [
    ("200 OK", "answered"), ("486 Busy Here", "busy"), ("600 Busy Everywhere", "busy"),
    ("603 Decline", "declined"), ("480 Temporarily Unavailable", "no-answer"), ("487 Request Terminated", "cancelled"),
    ("302 Moved Temporarily", "redirected"), ("403 Forbidden", "rejected"), ("503 Service Unavailable",
                                                                             "network-failure"),
    ("408 Request Timeout", "timed-out"),
])
def test_outcome_comes_from_the_final_response(final, outcome):
    (call,) = _flow((0.0, A, B, _invite()), (0.1, B, A, _answer("100 Trying")), (0.2, B, A, _answer(final)))
    assert call.outcome == outcome
    assert call.final_status == int(final[:3])


def test_unknown_code_is_classed_as_the_x00_of_its_class():
    # RFC 3261 §8.1.3.2: an unrecognised 4xx is treated as 400
    (call,) = _flow((0.0, A, B, _invite()), (0.1, B, A, _answer("499 Whatever")))
    assert call.outcome == "rejected" and call.final_status == 499


def test_challenge_then_answer():
    (call,) = _flow(
        (0.0, A, B, _invite()), (0.1, B, A, _answer("401 Unauthorized")),
        (0.2, A, B, _message("ACK sip:bob@example.com SIP/2.0", "1 ACK", "z9hG4bK1", "b1")),
        (0.3, A, B, _invite("z9hG4bK2", "2 INVITE")), (0.4, B, A, _answer("200 OK", "z9hG4bK2", "2 INVITE")))
    assert call.outcome == "challenged-then-answered"
    assert call.final_status == 200
    assert [t.final_status for t in call.failed_transactions()] == [401]


def test_cancelled_without_487_and_unfinished_and_timed_out():
    (cancelled,) = _flow((0.0, A, B, _invite()), (0.1, B, A, _answer("180 Ringing")),
                         (5.0, A, B, _message("CANCEL sip:bob@example.com SIP/2.0", "1 CANCEL", "z9hG4bK1")))
    assert cancelled.outcome == "cancelled" and cancelled.final_status is None
    (ringing,) = _flow((0.0, A, B, _invite()), (0.1, B, A, _answer("180 Ringing")))
    assert ringing.outcome == "unfinished"
    # an INVITE retransmitted with no answer at all, the capture going on past Timer B (32 s)
    retransmitted = [(t, A, B, _invite()) for t in (0.0, 0.5, 1.5, 3.5, 7.5, 15.5, 31.5)]
    (lost,) = calls.group([CapturedMessage(t, s, d, "udp", m) for t, s, d, m in retransmitted]
                          + [CapturedMessage(40.0, "192.0.2.9:5060", B, "udp", _message(
                              "OPTIONS sip:x@example.com SIP/2.0", "1 OPTIONS", "z9hG4bK9").replace(
                              b"call-1@", b"other@"))])[:1]
    assert lost.outcome == "timed-out"
    assert lost.retransmissions == 6 and len(lost.transactions) == 1
    (early,) = _flow(*retransmitted[:3])
    assert early.outcome == "unfinished"  # the capture ended before Timer B could fire


def test_register_is_the_main_transaction_of_a_registration():
    register = _message("REGISTER sip:example.com SIP/2.0", "1 REGISTER", "z9hG4bKr1")
    (call,) = _flow((0.0, A, B, register),
                    (0.1, B, A, _message("SIP/2.0 423 Interval Too Brief", "1 REGISTER", "z9hG4bKr1", "r",
                                         "Min-Expires: 3600\r\n")))
    assert call.method == "REGISTER" and call.outcome == "rejected" and call.final_status == 423


def test_every_final_code_has_an_outcome_and_no_provisional_code_has_one():
    for entry in sipcodes.all():
        if entry.code < 200:
            assert entry.outcome is None, entry.code
        else:
            assert entry.outcome in _vocab.CODE_OUTCOMES, entry.code
        if 200 <= entry.code < 300:
            assert entry.outcome == "answered"
        if 300 <= entry.code < 400:
            assert entry.outcome == "redirected"
    assert set(_vocab.CODE_OUTCOMES) < set(_vocab.OUTCOMES)

"""Property tests: whatever bytes the parser is given, it returns a message or raises MessageError, nothing else."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sipcodes import sip

SAMPLES = [p.read_bytes() for p in sorted((Path(__file__).parent / "data" / "rfc4475").glob("*.dat"))]
SIP_BYTES = b' \t\r\n:;,"<>\\/=@%*0123456789SIPsipVviaTtoFfrom'


def read_everything(data: bytes) -> None:
    """Parse and touch every decoded field, as the explain layer will."""
    try:
        msg = sip.parse(data)
    except sip.MessageError as error:
        assert str(error) and "\n" not in str(error)
        return
    fields = (msg.call_id, msg.cseq, msg.from_, msg.to, msg.from_tag, msg.to_tag, msg.via, msg.top_via,
              msg.branch, msg.contact, msg.body, msg.trailing, msg.defects, list(msg.headers), msg.headers.names())
    assert isinstance(fields[10], bytes)
    for name, _ in msg.headers:
        msg.headers.get_all(name)
        for value in msg.headers.get_lines(name):
            for decode in (sip.parse_challenge, sip.parse_name_addr, sip.parse_via, sip.parse_cseq):
                try:
                    decode(value)
                except sip.MessageError:
                    pass
            sip.parse_params(value)
            sip.split_list(value)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600))
def test_random_bytes(data):
    read_everything(data)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(SAMPLES), st.data())
def test_mutated_torture_messages(sample, data):
    """Byte flips, insertions of SIP-significant characters, deletions and truncations of real messages."""
    message = bytearray(sample)
    for _ in range(data.draw(st.integers(1, 8))):
        if not message:
            break
        at = data.draw(st.integers(0, len(message) - 1))
        action = data.draw(st.sampled_from(("flip", "insert", "delete", "truncate")))
        if action == "flip":
            message[at] = data.draw(st.integers(0, 255))
        elif action == "insert":
            message[at:at] = bytes([data.draw(st.sampled_from(SIP_BYTES))])
        elif action == "delete":
            del message[at]
        else:
            del message[at:]
    read_everything(bytes(message))


@settings(max_examples=300)
@given(st.lists(st.tuples(st.text(min_size=1, max_size=12), st.text(max_size=40)), max_size=8),
       st.sampled_from([b"SIP/2.0 486 Busy Here", b"INVITE sip:a@example.com SIP/2.0"]))
def test_arbitrary_header_text(fields, start):
    head = start + b"".join(b"\r\n" + n.encode("utf-8", "surrogatepass") + b":" + v.encode("utf-8", "surrogatepass")
                            for n, v in fields)
    read_everything(head + b"\r\n\r\n")

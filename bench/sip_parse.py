"""Microseconds per message for sipcodes.sip.parse on three typical messages (not a test).

Prints, for each message: parse() alone, parse() plus the fields grouping code reads (Call-ID, CSeq, top Via
branch, From/To tags, status), and the baseline of an empty Python call in the same loop.

    python bench/sip_parse.py [--rounds N]
"""

from __future__ import annotations

import argparse
import platform
import time

from sipcodes import sip

INVITE = (
    b"INVITE sip:bob@biloxi.example.com SIP/2.0\r\n"
    b"Via: SIP/2.0/UDP pc33.atlanta.example.com:5060;branch=z9hG4bK776asdhds;rport\r\n"
    b"Max-Forwards: 70\r\n"
    b"To: Bob <sip:bob@biloxi.example.com>\r\n"
    b"From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
    b"Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
    b"CSeq: 314159 INVITE\r\n"
    b"Contact: <sip:alice@pc33.atlanta.example.com>\r\n"
    b"Allow: INVITE, ACK, CANCEL, BYE, OPTIONS, UPDATE, PRACK\r\n"
    b"Supported: 100rel, timer\r\n"
    b"User-Agent: ExamplePhone/1.0\r\n"
    b"Content-Type: application/sdp\r\n"
    b"Content-Length: 142\r\n\r\n"
    b"v=0\r\no=alice 2890844526 2890844526 IN IP4 pc33.atlanta.example.com\r\ns=-\r\n"
    b"c=IN IP4 192.0.2.101\r\nt=0 0\r\nm=audio 49172 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n"
)
SDP = (
    b"v=0\r\no=bob 2808844564 2808844564 IN IP4 biloxi.example.com\r\ns=-\r\n"
    b"c=IN IP4 192.0.2.201\r\nt=0 0\r\nm=audio 3456 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n"
)
OK_WITH_SDP = (
    b"SIP/2.0 200 OK\r\n"
    b"Via: SIP/2.0/UDP server10.biloxi.example.com;branch=z9hG4bKnashds8;received=192.0.2.3\r\n"
    b"Via: SIP/2.0/UDP bigbox3.site3.atlanta.example.com;branch=z9hG4bK77ef4c2312983.1;received=192.0.2.2\r\n"
    b"Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds;received=192.0.2.1\r\n"
    b"To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf\r\n"
    b"From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
    b"Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
    b"CSeq: 314159 INVITE\r\n"
    b"Contact: <sip:bob@192.0.2.4>\r\n"
    b"Content-Type: application/sdp\r\n"
    b"Content-Length: " + str(len(SDP)).encode() + b"\r\n\r\n" + SDP
)
BUSY = (
    b"SIP/2.0 486 Busy Here\r\n"
    b"Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds;received=192.0.2.1;rport=5060\r\n"
    b"To: Bob <sip:bob@biloxi.example.com>;tag=a6c85cf\r\n"
    b"From: Alice <sip:alice@atlanta.example.com>;tag=1928301774\r\n"
    b"Call-ID: a84b4c76e66710@pc33.atlanta.example.com\r\n"
    b"CSeq: 314159 INVITE\r\n"
    b"Reason: Q.850;cause=17;text=\"User busy\"\r\n"
    b"Retry-After: 120 (in a meeting);duration=3600\r\n"
    b"Server: ExampleServer/2.1\r\n"
    b"Content-Length: 0\r\n\r\n"
)


def per_message(func, data: bytes, rounds: int) -> float:
    """Best of five runs of `rounds` calls, in microseconds per call."""
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(rounds):
            func(data)
        best = min(best, time.perf_counter() - start)
    return best / rounds * 1e6


def parse_and_group(data: bytes) -> object:
    msg = sip.parse(data)
    return (msg.call_id, msg.cseq, msg.branch, msg.from_tag, msg.to_tag, getattr(msg, "status", None))


def empty(data: bytes) -> None:
    return None


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20000)
    rounds = parser.parse_args().rounds
    print(f"python {platform.python_version()} on {platform.machine()}, {time.strftime('%Y-%m-%d')}, "
          f"best of 5 x {rounds}")
    print(f"{'message':<28}{'bytes':>7}{'parse()':>12}{'+ grouping fields':>20}")
    for label, data in (("INVITE with SDP", INVITE), ("200 OK with SDP", OK_WITH_SDP),
                        ("486 with Reason, Retry-After", BUSY)):
        print(f"{label:<28}{len(data):>7}{per_message(sip.parse, data, rounds):>10.2f}µs"
              f"{per_message(parse_and_group, data, rounds):>18.2f}µs")
    print(f"{'baseline: empty call':<35}{per_message(empty, INVITE, rounds):>10.2f}µs")


if __name__ == "__main__":
    main()

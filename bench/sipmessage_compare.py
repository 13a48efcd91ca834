"""Judges the `sipmessage` package (PyPI) against the RFC 4475 messages and the parse bench (not a test).

sipmessage is not a dependency: run this from an environment where it is installed,
    python bench/sipmessage_compare.py
For each RFC 4475 message it prints what sipmessage does (parses, or the exception it raises) next to what
sipcodes.sip does, then the microseconds per message of both on the messages of bench/sip_parse.py.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

from sipcodes import sip

HERE = Path(__file__).parent
DATA = HERE.parent / "tests" / "data" / "rfc4475"


def bench_messages():
    spec = importlib.util.spec_from_file_location("sip_parse_bench", HERE / "sip_parse.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return {"INVITE": module.INVITE, "200 OK": module.OK_WITH_SDP, "486": module.BUSY}


def sipmessage_fields(message_class, data: bytes):
    msg = message_class.parse(data)
    return (msg.call_id, msg.cseq, msg.from_address, msg.to_address, msg.via, msg.contact)


def ours(data: bytes):
    msg = sip.parse(data)
    return (msg.call_id, msg.cseq, msg.from_, msg.to, msg.via, msg.contact)


def per_message(func, data: bytes, rounds: int = 5000) -> float:
    best = float("inf")
    for _ in range(5):
        start = time.perf_counter()
        for _ in range(rounds):
            func(data)
        best = min(best, time.perf_counter() - start)
    return best / rounds * 1e6


def main() -> None:
    try:
        import sipmessage
    except ImportError:
        sys.exit("sipmessage is not installed in this environment")
    print(f"sipmessage {sipmessage.__version__}")
    failures = 0
    for path in sorted(DATA.glob("*.dat")):
        data = path.read_bytes()
        try:
            sipmessage_fields(sipmessage.Message, data)
            theirs = "ok"
        except Exception as error:  # the point is to see what escapes
            theirs = f"{type(error).__name__}: {str(error)[:70]}"
            failures += 1
        try:
            ours(data)
            mine = "ok"
        except sip.MessageError as error:
            mine = f"MessageError: {error}"
        print(f"{path.stem:11} sipmessage: {theirs:<84} sipcodes.sip: {mine}")
    print(f"sipmessage failed on {failures} of {len(list(DATA.glob('*.dat')))} messages")
    for label, data in bench_messages().items():
        print(f"{label:8} parse only: sipmessage {per_message(sipmessage.Message.parse, data):7.2f} µs, "
              f"sipcodes.sip {per_message(sip.parse, data):6.2f} µs; with fields: sipmessage "
              f"{per_message(lambda d: sipmessage_fields(sipmessage.Message, d), data):7.2f} µs, "
              f"sipcodes.sip {per_message(ours, data):6.2f} µs")


if __name__ == "__main__":
    main()

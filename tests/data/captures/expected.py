"""Writes expected.json: for each capture, the Call-IDs of the SIP messages tshark finds, in order.

Usage: python3 expected.py  (needs tshark). udp4.hep has no tshark reading: it holds udp4.pcap's messages.
"""

import json
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent


def tshark_call_ids(path):
    out = subprocess.run(
        ["tshark", "-r", str(path), "-Y", "sip", "-T", "fields", "-e", "sip.Call-ID"],
        capture_output=True, text=True,  # exit status 2 on a cut-off file, after its good part
    ).stdout
    # several SIP messages in one frame come out on one line, comma-separated
    return [call_id for line in out.splitlines() for call_id in line.split(",") if call_id]


if __name__ == "__main__":
    files = sorted(p for p in HERE.iterdir() if p.suffix in (".pcap", ".pcapng", ".gz"))
    expected = {p.name: tshark_call_ids(p) for p in files}
    expected["udp4.hep"] = expected["udp4.pcap"]
    (HERE / "expected.json").write_text(json.dumps(expected, indent=1, sort_keys=True) + "\n")

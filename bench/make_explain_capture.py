"""The large capture that bench/explain.py reads, made once and kept in a cache (not a test).

Five SIPp UAS instances, each on its own port with its own scenario (from tests/data/explain/scenarios, except the
answered calls, which use SIPp's built-in uac/uas), are called by five UAC instances at once over UDP on the
loopback interface of a private network namespace, and dumpcap records everything as a classic pcap:

    answered      sipp -sn uas / -sn uac      INVITE 180 200 ACK BYE 200             16,500 calls
    busy          486-uas / 486-uac           INVITE 100 180 486 ACK                  6,000 calls
    declined      603-uas / 603-uac           INVITE 100 180 603 ACK                  6,000 calls
    unavailable   480-uas / 480-uac           INVITE 100 180 480 ACK                  4,000 calls
    unanswered    unanswered-uas / -uac       INVITE and 3 retransmissions, nothing   2,000 calls

187,000 packets when none is lost. The script fails unless the file holds at least 180,000. A second file
doubles it: the same packets again, shifted in time to start one second after the first copy ends, with every
Call-ID changed (same length: "@127.0.0.1" becomes "@127.0.0.2") so that the copy holds as many new calls.

Needs root (unshare -n), sip-tester and tshark (dumpcap). Usage: python bench/make_explain_capture.py [--force]
prints the two paths; the cache is $XDG_CACHE_HOME/sipcodes-bench (default ~/.cache/sipcodes-bench).
"""

from __future__ import annotations

import argparse
import os
import shutil
import struct
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCENARIOS = os.path.join(ROOT, "tests", "data", "explain", "scenarios")
CACHE = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "sipcodes-bench")
#: Bump when the mix changes, so that an old cached file is not reused.
VERSION = 1
SINGLE = os.path.join(CACHE, f"explain-v{VERSION}.pcap")
DOUBLED = os.path.join(CACHE, f"explain-v{VERSION}-doubled.pcap")
MIN_PACKETS = 180_000

#: name, UAS port, UAC port, scenario (None: SIPp's built-in uac/uas), calls, calls per second
MIX = [
    ("answered", 5080, 5090, None, 16_500, 235),
    ("busy", 5081, 5091, "486", 6_000, 90),
    ("declined", 5082, 5092, "603", 6_000, 90),
    ("unavailable", 5083, 5093, "480", 4_000, 60),
    ("unanswered", 5084, 5094, "unanswered", 2_000, 30),
]


def records(path: str):
    """(header, [(seconds, fraction, captured, original, frame)]) of a little-endian classic pcap file."""
    with open(path, "rb") as fh:
        data = fh.read()
    if data[:4] not in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1"):
        sys.exit(f"{path}: not a little-endian classic pcap file")
    out, pos = [], 24
    while pos + 16 <= len(data):
        seconds, fraction, captured, original = struct.unpack_from("<IIII", data, pos)
        out.append((seconds, fraction, captured, original, data[pos + 16:pos + 16 + captured]))
        pos += 16 + captured
    return data[:24], out


def count_records(path: str) -> int:
    """How many records a classic pcap file holds, read header by header: the bench's own process stays small, as
    a child it starts inherits its memory high-water mark in the peak RSS that wait4 reports."""
    count = 0
    with open(path, "rb") as fh:
        fh.seek(24)
        while True:
            header = fh.read(16)
            if len(header) < 16:
                return count
            fh.seek(struct.unpack_from("<I", header, 8)[0], os.SEEK_CUR)
            count += 1


def _new_call_ids(frame: bytes) -> bytes:
    start = frame.find(b"\r\nCall-ID: ")
    if start < 0:
        return frame
    end = frame.find(b"\r\n", start + 2)
    line = frame[start:end]
    return frame[:start] + line.replace(b"@127.0.0.1", b"@127.0.0.2") + frame[end:]


def double(source: str, target: str) -> int:
    header, packets = records(source)
    first, last = packets[0][0], packets[-1][0]
    shift = last - first + 1
    with open(target + ".part", "wb") as out:
        out.write(header)
        for copy in range(2):
            for seconds, fraction, captured, original, frame in packets:
                if copy:
                    seconds += shift
                    frame = _new_call_ids(frame)
                out.write(struct.pack("<IIII", seconds, fraction, captured, original) + frame)
    os.replace(target + ".part", target)
    return 2 * len(packets)


def record(target: str) -> int:
    """Runs the calls inside a fresh network namespace (this script again, under unshare -n)."""
    for tool in ("sipp", "dumpcap", "unshare"):
        if not shutil.which(tool):
            sys.exit(f"bench/make_explain_capture.py needs {tool} (apt-get install sip-tester tshark util-linux)")
    subprocess.run(["unshare", "-n", sys.executable, os.path.abspath(__file__), "--in-netns", target], check=True)
    return len(records(target)[1])


def _in_netns(target: str) -> None:
    subprocess.run(["ip", "link", "set", "lo", "up"], check=True)
    part = target + ".part"
    dumpcap = subprocess.Popen(["dumpcap", "-q", "-i", "lo", "-P", "-B", "256", "-f", "udp portrange 5080-5094",
                                "-w", part], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(2)
    servers, clients = [], []
    try:
        for _name, uas_port, _uac_port, scenario, _calls, _rate in MIX:
            how = ["-sn", "uas"] if scenario is None else ["-sf", os.path.join(SCENARIOS, f"{scenario}-uas.xml")]
            servers.append(subprocess.Popen(["sipp", *how, "-p", str(uas_port), "-nostdin"],
                                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        time.sleep(1)
        for _name, uas_port, uac_port, scenario, calls, rate in MIX:
            how = ["-sn", "uac"] if scenario is None else ["-sf", os.path.join(SCENARIOS, f"{scenario}-uac.xml")]
            clients.append(subprocess.Popen(
                ["sipp", *how, f"127.0.0.1:{uas_port}", "-p", str(uac_port), "-m", str(calls), "-r", str(rate),
                 "-l", "2000", "-timeout", "600", "-nostdin"],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        for client in clients:
            client.wait()  # the unanswered calls count as failed in SIPp: exit codes are not looked at
        time.sleep(1)
    finally:
        for proc in servers + clients:
            if proc.poll() is None:
                proc.terminate()
                proc.wait()
        dumpcap.terminate()
        dumpcap.wait()
    os.chmod(part, 0o644)
    os.replace(part, target)


def ensure(force: bool = False) -> tuple[str, str, int]:
    """The paths of the single and doubled captures (made when absent) and the packet count of the single one."""
    os.makedirs(CACHE, exist_ok=True)
    if force or not os.path.exists(SINGLE):
        began = time.monotonic()
        count = record(SINGLE)
        print(f"recorded {count:,} packets into {SINGLE} in {time.monotonic() - began:.0f} s", file=sys.stderr)
        if count < MIN_PACKETS:
            os.replace(SINGLE, SINGLE + ".short")
            sys.exit(f"only {count:,} packets recorded (fewer than {MIN_PACKETS:,}): kept as {SINGLE}.short")
        if os.path.exists(DOUBLED):
            os.remove(DOUBLED)
    count = count_records(SINGLE)
    if not os.path.exists(DOUBLED):
        double(SINGLE, DOUBLED)
    return SINGLE, DOUBLED, count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--force", action="store_true", help="record again even when the cache holds the files")
    parser.add_argument("--in-netns", metavar="FILE", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.in_netns:
        _in_netns(args.in_netns)
        return
    single, doubled, count = ensure(args.force)
    print(f"{single}  {count:,} packets")
    print(f"{doubled}  {2 * count:,} packets")


if __name__ == "__main__":
    main()

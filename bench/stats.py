"""`sipcodes stats` over a day's worth of rotated captures, with 1 and 2 worker processes, beside tshark's
`-z sip,stat` run on the same files, measured in one run from a fresh virtualenv this script makes (not a test).

The files are made once and kept in ~/.cache/sipcodes-bench: six copies of the SIPp capture of
bench/make_explain_capture.py (answered, busy, declined, unavailable and unanswered calls), one after the other in
time, each copy with its own Call-IDs (the host part `127.0.0.1` becomes `127.0.0.3` … `127.0.0.7`, same length),
cut into 24 files of equal packet counts, the way an SBC rotates its captures (calls cut by a rotation stay open
in one file). 1,122,000 packets when the source capture has its 187,000.

After one uncounted run of sipcodes on one file (a fresh virtualenv compiles its bytecode on the first run), each
command runs N times (default 3), its output thrown away:

    sipcodes stats --format json --workers 1 FILES… > /dev/null
    sipcodes stats --format json --workers 2 FILES… > /dev/null
    tshark -r FILE -q -z sip,stat > /dev/null          (once per file: tshark reads one file at a time)

and the script prints packets/s for each, how many times tshark's throughput sipcodes reaches with 1 worker, the
speed-up from 1 to 2 workers, and the peak RSS of the largest sipcodes process (a worker, or the parent with 1
worker; from wait4, which reports the largest of a process and the children it waited for). Targets: ≥ 10×
tshark with 1 worker, ≥ 1.7× from 1 to 2 workers on a 2-core machine, < 300 MB per worker.

Needs tshark; recording the source capture the first time also needs root, sip-tester and unshare.
Usage: python bench/stats.py [--runs 3] [--keep-venv DIR]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import struct
import sys
import tempfile

from abuse import venv_python
from explain import run_once
from make_explain_capture import CACHE, count_records, ensure, records

#: Bump when the way the files are made changes, so that old cached files are not reused.
VERSION = 1
FOLDER = os.path.join(CACHE, f"stats-v{VERSION}")
COPIES = 6
FILES = 24
MIN_PACKETS = 1_000_000


def _rehost(frame: bytes, host: bytes) -> bytes:
    """The frame with the host part of its Call-ID replaced by `host` (same length, so no length field moves)."""
    start = frame.find(b"\r\nCall-ID: ")
    if start < 0:
        return frame
    end = frame.find(b"\r\n", start + 2)
    return frame[:start] + frame[start:end].replace(b"@127.0.0.1", b"@" + host) + frame[end:]


def make_files() -> list[str]:
    """The rotated files (made when absent), in time order."""
    done = os.path.join(FOLDER, "complete")
    if os.path.exists(done):
        return sorted(os.path.join(FOLDER, name) for name in os.listdir(FOLDER) if name.endswith(".pcap"))
    single, _doubled, _count = ensure()
    header, packets = records(single)
    os.makedirs(FOLDER, exist_ok=True)
    first, last = packets[0][0], packets[-1][0]
    shift = last - first + 1
    total = COPIES * len(packets)
    per_file = -(-total // FILES)
    paths = []
    out = None
    written = 0
    for copy in range(COPIES):
        host = b"127.0.0.1" if copy == 0 else f"127.0.0.{copy + 2}".encode()
        for seconds, fraction, captured, original, frame in packets:
            if written % per_file == 0:
                if out is not None:
                    out.close()
                path = os.path.join(FOLDER, f"sbc-{written // per_file + 1:02d}.pcap")
                paths.append(path)
                out = open(path, "wb")
                out.write(header)
            if copy:
                seconds += copy * shift
                frame = _rehost(frame, host)
            out.write(struct.pack("<IIII", seconds, fraction, captured, original) + frame)
            written += 1
    out.close()
    with open(done, "w") as fh:
        fh.write(f"{written} packets in {len(paths)} files\n")
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each command (default 3; medians are shown)")
    parser.add_argument("--keep-venv", metavar="DIR", help="make (or reuse) the virtualenv here instead of a temp dir")
    args = parser.parse_args()
    if not shutil.which("tshark"):
        sys.exit("bench/stats.py needs tshark: apt-get install tshark")
    files = make_files()
    packets = sum(count_records(path) for path in files)
    size = sum(os.path.getsize(path) for path in files) / 1e6
    if len(files) < 20 or packets < MIN_PACKETS:
        sys.exit(f"only {len(files)} files and {packets:,} packets in {FOLDER}: remove it and run again")
    print(f"machine: {os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}, "
          f"{platform.platform()}, load {os.getloadavg()[0]:.2f}")
    print(f"input: {len(files)} files in {FOLDER}, {packets:,} packets, {size:.1f} MB")
    with tempfile.TemporaryDirectory() as tmp:
        python = venv_python(args.keep_venv, tmp)
        sipcodes = os.path.join(os.path.dirname(python), "sipcodes")
        # one run not counted: a fresh virtualenv compiles its bytecode on the first run
        run_once([sipcodes, "stats", "--format", "json", "--workers", "1", files[0]])
        times: dict[str, list[float]] = {"1 worker": [], "2 workers": [], "tshark": []}
        rss: dict[str, float] = {"1 worker": 0.0, "2 workers": 0.0}
        for _ in range(args.runs):
            for label, workers in (("1 worker", 1), ("2 workers", 2)):
                elapsed, peak = run_once([sipcodes, "stats", "--format", "json", "--workers", str(workers), *files])
                times[label].append(elapsed)
                rss[label] = max(rss[label], peak)
            elapsed = 0.0
            for path in files:
                elapsed += run_once(["tshark", "-r", path, "-q", "-z", "sip,stat"])[0]
            times["tshark"].append(elapsed)
    medians = {label: statistics.median(values) for label, values in times.items()}
    print(f"median of {args.runs} run(s) each:")
    for label, elapsed in medians.items():
        memory = f"  peak RSS {rss[label]:6.1f} MB" if label in rss else ""
        print(f"   {label:<10} {elapsed:8.2f} s  {packets / elapsed:>10,.0f} packets/s  {size / elapsed:6.1f} MB/s"
              f"{memory}")
    speed = medians["tshark"] / medians["1 worker"]
    scaling = medians["1 worker"] / medians["2 workers"]
    peak = max(rss.values())
    checks = [
        (f"sipcodes with 1 worker is {speed:.2f}× tshark's throughput", "≥ 10×", speed >= 10),
        (f"2 workers are {scaling:.2f}× as fast as 1", "≥ 1.7×", scaling >= 1.7),
        (f"peak RSS of the largest sipcodes process {peak:.0f} MB", "< 300 MB", peak < 300),
    ]
    for text, target, ok in checks:
        print(f"→ {text} (target: {target}): {'met' if ok else 'NOT met'}")
    print("all targets met" if all(ok for *_, ok in checks) else "some targets NOT met")


if __name__ == "__main__":
    main()

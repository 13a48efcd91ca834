"""`sipcodes explain` on a large SIPp capture beside `tshark -z sip,stat`, measured in one run from a fresh
virtualenv this script makes itself (not a test).

The capture (187,000 packets of answered, busy, declined, unavailable and unanswered calls) and its doubled
copy come from bench/make_explain_capture.py, which records them once into ~/.cache/sipcodes-bench. Each command
runs once unmeasured (a fresh virtualenv compiles its bytecode on the first run), then N times, alternating, with
its output thrown away; medians are reported:

    sipcodes explain --format json FILE > /dev/null
    tshark -r FILE -q -z sip,stat > /dev/null

with packets/s and MB/s for both, how many times faster sipcodes is, sipcodes' peak RSS (of the child process,
from wait4), and linearity: sipcodes' time on the doubled capture (twice the packets and the calls) over its time
on the single one. Targets: ≥ 10× tshark's throughput, < 300 MB peak RSS, doubled ≤ 2.2× the single time.

Needs tshark; recording the capture the first time also needs root, sip-tester and unshare.
Usage: python bench/explain.py [--runs 5] [--keep-venv DIR] [--profile]
  --profile  also runs explain once under cProfile in the venv and prints the 25 costliest functions
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

from abuse import venv_python
from make_explain_capture import ensure


def run_once(argv: list[str]) -> tuple[float, float]:
    """Wall time in seconds and peak RSS in MB of one run of argv, its output thrown away."""
    with open(os.devnull, "wb") as null:
        began = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=null, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - began
        proc.returncode = os.waitstatus_to_exitcode(status)
        err = proc.stderr.read().decode(errors="replace")
        proc.stderr.close()
    if proc.returncode != 0:
        sys.exit(f"{' '.join(argv)} failed ({proc.returncode}): {err.strip()[-2000:]}")
    return elapsed, usage.ru_maxrss / 1024  # ru_maxrss is in KB on Linux


def measure(commands: dict[str, list[str]], runs: int) -> dict[str, tuple[float, float]]:
    """Median time and the largest peak RSS of each command, the commands alternating run after run, after one
    run of each that is not counted (a fresh virtualenv writes its bytecode caches on its first run)."""
    for argv in commands.values():
        run_once(argv)
    times: dict[str, list[float]] = {name: [] for name in commands}
    rss: dict[str, float] = {name: 0.0 for name in commands}
    for _ in range(runs):
        for name, argv in commands.items():
            elapsed, peak = run_once(argv)
            times[name].append(elapsed)
            rss[name] = max(rss[name], peak)
    return {name: (statistics.median(times[name]), rss[name]) for name in commands}


def profile(python: str, path: str) -> None:
    code = ("import cProfile, pstats, io, sys, contextlib\n"
            "from sipcodes.cli import main\n"
            "sys.argv = ['sipcodes', 'explain', '--format', 'json', sys.argv[1]]\n"
            "prof = cProfile.Profile()\n"
            "with open('/dev/null', 'w') as null, contextlib.redirect_stdout(null):\n"
            "    prof.enable()\n"
            "    try:\n"
            "        main()\n"
            "    except SystemExit:\n"
            "        pass\n"
            "    prof.disable()\n"
            "stats = pstats.Stats(prof, stream=sys.stderr)\n"
            "stats.sort_stats('tottime').print_stats(25)\n"
            "stats.sort_stats('cumulative').print_stats(25)\n")
    subprocess.run([python, "-c", code, path], check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of each command per file (default 5)")
    parser.add_argument("--keep-venv", metavar="DIR", help="make (or reuse) the virtualenv here instead of a temp dir")
    parser.add_argument("--profile", action="store_true", help="also profile one run with cProfile")
    args = parser.parse_args()
    if not shutil.which("tshark"):
        sys.exit("bench/explain.py needs tshark: apt-get install tshark")
    single, doubled, packets = ensure()
    print(f"machine: {os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}, "
          f"{platform.platform()}, load {os.getloadavg()[0]:.2f}")
    with tempfile.TemporaryDirectory() as tmp:
        python = venv_python(args.keep_venv, tmp)
        sipcodes = os.path.join(os.path.dirname(python), "sipcodes")
        results = {}
        for label, path, count in (("single", single, packets), ("doubled", doubled, 2 * packets)):
            results[label] = measure({
                "sipcodes": [sipcodes, "explain", "--format", "json", path],
                "tshark": ["tshark", "-r", path, "-q", "-z", "sip,stat"],
            }, args.runs)
            size = os.path.getsize(path) / 1e6
            print(f"{label}: {path} ({count:,} packets, {size:.1f} MB), median of {args.runs} runs each")
            for name, (elapsed, rss) in results[label].items():
                print(f"   {name:<8} {elapsed:7.2f} s  {count / elapsed:>10,.0f} packets/s  {size / elapsed:6.1f} MB/s"
                      f"  peak RSS {rss:6.1f} MB")
        if args.profile:
            profile(python, single)
    ours, theirs = results["single"]["sipcodes"][0], results["single"]["tshark"][0]
    speed = theirs / ours
    peak = max(results["single"]["sipcodes"][1], results["doubled"]["sipcodes"][1])
    growth = results["doubled"]["sipcodes"][0] / ours
    checks = [
        (f"sipcodes is {speed:.2f}× tshark's throughput", "≥ 10×", speed >= 10),
        (f"peak RSS of sipcodes {peak:.0f} MB", "< 300 MB", peak < 300),
        (f"doubled capture takes {growth:.2f}× the single one", "≤ 2.2×", growth <= 2.2),
    ]
    for text, target, ok in checks:
        print(f"→ {text} (target: {target}): {'met' if ok else 'NOT met'}")
    print("all targets met" if all(ok for *_, ok in checks) else "some targets NOT met")


if __name__ == "__main__":
    main()

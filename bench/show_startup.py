"""Whole-process time of `sipcodes show 486` beside a bare `python -c pass`, measured in the same run.

Runs are interleaved so that machine noise hits every command alike; prints medians and the ratio to the floor.
Usage: python bench/show_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import os
import platform
import pty
import shutil
import statistics
import subprocess
import sys
import sysconfig
import time


def script_path() -> str:
    # The console script itself, not a version-manager shim in front of it.
    candidate = os.path.join(sysconfig.get_path("scripts"), "sipcodes")
    if os.path.exists(candidate):
        return candidate
    found = shutil.which("sipcodes")
    if not found:
        sys.exit("sipcodes is not installed; run `pip install .` first")
    return found


def time_piped(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
    return time.perf_counter() - start


def time_tty(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(argv[0], argv, env)
    while True:
        try:
            if not os.read(fd, 65536):
                break
        except OSError:
            break
    os.waitpid(pid, 0)
    os.close(fd)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=40)
    args = parser.parse_args()

    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    script = script_path()
    # `pip install .` byte-compiles the package; an editable install under PYTHONDONTWRITEBYTECODE never does.
    # Compile it here so that the run measures what an installed copy does, not the compiler.
    import compileall

    import sipcodes

    compileall.compile_dir(os.path.dirname(sipcodes.__file__), quiet=1)
    cases = {
        "python -c pass (floor)": (time_piped, [sys.executable, "-c", "pass"]),
        "sipcodes show 486 (piped)": (time_piped, [script, "show", "486"]),
        "sipcodes show 486 --format json": (time_piped, [script, "show", "486", "--format", "json"]),
        "sipcodes show 486 (on a terminal, colour)": (time_tty, [script, "show", "486"]),
    }
    for timer, argv in cases.values():  # warm the page cache and the bytecode cache
        timer(argv, env)
    samples: dict[str, list[float]] = {name: [] for name in cases}
    for _ in range(args.runs):
        for name, (timer, argv) in cases.items():
            samples[name].append(timer(argv, env))

    floor = statistics.median(samples["python -c pass (floor)"])
    print(f"# {platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()} · "
          f"{time.strftime('%Y-%m-%d')} · {args.runs} interleaved runs each")
    print(f"{'command':<44} {'median ms':>10} {'p90 ms':>8} {'× floor':>8}")
    for name, values in samples.items():
        median = statistics.median(values)
        p90 = statistics.quantiles(values, n=10)[-1]
        print(f"{name:<44} {median * 1000:>10.1f} {p90 * 1000:>8.1f} {median / floor:>8.2f}")
    target = statistics.median(samples["sipcodes show 486 (piped)"]) / floor
    print(f"target: `sipcodes show 486` at most 1.50× the floor — measured {target:.2f}× "
          f"({'met' if target <= 1.5 else 'NOT met'})")


if __name__ == "__main__":
    main()

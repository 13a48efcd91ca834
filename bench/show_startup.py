"""Whole-process time of `sipcodes show 486` beside a bare `python -c pass`, in a fresh virtualenv made for the run.

The bench builds a wheel of this checkout, installs it (not editable) into a new venv with `python -m venv` and
`pip install`, which byte-compiles it, and times the installed `sipcodes` command against `python -c pass` from the
same venv, run the same way: piped, and on a pseudo-terminal (where `show` writes colour). Runs are interleaved so
that machine noise hits every command alike; it prints medians and the ratio to the floor. It is not a test.

Usage: python bench/show_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import glob
import os
import platform
import pty
import statistics
import subprocess
import sys
import tempfile
import time

PROJECT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGETS = {"piped": 1.5, "terminal": 2.0}


def make_venv(root: str) -> str:
    """A new venv with this checkout installed from a wheel; returns its bin directory."""
    venv = os.path.join(root, "venv")
    subprocess.run([sys.executable, "-m", "venv", venv], check=True)
    bin_dir = os.path.join(venv, "bin")
    pip = [os.path.join(bin_dir, "python"), "-m", "pip", "--quiet", "--disable-pip-version-check"]
    wheels = os.path.join(root, "wheels")
    subprocess.run([*pip, "wheel", "--no-deps", "--wheel-dir", wheels, PROJECT], check=True)
    subprocess.run([*pip, "install", *glob.glob(os.path.join(wheels, "sipcodes-*.whl"))], check=True)
    return bin_dir


def time_piped(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
    return time.perf_counter() - start


def run_on_tty(argv: list[str], env: dict[str, str]) -> bytes:
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(argv[0], argv, env)
    chunks = []
    while True:
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(argv)} failed on a terminal")
    return b"".join(chunks)


def time_tty(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    run_on_tty(argv, env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args()

    env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}
    env.update(LC_ALL="C.UTF-8", TERM="xterm-256color")
    with tempfile.TemporaryDirectory(prefix="sipcodes-bench-") as root:
        started = time.perf_counter()
        bin_dir = make_venv(root)
        setup_s = time.perf_counter() - started
        python = os.path.join(bin_dir, "python")
        script = os.path.join(bin_dir, "sipcodes")
        installed = subprocess.run([python, "-c", "import sipcodes; print(sipcodes.__file__)"], env=env,
                                   capture_output=True, text=True, check=True).stdout.strip()
        if not installed.startswith(root):
            raise SystemExit(f"the venv imports sipcodes from {installed}, not from its own install")
        if b"\x1b[" not in run_on_tty([script, "show", "486"], env):
            raise SystemExit("no colour on the pseudo-terminal: the terminal case would measure the plain path")

        cases = {
            "python -c pass (floor, piped)": (time_piped, [python, "-c", "pass"]),
            "sipcodes show 486 (piped)": (time_piped, [script, "show", "486"]),
            "sipcodes show 486 --format json (piped)": (time_piped, [script, "show", "486", "--format", "json"]),
            "python -c pass (floor, on a terminal)": (time_tty, [python, "-c", "pass"]),
            "sipcodes show 486 (on a terminal, colour)": (time_tty, [script, "show", "486"]),
        }
        for timer, argv in cases.values():  # warm the page cache
            for _ in range(3):
                timer(argv, env)
        samples: dict[str, list[float]] = {name: [] for name in cases}
        for _ in range(args.runs):
            for name, (timer, argv) in cases.items():
                samples[name].append(timer(argv, env))

    medians = {name: statistics.median(values) for name, values in samples.items()}
    floor_piped = medians["python -c pass (floor, piped)"]
    floor_tty = medians["python -c pass (floor, on a terminal)"]
    print(f"# {platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()} · "
          f"{time.strftime('%Y-%m-%d')} · fresh venv, wheel install (set up in {setup_s:.0f} s) · "
          f"{args.runs} interleaved runs each")
    print(f"{'command':<44} {'median ms':>10} {'p90 ms':>8} {'× floor':>8}")
    for name, values in samples.items():
        floor = floor_tty if "terminal" in name else floor_piped
        p90 = statistics.quantiles(values, n=10)[-1]
        print(f"{name:<44} {medians[name] * 1000:>10.1f} {p90 * 1000:>8.1f} {medians[name] / floor:>8.2f}")
    piped = medians["sipcodes show 486 (piped)"] / floor_piped
    tty = medians["sipcodes show 486 (on a terminal, colour)"] / floor_tty
    tty_vs_piped_floor = medians["sipcodes show 486 (on a terminal, colour)"] / floor_piped
    print(f"target: piped at most {TARGETS['piped']:.2f}× the floor — measured {piped:.2f}× "
          f"({'met' if piped <= TARGETS['piped'] else 'NOT met'})")
    print(f"target: on a terminal at most {TARGETS['terminal']:.2f}× the floor run on a terminal — measured "
          f"{tty:.2f}× ({'met' if tty <= TARGETS['terminal'] else 'NOT met'}; {tty_vs_piped_floor:.2f}× the "
          f"piped floor)")


if __name__ == "__main__":
    main()

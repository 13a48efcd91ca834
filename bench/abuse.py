"""`sipcodes serve` under abuse, measured in one run from a fresh virtualenv this script makes itself:

1. /healthz throughput and p99 alone, then while 8 connections hammer the costliest search (8 distinct short
   words that match nearly every code, new words on every request so nothing is served from a cache);
   targets: p99 under 50 ms and at least half the req/s;
2. the server's RSS before and after 20,000 requests each with unique long /static/ names, unique Host headers
   (on /robots.txt and /sitemap.xml) and unique 404 paths; target: growth under 50 MB;
3. 2,000 half-open connections (half send part of a request, half nothing): how many the server has closed
   within 15 s, while /healthz is asked every 0.2 s; target: all closed, no failed health check.

Needs wrk (Debian: apt-get install wrk). All traffic goes to 127.0.0.1; every phase is bounded in time.
Usage: python bench/abuse.py [--duration 10] [--requests 20000] [--keep-venv DIR]
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import resource
import shutil
import socket
import string
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from _wrk import free_port, run_wrk

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# A wrk script: every request a new search of 8 distinct one- or two-letter words (each matches many codes, and a
# new combination is never in any cache).
SEARCH_LUA = """
math.randomseed(os.time())
local letters = "abcdefghilmnoprstu"
request = function()
  local words, seen = {}, {}
  while #words < 8 do
    local n = math.random(1, 2)
    local w = ""
    for i = 1, n do
      local k = math.random(1, #letters)
      w = w .. letters:sub(k, k)
    end
    if not seen[w] then seen[w] = true; words[#words + 1] = w end
  end
  return wrk.format("GET", "/search?q=" .. table.concat(words, "+"))
end
"""


def make_venv(path: str) -> str:
    """A fresh virtualenv with sipcodes installed from this checkout as a wheel (as a user would install it)."""
    subprocess.run([sys.executable, "-m", "venv", path], check=True)
    python = os.path.join(path, "bin", "python")
    subprocess.run([python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", ROOT], check=True)
    return python


def venv_python(keep: str | None, tmp: str) -> str:
    """The python of the venv at `keep` when given and already made, else of a fresh one made now (in `tmp` when
    `keep` is not given); says how long making it took."""
    venv = keep or os.path.join(tmp, "venv")
    python = os.path.join(venv, "bin", "python")
    if not os.path.exists(python):
        start = time.perf_counter()
        make_venv(venv)
        print(f"fresh virtualenv with sipcodes installed from {ROOT} in {time.perf_counter() - start:.0f} s")
    return python


def start_server(python: str, port: int) -> subprocess.Popen:
    proc = subprocess.Popen([python, "-m", "sipcodes", "serve", "--port", str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2):
                return proc
        except OSError:
            if proc.poll() is not None:
                break
            time.sleep(0.2)
    proc.kill()
    sys.exit("the server did not start: " + proc.stderr.read().decode()[-2000:])


def rss_mb(pid: int) -> float:
    """Resident memory of the server and its children (the render process), in MB."""
    total = 0
    for proc in [pid, *_children(pid)]:
        with open(f"/proc/{proc}/status") as fh:
            total += int(re.search(r"VmRSS:\s+(\d+)", fh.read()).group(1))
    return total / 1024


def _children(pid: int) -> list[int]:
    found = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as fh:
            for child in fh.read().split():
                found += [int(child), *_children(int(child))]
    return found


def phase_search(port: int, duration: int, tmp: str) -> bool:
    health = f"http://127.0.0.1:{port}/healthz"
    alone = run_wrk(health, duration, 8)
    script = os.path.join(tmp, "search.lua")
    with open(script, "w") as fh:
        fh.write(SEARCH_LUA)
    results = {}
    hammer = threading.Thread(target=lambda: results.setdefault(
        "search", run_wrk(f"http://127.0.0.1:{port}/", duration + 2, 8, script=script)))
    hammer.start()
    time.sleep(1)
    loaded = run_wrk(health, duration, 8)
    hammer.join()
    search = results["search"]
    ratio = loaded["rps"] / alone["rps"]
    print("1. /healthz alone vs while 8 connections hammer the costliest search")
    print(f"   alone:    {alone['rps']:>9,.0f} req/s  p99 {alone['p99_ms']:6.2f} ms  errors {alone['errors']}")
    print(f"   hammered: {loaded['rps']:>9,.0f} req/s  p99 {loaded['p99_ms']:6.2f} ms  errors {loaded['errors']}")
    print(f"   search:   {search['rps']:>9,.0f} req/s  p99 {search['p99_ms']:6.2f} ms  errors {search['errors']}")
    ok = loaded["p99_ms"] < 50 and ratio >= 0.5 and loaded["errors"] == 0
    print(f"   → {ratio:.0%} of the req/s, p99 {loaded['p99_ms']:.1f} ms (target: ≥ 50%, < 50 ms): "
          f"{'met' if ok else 'NOT met'}")
    return ok


def _send_many(port: int, requests: list[bytes]) -> int:
    """Send the requests over kept-alive connections; the number of responses with status ≥ 500."""
    failures = 0
    sock = None
    for request in requests:
        for _attempt in range(2):
            try:
                if sock is None:
                    sock = socket.create_connection(("127.0.0.1", port), timeout=10)
                    reader = sock.makefile("rb")
                sock.sendall(request)
                status = int(reader.readline().split()[1])
                length, close = 0, False
                while (line := reader.readline()) not in (b"\r\n", b""):
                    name, _, value = line.partition(b":")
                    if name.lower() == b"content-length":
                        length = int(value)
                    elif name.lower() == b"connection" and b"close" in value.lower():
                        close = True
                reader.read(length)
                failures += status >= 500
                if close:
                    sock.close()
                    sock = None
                break
            except (OSError, IndexError, ValueError):
                if sock is not None:
                    sock.close()
                sock = None
    if sock is not None:
        sock.close()
    return failures


def phase_memory(port: int, pid: int, count: int) -> bool:
    rng = random.Random(20261203)

    def junk(n: int) -> str:
        return "".join(rng.choice(string.ascii_lowercase) for _ in range(n))

    kinds = {
        "unique long /static/ names": [f"GET /static/{junk(8000)}.css HTTP/1.1\r\nHost: a\r\n\r\n".encode()
                                       for _ in range(count)],
        "unique Host headers": [f"GET /{'robots.txt' if i % 2 else 'sitemap.xml'} HTTP/1.1\r\nHost: {junk(40)}."
                                f"example\r\n\r\n".encode() for i in range(count)],
        "unique 404 paths": [f"GET /sip/{junk(8000)} HTTP/1.1\r\nHost: a\r\n\r\n".encode() for _ in range(count)],
    }
    before = rss_mb(pid)
    print(f"2. RSS of the server and its render process before: {before:.1f} MB")
    ok = True
    for label, requests in kinds.items():
        start = time.perf_counter()
        with ThreadPoolExecutor(4) as pool:
            failures = sum(pool.map(lambda part: _send_many(port, part), [requests[i::4] for i in range(4)]))
        print(f"   after {count:,} requests with {label}: {rss_mb(pid):.1f} MB "
              f"({count / (time.perf_counter() - start):,.0f} req/s, {failures} 5xx)")
        ok = ok and failures == 0
    growth = rss_mb(pid) - before
    ok = ok and growth < 50
    print(f"   → growth {growth:.1f} MB (target: < 50 MB): {'met' if ok else 'NOT met'}")
    return ok


def phase_half_open(port: int, held_count: int = 2000, window: float = 15.0) -> bool:
    held = []
    for i in range(held_count):
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        if i % 2:
            s.sendall(b"GET /sip/486-busy-here HTTP/1.1\r\nHost: a\r\nX-Wait: ")
        s.setblocking(False)
        held.append(s)
    start = time.monotonic()
    checks = failed = 0
    worst = 0.0
    open_ = list(held)
    closed_at = None
    while time.monotonic() - start < window:
        t = time.perf_counter()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                failed += r.status != 200
        except OSError:
            failed += 1
        worst = max(worst, time.perf_counter() - t)
        checks += 1
        still = []
        for s in open_:
            try:
                while True:
                    data = s.recv(4096)
                    if not data:
                        break
            except BlockingIOError:
                still.append(s)
            except OSError:
                pass
        open_ = still
        if not open_ and closed_at is None:
            closed_at = time.monotonic() - start
        time.sleep(0.2)
    for s in held:
        s.close()
    closed = held_count - len(open_)
    ok = closed == held_count and failed == 0
    print(f"3. {held_count:,} half-open connections: {closed:,} closed within {window:.0f} s"
          f"{f' (all by {closed_at:.1f} s)' if closed_at is not None else ''}; health checks: {checks} asked, "
          f"{failed} failed, slowest {worst * 1000:.0f} ms")
    print(f"   → {'met' if ok else 'NOT met'} (target: all closed, no failed health check)")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds of each wrk run (default 10)")
    parser.add_argument("--requests", type=int, default=20000, help="requests of each kind in phase 2")
    parser.add_argument("--keep-venv", metavar="DIR", help="make (or reuse) the virtualenv here instead of a temp dir")
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("bench/abuse.py needs wrk: apt-get install wrk")
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(max(soft, 8192), hard), hard))

    print(f"machine: {os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}, "
          f"{platform.platform()}")
    with tempfile.TemporaryDirectory() as tmp:
        python = venv_python(args.keep_venv, tmp)
        port = free_port()
        server = start_server(python, port)
        try:
            results = [phase_search(port, args.duration, tmp), phase_memory(port, server.pid, args.requests),
                       phase_half_open(port)]
        finally:
            server.terminate()
            server.wait(timeout=10)
    print("all targets met" if all(results) else "some targets NOT met")


if __name__ == "__main__":
    main()

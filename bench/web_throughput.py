"""Throughput and p99 latency of one comparison page: `sipcodes serve` beside nginx serving the static export of
the same page, on this machine, in the same run (wrk, 64 connections). Also times `build-site` for the whole site.

Needs wrk and nginx (Debian: apt-get install wrk nginx). Traffic goes to 127.0.0.1 only; every load phase is
bounded by --duration.
Usage: python bench/web_throughput.py [--duration 10] [--workers 1]
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request

from _wrk import free_port, run_wrk

PAGE = "/compare/sip/183-session-progress-vs-438-invalid-identity-header"


def wait_ready(url: str, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"{url} did not answer within {timeout} s")


NGINX_CONF = """
worker_processes auto;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    include /etc/nginx/mime.types;
    client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy; fastcgi_temp_path {tmp}/fcgi;
    uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
    server {{
        listen 127.0.0.1:{port};
        root {root};
        location / {{ try_files $uri $uri/index.html =404; }}
    }}
}}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=int, default=10, help="seconds of load per server (default 10)")
    parser.add_argument("--workers", type=int, default=1, help="sipcodes serve worker processes (default 1)")
    parser.add_argument("--connections", type=int, default=64)
    args = parser.parse_args()
    for tool in ("wrk", "nginx"):
        if not shutil.which(tool) and not os.path.exists(f"/usr/sbin/{tool}"):
            sys.exit(f"{tool} is not installed (Debian: apt-get install wrk nginx)")

    tmp = tempfile.mkdtemp(prefix="sipcodes-bench-")
    os.chmod(tmp, 0o755)  # nginx workers run as an unprivileged user and must read the export
    site = os.path.join(tmp, "site")
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "sipcodes", "build-site", site], check=True, stdout=subprocess.DEVNULL)
    build_seconds = time.perf_counter() - start
    pages = sum(len([f for f in files if f.endswith(".html")]) for _, _, files in os.walk(site))

    nginx_port, app_port = free_port(), free_port()
    conf = os.path.join(tmp, "nginx.conf")
    with open(conf, "w") as fh:
        fh.write(NGINX_CONF.format(tmp=tmp, port=nginx_port, root=site))
    nginx_bin = shutil.which("nginx") or "/usr/sbin/nginx"
    nginx = subprocess.Popen([nginx_bin, "-c", conf, "-g", "daemon off;"], stderr=subprocess.DEVNULL)
    app = subprocess.Popen([sys.executable, "-m", "sipcodes", "serve", "--port", str(app_port),
                            "--workers", str(args.workers)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    results = {}
    try:
        for name, port in (("nginx (static export)", nginx_port), ("sipcodes serve", app_port)):
            url = f"http://127.0.0.1:{port}{PAGE}"
            wait_ready(url)
            run_wrk(url, 2, args.connections, 2)  # warm-up: page cache, first render
            results[name] = run_wrk(url, args.duration, args.connections, 2)
    finally:
        for proc in (app, nginx):
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)

    base = results["nginx (static export)"]
    ours = results["sipcodes serve"]
    print(f"# {platform.node()} · {os.cpu_count()} cores · Python {platform.python_version()} · "
          f"{time.strftime('%Y-%m-%d')} · wrk 2 threads, {args.connections} connections, {args.duration} s · "
          f"sipcodes serve with {args.workers} worker(s)")
    print(f"page: {PAGE}")
    print(f"{'server':<24} {'req/s':>10} {'p99 ms':>8} {'errors':>7}")
    for name, r in results.items():
        print(f"{name:<24} {r['rps']:>10.0f} {r['p99_ms']:>8.2f} {r['errors']:>7}")
    ratio = ours["rps"] / base["rps"]
    print(f"sipcodes / nginx throughput: {ratio:.1%} (target ≥ 25%) — {'met' if ratio >= 0.25 else 'NOT met'}")
    print(f"sipcodes p99: {ours['p99_ms']:.2f} ms (target < 20 ms) — {'met' if ours['p99_ms'] < 20 else 'NOT met'}")
    print(f"errors: {ours['errors']} (target 0) — {'met' if ours['errors'] == 0 else 'NOT met'}")
    print(f"build-site: {pages} pages in {build_seconds:.1f} s (target < 30 s) — "
          f"{'met' if build_seconds < 30 else 'NOT met'}")


if __name__ == "__main__":
    main()

"""Running `sipcodes serve` as a real process for the tests, and speaking raw HTTP/1.1 to it."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def running(argv, probe_path: str = "/healthz"):
    """Start `python` + argv(port) on a free port, wait until `probe_path` answers, yield (base URL, port,
    process), and stop it afterwards."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, *argv(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while True:
        try:
            urllib.request.urlopen(base + probe_path, timeout=1)
            break
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                proc.kill()
                raise RuntimeError(f"{argv(port)} did not start: " + proc.stderr.read().decode()[-2000:]) from None
            time.sleep(0.2)
    try:
        yield base, port, proc
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@dataclass
class RawResponse:
    status: int
    headers: dict[str, str]  # lower-case names; a repeated name keeps its last value
    header_list: list[tuple[str, str]]
    body: bytes


def read_response(sock: socket.socket, head_request: bool = False) -> RawResponse | None:
    """One response from `sock`, or None when the server closed without answering."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            if not data:
                return None
            raise AssertionError(f"connection closed inside a response head: {data[:200]!r}")
        data += chunk
    head, rest = data.split(b"\r\n\r\n", 1)
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ", 2)[1])
    header_list = [(k.strip().lower(), v.strip()) for k, v in (line.split(":", 1) for line in lines[1:])]
    headers = dict(header_list)
    if head_request or status in (204, 304) or 100 <= status < 200:
        length = 0
    elif "content-length" in headers:
        length = int(headers["content-length"])
    else:  # chunked or close-delimited: read to the end
        while chunk := sock.recv(65536):
            rest += chunk
        length = len(rest)
    while len(rest) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        rest += chunk
    return RawResponse(status, headers, header_list, rest[:length])


def raw(port: int, request: bytes, timeout: float = 10, head_request: bool = False) -> RawResponse | None:
    """Send `request` bytes as they are on a new connection and read one response."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request)
        return read_response(sock, head_request)


def get(port: int, target: str | bytes, method: str = "GET", headers: dict[str, str] | None = None,
        body: bytes = b"") -> RawResponse:
    """A request line with `target` exactly as given (no normalisation, no encoding)."""
    target = target.encode("latin-1") if isinstance(target, str) else target
    lines = [method.encode() + b" " + target + b" HTTP/1.1", b"Host: 127.0.0.1", b"Connection: close"]
    lines += [f"{k}: {v}".encode("latin-1") for k, v in (headers or {}).items()]
    if body:
        lines.append(b"Content-Length: %d" % len(body))
    response = raw(port, b"\r\n".join(lines) + b"\r\n\r\n" + body, head_request=method == "HEAD")
    assert response is not None, f"{method} {target!r}: the server closed without answering"
    return response

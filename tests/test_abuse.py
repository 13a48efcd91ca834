"""The public site under abuse, against a real `sipcodes serve` process spoken to over raw sockets: open
redirects, oversized and malformed input, every method on every kind of route, conditional requests, slow
clients, connection floods. Nothing may answer 5xx, send anyone off the site, or leave a connection open."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from _server import free_port, get, raw, read_response, running

SECURITY = ("content-security-policy", "x-content-type-options", "referrer-policy")


@pytest.fixture(scope="module")
def port():
    with running(lambda p: ["-m", "sipcodes", "serve", "--port", str(p)]) as (_base, p, _proc):
        yield p


def assert_safe(response, what):
    assert response.status < 500, f"{what}: {response.status}"
    for name in SECURITY:
        assert name in response.headers, f"{what}: {response.status} without {name}"
    location = response.headers.get("location")
    if location is not None:
        assert location.startswith("/") and not location.startswith(("//", "/\\")) and "\\" not in location, \
            f"{what}: off-site Location {location!r}"


OPEN_REDIRECTS = [
    "//evil.example/", "//evil.example", "///evil.example/", "////evil.example/", "/en//evil.example",
    "/en//evil.example/", "/fr//evil.example/", "/de//evil.example", "/es///evil.example/", "/%2fevil.example/",
    "/%2Fevil.example/", "/%2f%2fevil.example/", "/en/%2fevil.example/", "/fr/%2f%2fevil.example", "/\\evil.example/",
    "/%5cevil.example/", "/%5Cevil.example", "/\\/evil.example/", "/%5c%5cevil.example/", "/en/\\evil.example/",
    "/fr/%5cevil.example/", "/sip//evil.example/", "/glossary//evil.example/", "/compare//evil.example/",
    "/%09/evil.example/", "/%2f%5cevil.example/", "/.//evil.example/", "/en/.//evil.example",
    "/compare?a=//evil.example&b=486", "/sip/486/%2f%2fevil.example", "/http://evil.example/",
    "/en/http:%2f%2fevil.example/", "/%E3%80%82evil.example/", "/%0d%0aLocation:%20//evil.example/",
]


@pytest.mark.parametrize("target", OPEN_REDIRECTS)
def test_no_redirect_leaves_the_site(port, target):
    r = get(port, target)
    assert_safe(r, target)
    assert "evil.example" not in r.headers.get("location", "")


def test_tidying_redirects_still_work(port):
    for target, location in [("/fr", "/fr/"), ("/sip/486", "/sip/486-busy-here"), ("/sip/486-busy-here/",
                             "/sip/486-busy-here"), ("/en/sip/486-busy-here", "/sip/486-busy-here"),
                             ("/api", "/api/docs"), ("/glossary", "/glossary/")]:
        r = get(port, target)
        assert (r.status, r.headers.get("location")) == (301, location), target
        assert_safe(r, target)


@pytest.mark.parametrize("target", [
    "/sip/" + "9" * 5000, "/api/v1/codes/" + "9" * 5000, "/api/v1/compare/486/" + "9" * 5000,
    "/compare?a=" + "9" * 5000 + "&b=486", "/compare/sip/486-vs-" + "9" * 5000, "/fr/sip/" + "4" * 4301,
    "/api/v1/codes/" + "0" * 3000 + "486", "/search?q=" + "a%20" * 3000, "/" + "x" * 12000,
    "/static/" + "y" * 12000, "/glossary/" + "z" * 12000,
], ids=lambda t: f"{t[:24]}…{len(t)}")
def test_oversized_numbers_and_paths_are_clear_errors(port, target):
    r = get(port, target)
    assert_safe(r, target[:40])
    assert r.status in (200, 404) and len(r.body) < 200_000, (target[:40], r.status)
    assert b"9" * 100 not in r.body and b"x" * 100 not in r.body  # errors do not echo huge input


def test_request_heads_over_the_limit_get_431(port):
    r = get(port, "/" + "x" * 70000)
    assert r.status == 431
    assert_safe(r, "70 kB path")
    r = get(port, "/", headers={f"x-junk-{i}": "y" * 100 for i in range(300)})
    assert r.status == 431


def test_api_errors_for_huge_codes_are_json_with_suggestions_for_the_wrong_argument(port):
    r = get(port, "/api/v1/compare/486/4" + "9" * 5000)
    assert r.status == 404 and json.loads(r.body)["error"]["type"] == "unknown_code"
    r = get(port, "/api/v1/compare/486/499")
    error = json.loads(r.body)["error"]
    assert r.status == 404 and error["suggestions"] and all(c // 100 == 4 for c in error["suggestions"])
    r = get(port, "/api/v1/compare/699/486")
    assert all(c // 100 == 6 for c in json.loads(r.body)["error"]["suggestions"])


@pytest.mark.parametrize("target", [
    b"/sip/%00", b"/sip/486%00", b"/%00", b"/sip/%ff%fe", b"/search?q=%ff%fe%00", b"/api/v1/codes/%ff",
    b"/api/v1/codes/486?lang=%00", b"/compare?a=%ff&b=%00", b"/glossary/%c3%28", b"/static/%ff.css",
    b"/sip/\xff\xfe", b"/\xc3\x28", b"/api/v1/codes/\xff", b"/search?q=\xff\xfe",
])
def test_nul_and_invalid_utf8(port, target):
    r = get(port, target)
    assert_safe(r, repr(target))


def test_malformed_requests_get_400_with_the_site_headers(port):
    for request in [b"GE\x00T / HTTP/1.1\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n", b"\x16\x03\x01\x02\x00\x01\x00\r\n\r\n",
                    b"GET / HTTP/1.1\r\nHost: a\r\nContent-Length: x\r\n\r\n", b"GET /\x00 HTTP/1.1\r\n\r\n"]:
        r = raw(port, request)
        assert r is not None and r.status == 400, request
        assert_safe(r, repr(request))


def test_large_bodies_get_413(port):
    r = get(port, "/api/v1/codes", method="POST", body=b"x" * 100_000)
    assert r.status == 413
    assert_safe(r, "100 kB body")


ROUTES = ["/", "/fr/", "/sip/486-busy-here", "/compare/sip/486-busy-here-vs-600-busy-everywhere", "/compare",
          "/glossary/", "/glossary/early-dialog", "/search?q=busy", "/static/style.css", "/robots.txt",
          "/healthz", "/nowhere", "/api/v1/codes", "/api/v1/codes/486", "/api/v1/compare/486/600", "/api/docs",
          "/api/openapi.json", "/api/nowhere"]


@pytest.mark.parametrize("target", ROUTES)
def test_every_method_on_every_kind_of_route(port, target):
    got = get(port, target)
    head = get(port, target, method="HEAD")
    assert got.status in (200, 404) and head.status == got.status, target
    assert head.body == b"" and head.headers.get("content-length") == got.headers.get("content-length")
    for method in ("POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"):
        r = get(port, target, method=method)
        assert_safe(r, f"{method} {target}")
        assert r.status == 405, (method, target, r.status)
        assert r.headers.get("allow") == "GET, HEAD", (method, target)
        if target.startswith("/api/"):
            assert json.loads(r.body)["error"]["type"] == "method_not_allowed"


def test_api_validation_errors_use_the_documented_error_shape(port):
    r = get(port, "/api/v1/codes/486?lang=" + "x" * 40)
    assert r.status == 422
    assert set(json.loads(r.body)["error"]) == {"type", "message", "suggestions"}


@pytest.mark.parametrize("target", ["/sip/486-busy-here", "/static/style.css", "/fr/glossary/"])
def test_conditional_requests(port, target):
    first = get(port, target)
    etag = first.headers["etag"]
    for value in (etag, f"W/{etag}", "*", f'"nope", {etag}', f'"nope" , W/{etag}'):
        r = get(port, target, headers={"If-None-Match": value})
        assert r.status == 304, value
        assert "content-length" not in r.headers and r.body == b""
        assert r.headers["etag"] == etag and "cache-control" in r.headers
        assert_safe(r, value)
    for value in ('"nope"', 'W/"nope"', etag[:-2] + '"'):
        assert get(port, target, headers={"If-None-Match": value}).status == 200, value


def test_the_host_header_changes_nothing(port):
    for target in ("/robots.txt", "/sip/486-busy-here", "/sitemap.xml", "/nowhere"):
        plain = get(port, target)
        r = raw(port, f"GET {target} HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n".encode())
        assert r.status == plain.status and b"evil.example" not in r.body, target
        assert r.body == plain.body or target == "/nowhere", target


def test_search_counts_every_match_and_keeps_the_query_across_languages(port):
    r = get(port, "/search?q=a")
    text = r.body.decode()
    assert "77 codes match" in text and "The first 50 are listed." in text
    assert text.count('<li><a href="/sip/') == 50
    assert 'href="/fr/search?q=a"' in text and 'href="/de/search?q=a"' in text


# --- generated input ---------------------------------------------------------------------------------------------

_segment = st.one_of(
    st.sampled_from(["sip", "compare", "glossary", "search", "fr", "en", "de", "es", "api", "v1", "codes",
                     "static", "486", "486-busy-here", "vs", "..", ".", "%2f", "%5c", "%00", "%ff", "", "\\",
                     "evil.example", "http:", "183-vs-438", "style.css", "early-dialog"]),
    st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7e, exclude_characters="?#% "),
            max_size=12),
    st.integers(min_value=0, max_value=10 ** 30).map(str),
)
_query = st.lists(st.tuples(st.sampled_from(["q", "a", "b", "lang", "x"]),
                            st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7e,
                                                           exclude_characters="&#= "), max_size=20)),
                  max_size=3).map(lambda pairs: "&".join(f"{k}={v}" for k, v in pairs))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(segments=st.lists(_segment, min_size=0, max_size=5), query=_query, slashes=st.sampled_from(["/", "//"]),
       method=st.sampled_from(["GET", "HEAD"]))
def test_no_generated_address_gives_5xx_or_leaves_the_site(port, segments, query, slashes, method):
    target = slashes + "/".join(segments) + (f"?{query}" if query else "")
    r = get(port, target, method=method)
    assert_safe(r, target)


# --- slow clients and floods --------------------------------------------------------------------------------------

def _health(port: int) -> int:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
        return r.status


def _closed(sock: socket.socket) -> bool:
    """Whether the server has closed `sock` (it may have sent a 408 first)."""
    sock.settimeout(0.05)
    try:
        while data := sock.recv(4096):
            if not data:
                return True
        return True
    except (TimeoutError, BlockingIOError):
        return False
    except OSError:
        return True


def test_slow_and_silent_clients_are_closed_while_the_site_answers(port):
    held = []
    for i in range(300):
        s = socket.create_connection(("127.0.0.1", port))
        if i % 3 == 1:
            s.sendall(b"GET / HTTP/1.1\r\nHost: a\r\n")  # headers never finished
        elif i % 3 == 2:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: a\r\n\r\n")  # kept alive, then silent
        held.append(s)
    assert _health(port) == 200
    deadline = time.monotonic() + 15
    open_ = held
    while open_ and time.monotonic() < deadline:
        assert _health(port) == 200
        open_ = [s for s in open_ if not _closed(s)]
        time.sleep(0.5)
    for s in held:
        s.close()
    assert not open_, f"{len(open_)} of {len(held)} idle connections still open after 15 s"


def test_a_request_trickled_byte_by_byte_is_cut_off(port):
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        start = time.monotonic()
        request = b"GET /sip/486-busy-here HTTP/1.1\r\nHost: a\r\nX-Slow: " + b"y" * 100
        try:
            for byte in request:
                s.sendall(bytes([byte]))
                time.sleep(0.1)
        except OSError:
            pass
        elapsed = time.monotonic() - start
        response = read_response(s)
    assert elapsed < 8, "the connection outlived the header deadline"
    assert response is None or response.status == 408


def test_connections_past_the_cap_close_the_oldest_idle_ones():
    with running(lambda p: ["-m", "sipcodes", "serve", "--port", str(p), "--max-connections", "20"]) as (_, port, _p):
        held = [socket.create_connection(("127.0.0.1", port)) for _ in range(60)]
        time.sleep(0.5)
        assert _health(port) == 200  # a new client is let in by closing an idle one
        still_open = [s for s in held if not _closed(s)]
        for s in held:
            s.close()
        assert len(still_open) <= 20


# --- the command itself ---------------------------------------------------------------------------------------

def test_serve_on_a_busy_port_or_bad_host_is_one_line_and_exit_2(port):
    for argv in (["--port", str(port)], ["--host", "no-such-host.invalid", "--port", str(free_port())],
                 ["--base-url", "not a url"]):
        proc = subprocess.run([sys.executable, "-m", "sipcodes", "serve", *argv], capture_output=True, text=True,
                              timeout=30)
        assert proc.returncode == 2, (argv, proc.stderr)
        assert proc.stderr.startswith("sipcodes: error:") and proc.stderr.count("\n") == 1, proc.stderr
        assert "Traceback" not in proc.stderr


def test_serve_with_workers_says_where_it_listens():
    with running(lambda p: ["-m", "sipcodes", "serve", "--port", str(p), "--workers", "2"]) as (base, port, proc):
        assert _health(port) == 200
    line = proc.stderr.readline().decode()
    assert f"http://127.0.0.1:{port}/" in line and "2 workers" in line

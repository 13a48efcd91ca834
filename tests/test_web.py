"""Routes, redirects, errors, headers and the JSON API, through the ASGI test client."""

import re
from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st
from starlette.testclient import TestClient

import sipcodes
from sipcodes.web.app import create_app


@pytest.fixture(scope="module")
def client():
    return TestClient(create_app())


def get(client, path, **kw):
    return client.get(path, follow_redirects=False, **kw)


def test_home_lists_every_code_grouped_by_class(client):
    r = get(client, "/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    for klass in ("1xx", "2xx", "3xx", "4xx", "5xx", "6xx"):
        assert f'id="class-{klass}"' in r.text
    for code in sipcodes.codes():
        assert f'href="/sip/{code}-' in r.text
    assert 'action="/compare"' in r.text and 'action="/search"' in r.text


def test_code_page(client):
    r = get(client, "/sip/438-invalid-identity-header")
    assert r.status_code == 200
    assert "<h1><span class=\"code\">438</span> Invalid Identity Header</h1>" in r.text
    assert 'href="https://www.rfc-editor.org/rfc/rfc8224#section-6.2.2"' in r.text
    assert '<link rel="canonical" href="/sip/438-invalid-identity-header">' in r.text
    assert 'href="/compare/sip/' in r.text  # links to comparisons
    assert 'class="term" href="/glossary/' in r.text  # prose links glossary terms


@pytest.mark.parametrize("path,location", [
    ("/sip/438", "/sip/438-invalid-identity-header"),
    ("/compare/sip/438-vs-183", "/compare/sip/183-session-progress-vs-438-invalid-identity-header"),
    ("/compare/sip/438-invalid-identity-header-vs-183-session-progress",
     "/compare/sip/183-session-progress-vs-438-invalid-identity-header"),
    ("/compare?a=600&b=486", "/compare/sip/486-busy-here-vs-600-busy-everywhere"),
    ("/sip/486-busy-here/", "/sip/486-busy-here"),
    ("/glossary", "/glossary/"),
    ("/en/sip/486-busy-here", "/sip/486-busy-here"),
])
def test_redirects_to_canonical(client, path, location):
    r = get(client, path)
    assert r.status_code == 301 and r.headers["location"] == location


@pytest.mark.parametrize("path,fragment", [
    ("/sip/999", "999 is not a SIP response code"),
    ("/sip/499", "499 is not a SIP response code"),
    ("/sip/486-busy-there", "The page for 486 is at /sip/486-busy-here"),
    ("/sip/abc", "is not a SIP response code page"),
    ("/compare/sip/486-vs-486", "cannot be compared with itself"),
    ("/compare/sip/486-vs-999", "999 is not a SIP response code"),
    ("/compare/sip/486", "is not a comparison"),
    ("/compare?a=486&b=486", "cannot be compared with itself"),
    ("/xx/sip/486-busy-here", "no pages in the language"),
    ("/glossary/nothing-here", "no term"),
    ("/nowhere", "no page at this address"),
])
def test_404_pages_explain_and_suggest(client, path, fragment):
    r = get(client, path)
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert fragment in r.text.replace("&#34;", '"')


def test_404_suggests_nearest_codes(client):
    r = get(client, "/sip/499")
    assert 'href="/sip/494-' in r.text and 'href="/sip/493-' in r.text


def test_nothing_reflected_unescaped(client):
    evil = "/search?q=%3Cscript%3Ealert(1)%3C/script%3E"
    r = get(client, evil)
    assert r.status_code == 200 and "<script>alert" not in r.text and "&lt;script&gt;" in r.text
    r = get(client, "/sip/%3Cimg%20src=x%3E")
    assert r.status_code == 404 and "<img src=x>" not in r.text


def test_security_and_cache_headers(client):
    for path in ("/", "/sip/486-busy-here", "/nowhere", "/api/v1/codes/486", "/static/style.css"):
        r = get(client, path)
        csp = r.headers["content-security-policy"]
        assert "default-src 'self'" in csp and "unsafe-inline" not in csp
        assert r.headers["x-content-type-options"] == "nosniff"
        assert r.headers["referrer-policy"]
        assert "cache-control" in r.headers
    r = get(client, "/sip/486-busy-here")
    etag = r.headers["etag"]
    again = get(client, "/sip/486-busy-here", headers={"if-none-match": etag})
    assert again.status_code == 304 and again.content == b""


def test_pages_have_no_inline_script_or_style_and_no_other_host(client):
    for path in ("/", "/sip/183-session-progress", "/compare/sip/401-unauthorized-vs-407-proxy-authentication-required",
                 "/glossary/", "/glossary/early-dialog", "/search?q=busy", "/api/docs"):
        html = get(client, path).text
        assert "<style" not in html and " style=" not in html, path
        assert not re.search(r"<script(?![^>]*\bsrc=)", html), path
        for url in re.findall(r'(?:src|href)="([^"]+)"', html):
            assert url.startswith(("/", "#", "data:", "https://www.rfc-editor.org/")), (path, url)


def test_search_page_server_side(client):
    r = get(client, "/search?q=identity")
    assert r.status_code == 200 and 'href="/sip/438-invalid-identity-header"' in r.text
    assert "No code matches" in get(client, "/search?q=zzzyqx").text


def test_glossary(client):
    r = get(client, "/glossary/")
    assert r.status_code == 200
    for term in ("early-dialog", "forking", "passport", "stir-shaken", "b2bua", "retry-after"):
        assert f'href="/glossary/{term}"' in r.text
    r = get(client, "/glossary/early-dialog")
    assert r.status_code == 200 and "RFC 3261" in r.text


def test_sitemap_and_robots_use_the_configured_base_url_never_the_host_header():
    site = TestClient(create_app(base_url="https://sip.example/"))
    sitemap = get(site, "/sitemap.xml", headers={"host": "evil.example"}).text
    assert sitemap.count("<loc>") > 3000
    assert "<loc>https://sip.example/sip/486-busy-here</loc>" in sitemap and "evil" not in sitemap
    robots = get(site, "/robots.txt", headers={"host": "evil.example"}).text
    assert "Sitemap: https://sip.example/sitemap.xml" in robots and "evil" not in robots
    page = get(site, "/sip/486-busy-here", headers={"host": "evil.example"}).text
    assert '<link rel="canonical" href="https://sip.example/sip/486-busy-here">' in page


def test_without_a_base_url_links_are_relative_and_there_is_no_sitemap(client):
    r = get(client, "/sitemap.xml", headers={"host": "evil.example"})
    assert r.status_code == 404 and "--base-url" in r.text and "evil" not in r.text
    robots = get(client, "/robots.txt", headers={"host": "evil.example"}).text
    assert "Sitemap" not in robots and "evil" not in robots
    assert get(client, "/healthz").json() == {"status": "ok"}


def test_api_codes(client):
    rows = get(client, "/api/v1/codes").json()
    assert len(rows) == len(sipcodes.codes()) and {"code", "reason", "class", "status"} <= set(rows[0])
    entry = get(client, "/api/v1/codes/438").json()
    from sipcodes.render.json import entry_dict

    assert entry == entry_dict(sipcodes.get(438))
    assert {k: v for k, v in entry.items() if k != "platforms"} == sipcodes.get(438).to_dict()


def test_api_compare_same_as_cli(client):
    data = get(client, "/api/v1/compare/600/486").json()
    assert data == sipcodes.compare(486, 600).to_dict()
    assert data["slug"] == "486-busy-here-vs-600-busy-everywhere"


@pytest.mark.parametrize("path,status,kind", [
    ("/api/v1/codes/999", 404, "unknown_code"),
    ("/api/v1/codes/abc", 404, "unknown_code"),
    ("/api/v1/codes/486?lang=xx", 404, "unknown_language"),
    ("/api/v1/compare/486/486", 400, "same_code"),
    ("/api/v1/compare/486/1000", 404, "unknown_code"),
    ("/api/v2/codes", 404, "not_found"),
])
def test_api_errors_are_json(client, path, status, kind):
    r = get(client, path)
    assert r.status_code == status and r.json()["error"]["type"] == kind
    assert r.json()["error"]["message"]


def test_api_suggests_nearest(client):
    assert get(client, "/api/v1/codes/499").json()["error"]["suggestions"] == [491, 493, 494]


def test_openapi_and_docs(client):
    spec = get(client, "/api/openapi.json").json()
    assert {"/api/v1/codes", "/api/v1/codes/{code}", "/api/v1/compare/{a}/{b}"} <= set(spec["paths"])
    docs = get(client, "/api/docs")
    assert docs.status_code == 200 and "/api/v1/compare/{a}/{b}" in docs.text


def test_methods_other_than_get(client):
    r = client.post("/sip/486-busy-here")
    assert r.status_code == 405 and r.headers["allow"] == "GET, HEAD"


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=40))
def test_no_path_gives_a_server_error(client, junk):
    junk = quote(junk, safe="")
    for path in (f"/sip/{junk}", f"/compare/sip/{junk}", f"/{junk}", f"/api/v1/codes/{junk}",
                 f"/compare/sip/486-vs-{junk}", f"/search?q={junk}"):
        r = client.get(path, follow_redirects=False)
        assert r.status_code in (200, 301, 404, 400, 405), (path, r.status_code)


def test_unknown_static_names_and_404_paths_store_nothing(client):
    from sipcodes.web import static

    app = client.app
    get(client, "/static/style.css")
    assets, cached, used = len(static._assets), len(app.cache), app.cache.used
    for i in range(300):
        assert get(client, f"/static/{i}-{'x' * 2000}.css").status_code == 404
        assert get(client, f"/sip/{i}{'y' * 2000}").status_code == 404
        assert get(client, f"/sip/486-busy-here?junk={i}").status_code == 200  # stray parameters: one entry
    assert len(static._assets) == assets
    assert len(app.cache) <= cached + 1 and app.cache.used <= used + 200_000


def test_page_cache_is_bounded_in_bytes():
    site = create_app(cache_mb=1)
    small = TestClient(site)
    for code in sipcodes.codes():
        for other in (486, 600):
            if other != code:
                assert get(small, f"/compare/sip/{min(code, other)}-vs-{max(code, other)}").status_code == 301
        assert small.get(f"/fr/sip/{code}").status_code == 200  # follows the redirect to the page
    assert 0 < site.cache.used <= 1024 * 1024 and len(site.cache) > 10


def test_api_path_with_an_encoded_newline_and_slash_is_not_redirected(client):
    # Starlette would redirect a path that matches only without its trailing slash; a code ending in a newline did
    r = client.get("/api/v1/codes/%0A%2F", follow_redirects=False)
    assert r.status_code == 404 and "location" not in r.headers

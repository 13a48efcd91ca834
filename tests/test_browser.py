"""A real browser (Playwright driving Debian's chromium) against `sipcodes serve`: picker, links, language, search."""

import os
import re

import pytest
from playwright.sync_api import expect, sync_playwright

from _server import running

CHROMIUM = os.environ.get("SIPCODES_CHROMIUM", "/usr/bin/chromium")


def _serve(argv, probe_path):
    with running(argv, probe_path) as (base, _port, _proc):
        yield base


@pytest.fixture(scope="module")
def server():
    yield from _serve(lambda port: ["-m", "sipcodes", "serve", "--port", str(port)], "/healthz")


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run"])
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    page = browser.new_page()
    errors = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    page.close()
    assert not errors, errors  # includes Content-Security-Policy violations


def test_a_user_session(server, page):
    page.goto(server + "/")
    expect(page.locator("h1")).to_have_text("SIP response codes")

    # compare two codes with the picker
    page.select_option("#a", "486")
    page.select_option("#b", "600")
    page.click("form.compare-picker button")
    page.wait_for_url(re.compile(r"/compare/sip/486-busy-here-vs-600-busy-everywhere$"))
    expect(page.locator("h1")).to_have_text("SIP 486 Busy Here vs 600 Busy Everywhere")
    expect(page.locator("#key")).to_be_visible()

    # follow a link to a code page
    page.click("h2#code-600 a")
    page.wait_for_url(re.compile(r"/sip/600-busy-everywhere$"))
    expect(page.locator("h1")).to_contain_text("600")

    # switch to French and back
    page.click("nav.langs a[hreflang=fr]")
    page.wait_for_url(re.compile(r"/fr/sip/600-busy-everywhere$"))
    assert page.locator("html").get_attribute("lang") == "fr"
    page.click("nav.langs a[hreflang=en]")
    page.wait_for_url(re.compile(r"/sip/600-busy-everywhere$"))
    assert page.locator("html").get_attribute("lang") == "en"

    # search
    page.fill("#q", "identity")
    page.press("#q", "Enter")
    page.wait_for_url(re.compile(r"/search\?q=identity$"))
    results = page.locator("ul.results li")
    expect(results.first).to_be_visible()
    expect(page.locator("ul.results").first).to_contain_text("438 Invalid Identity Header")


def test_causes_warnings_and_platforms(server, page):
    # a code page says what each platform turns the code into, and links the cause
    page.goto(server + "/sip/503-service-unavailable")
    platforms = page.locator("#platforms + table")
    expect(platforms).to_contain_text("Asterisk")
    expect(platforms).to_contain_text("FreeSWITCH")
    platforms.locator("a[href^='/q850/34-']").first.click()
    page.wait_for_url(re.compile(r"/q850/34-no-circuit-channel-available$"))
    expect(page.locator("h1")).to_contain_text("No circuit/channel available")
    expect(page.locator("article")).to_contain_text("503 Service Unavailable")

    # the index of causes, from the navigation, then a cause in French
    page.click("header nav a[href='/q850/']")
    page.wait_for_url(re.compile(r"/q850/$"))
    expect(page.locator("table.codes").first).to_contain_text("Unallocated (unassigned) number")
    page.click("a[href='/q850/17-user-busy']")
    page.click("nav.langs a[hreflang=fr]")
    page.wait_for_url(re.compile(r"/fr/q850/17-user-busy$"))
    assert page.locator("html").get_attribute("lang") == "fr"
    expect(page.locator("article")).to_contain_text("486 Busy Here")

    # Warning codes
    page.goto(server + "/warning/")
    page.click("a[href='/warning/304']")
    expect(page.locator("h1")).to_contain_text("304")

    # search finds a cause by its name
    page.goto(server + "/search?q=no+circuit")
    expect(page.locator("ul.results").last).to_contain_text("No circuit/channel available")

    # a comparison shows where two codes become the same cause
    page.goto(server + "/compare/sip/408-request-timeout-vs-480-temporarily-unavailable")
    expect(page.locator("#causes")).to_be_visible()


def test_works_without_javascript(server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "/")
    page.select_option("#a", "401")
    page.select_option("#b", "407")
    page.click("form.compare-picker button")
    page.wait_for_url(re.compile(r"/compare/sip/401-unauthorized-vs-407-proxy-authentication-required$"))
    context.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_readable_on_a_phone_in_both_colour_schemes(server, browser, scheme, tmp_path):
    page = browser.new_page(color_scheme=scheme, viewport={"width": 390, "height": 844})
    for path in ("/sip/438-invalid-identity-header",
                 "/compare/sip/183-session-progress-vs-438-invalid-identity-header", "/",
                 "/de/compare/sip/401-unauthorized-vs-407-proxy-authentication-required", "/fr/glossary/",
                 "/sip/503-service-unavailable", "/fr/q850/34-no-circuit-channel-available", "/q850/",
                 "/de/warning/304"):
        page.goto(server + path)
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        assert (background == "rgb(253, 253, 252)") == (scheme == "light"), (scheme, background)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"{path}: horizontal scroll on a phone ({width}px)"
    page.screenshot(path=str(tmp_path / f"{scheme}.png"))
    page.close()


@pytest.fixture(scope="module")
def static_site(built_site):
    """The static export served by a plain file server (no application code runs)."""
    root, _ = built_site
    yield from _serve(lambda port: ["-m", "http.server", str(port), "--bind", "127.0.0.1", "--directory",
                                    str(root)], "/")


def test_static_export_search_and_picker(static_site, page):
    page.goto(static_site + "/search/?q=identity")
    expect(page.locator("#live-results ul.results")).to_contain_text("438 Invalid Identity Header")
    page.click("#live-results a[href='/sip/438-invalid-identity-header']")
    expect(page.locator("h1")).to_contain_text("438")

    page.goto(static_site + "/fr/")
    page.select_option("#a", "603")
    page.select_option("#b", "486")
    page.click("form.compare-picker button")
    page.wait_for_url(re.compile(r"/fr/compare/sip/486-busy-here-vs-603-decline/?$"))
    assert page.locator("html").get_attribute("lang") == "fr"


def test_explain_a_capture_with_the_form(server, page, tmp_path):
    from _traces import busy_call

    capture = tmp_path / "busy.pcap"
    capture.write_bytes(busy_call())
    page.goto(server + "/")
    page.click("header.site nav a[href='/explain']")
    page.wait_for_url(re.compile(r"/explain$"))
    page.set_input_files("#explain-file", str(capture))
    page.click("form.explain button")
    page.wait_for_load_state()
    ladder = page.locator("section.call svg[role=img]")
    expect(ladder).to_be_visible()
    expect(ladder.locator("g.msg")).to_have_count(5)
    expect(page.locator("section.finding h4")).to_contain_text("486 Busy Here")
    # the retransmitted INVITE is drawn dashed, the 486 in the error colour, both from the site's stylesheet
    dashes = page.evaluate("getComputedStyle(document.querySelector('g.msg.retransmission line')).strokeDasharray")
    assert dashes not in ("", "none"), dashes
    bad = page.evaluate("getComputedStyle(document.querySelector('g.msg.failure line')).stroke")
    plain = page.evaluate("getComputedStyle(document.querySelector('g.msg.request line')).stroke")
    assert bad != plain


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_saved_report_opens_offline(browser, tmp_path, scheme):
    import sipcodes
    from _traces import busy_call
    from sipcodes.render.explain_html import render_report_html

    report = sipcodes.explain(busy_call(), lang="fr").to_dict()
    saved = tmp_path / "report.html"
    saved.write_text(render_report_html(report, "fr"), encoding="utf-8")
    context = browser.new_context(java_script_enabled=False, color_scheme=scheme,
                                  viewport={"width": 390, "height": 844})
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(saved.as_uri())
    expect(page.locator("svg[role=img] g.msg")).to_have_count(5)
    expect(page.locator("h1")).to_have_text("Trace SIP expliquée")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert (background == "rgb(253, 253, 252)") == (scheme == "light"), background
    label = page.evaluate("getComputedStyle(document.querySelector('g.msg text:not(.time)')).fill")
    assert label != background
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the ladder scrolls inside its box
    assert requests == [saved.as_uri()]  # nothing fetched but the file itself
    context.close()

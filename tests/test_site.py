"""The static export: every page in every language, and every internal link resolves to a file."""

import os
import re
from urllib.parse import unquote, urlsplit

import pytest

import sipcodes
from sipcodes.site import build_site, page_file


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    out = tmp_path_factory.mktemp("site")
    report = build_site(str(out), base_url="https://sip.example")
    return str(out), report


def target_exists(root, href):
    path = unquote(urlsplit(href).path)
    full = os.path.join(root, path.lstrip("/"))
    return os.path.isfile(full) or os.path.isfile(os.path.join(root, page_file(path)))


def test_every_internal_link_resolves(site):
    root, report = site
    checked, broken = 0, []
    for folder, _, files in os.walk(root):
        for name in files:
            if not name.endswith(".html"):
                continue
            with open(os.path.join(folder, name), encoding="utf-8") as fh:
                html = fh.read()
            for href in re.findall(r'(?:href|src|action)="(/[^"]*)"', html):
                checked += 1
                if not target_exists(root, href):
                    broken.append((os.path.relpath(os.path.join(folder, name), root), href))
    assert checked > 50_000
    assert not broken, broken[:10]


def test_every_page_in_every_language(site):
    root, report = site
    codes = sipcodes.codes()
    pairs = len(codes) * (len(codes) - 1) // 2
    for lang in sipcodes.languages():
        prefix = "" if lang == "en" else lang + "/"
        assert os.path.isfile(os.path.join(root, prefix + "index.html"))
        assert os.path.isfile(os.path.join(root, prefix + "sip/486-busy-here/index.html"))
        compares = os.listdir(os.path.join(root, prefix + "compare/sip"))
        assert len(compares) == pairs
    for name in ("sitemap.xml", "robots.txt", "404.html", "static/style.css", "static/site.js",
                 "static/search-en.json", "search/index.html"):
        assert os.path.isfile(os.path.join(root, name)), name


def test_sitemap_and_canonical_use_base_url(site):
    root, _ = site
    with open(os.path.join(root, "sitemap.xml"), encoding="utf-8") as fh:
        sitemap = fh.read()
    assert "<loc>https://sip.example/sip/486-busy-here</loc>" in sitemap
    with open(os.path.join(root, "sip/486-busy-here/index.html"), encoding="utf-8") as fh:
        assert '<link rel="canonical" href="https://sip.example/sip/486-busy-here">' in fh.read()


def test_unwritable_output_is_a_clear_error(tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    with pytest.raises(sipcodes.SipcodesError, match="is not a directory"):
        build_site(str(target))

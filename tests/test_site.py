"""The static export: every page in every language, and every internal link resolves to a file."""

import io
import os
import re
import sys
from urllib.parse import unquote, urlsplit

import pytest

import sipcodes
from sipcodes.site import build_site, page_file


@pytest.fixture
def site(built_site):
    return built_site


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


@pytest.fixture
def small_site(monkeypatch):
    """Builds of a few pages only (a full build takes many seconds); everything else about the build is real."""
    from sipcodes.web import routes

    monkeypatch.setattr(routes, "all_page_paths", lambda: ["/", "/sip/486-busy-here", "/fr/sip/486-busy-here"])


def _beside(path):
    """Entries next to `path` other than `path` itself (temporary build directories must not be left there)."""
    return sorted(set(os.listdir(os.path.dirname(path))) - {os.path.basename(path)})


def test_rebuild_leaves_no_stale_files(small_site, tmp_path):
    out = tmp_path / "out"
    build_site(str(out))
    (out / "sip" / "999-gone").mkdir()
    (out / "sip" / "999-gone" / "index.html").write_text("an old page")
    report = build_site(str(out))
    assert not (out / "sip" / "999-gone").exists()
    assert (out / "sip" / "486-busy-here" / "index.html").is_file() and (out / "fr" / "search" / "index.html").is_file()
    assert report.pages == 3 + 2 * len(sipcodes.languages())  # the pages, a search page and an /explain page each
    assert "sipcodes explain" in (out / "fr" / "explain" / "index.html").read_text(encoding="utf-8")
    assert _beside(str(out)) == []


def test_new_site_directory_follows_the_umask(small_site, tmp_path):
    umask = os.umask(0o022)
    os.umask(umask)
    build_site(str(tmp_path / "out"))
    assert os.stat(tmp_path / "out").st_mode & 0o777 == 0o777 & ~umask  # a static server must be able to read it


def test_failed_build_keeps_the_previous_site(small_site, tmp_path, monkeypatch):
    from sipcodes.web import routes

    out = tmp_path / "out"
    build_site(str(out))
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    real_resolve = routes.resolve

    def failing(path, **kwargs):
        if path == "/fr/sip/486-busy-here":
            raise RuntimeError("renderer crashed")
        return real_resolve(path, **kwargs)

    monkeypatch.setattr(routes, "resolve", failing)
    with pytest.raises(RuntimeError, match="renderer crashed"):
        build_site(str(out))
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before
    assert _beside(str(out)) == []


def test_refuses_to_replace_a_directory_that_is_not_a_site(small_site, tmp_path):
    project = tmp_path / "project"
    project.mkdir()
    (project / "notes.txt").write_text("mine")
    with pytest.raises(sipcodes.SipcodesError, match="is not empty and is not a site built by sipcodes"):
        build_site(str(project))
    assert os.listdir(project) == ["notes.txt"] and _beside(str(project)) == []


def test_cli_warns_without_base_url_and_shows_progress_only_on_a_terminal(small_site, tmp_path, capsys,
                                                                           monkeypatch):
    from sipcodes.cli import main

    def build(*argv):
        with pytest.raises(SystemExit) as info:
            main(["build-site", str(tmp_path / "out"), *argv])
        out, err = capsys.readouterr()
        assert info.value.code == 0 and out.startswith("wrote 11 pages and ")
        return err

    err = build()
    assert err.count("\n") == 1 and err.startswith("sipcodes: warning: without --base-url") and "absolute" in err
    assert build("--base-url", "https://sip.example") == ""

    class Terminal(io.StringIO):
        def isatty(self):
            return True

    terminal = Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    with pytest.raises(SystemExit):
        main(["build-site", str(tmp_path / "out"), "--base-url", "https://sip.example"])
    assert "building" in terminal.getvalue() and "━" in terminal.getvalue()  # Rich drew a bar

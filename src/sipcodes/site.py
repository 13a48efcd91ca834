"""`sipcodes build-site OUT_DIR`: the whole website as static files, for any static host or CDN.

Each page /a/b is written as a/b/index.html, so the links the server uses work unchanged when OUT_DIR is served
from its root (nginx: `try_files $uri $uri/index.html =404`; most static hosts do this by default).

The site is written into a fresh directory beside OUT_DIR and swapped in when complete: files of an earlier build
that the new one no longer has never survive, and a build that fails leaves the previous site as it was.
"""

from __future__ import annotations

import os
import secrets
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass

from . import catalog
from .errors import SipcodesError
from .i18n import N_
from .web import routes, static, urls

# Files every build writes; an existing non-empty OUT_DIR without them is not a site to replace.
_SIGNATURE = ("sitemap.xml", "404.html")


class OutputError(SipcodesError, OSError):
    """OUT_DIR cannot be written."""


@dataclass(frozen=True)
class BuildReport:
    pages: int
    files: int
    seconds: float


def _write(out_dir: str, rel: str, data: bytes) -> None:
    path = os.path.join(out_dir, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(data)


def page_file(path: str) -> str:
    """The file a page path is written to: "/" → index.html, "/sip/486-busy-here" → sip/486-busy-here/index.html."""
    rel = path.strip("/")
    return f"{rel}/index.html" if rel else "index.html"


def _sibling(target: str, kind: str) -> str:
    """A new, empty directory next to `target` (same file system, so renaming it into place is atomic)."""
    parent, name = os.path.split(target)
    while True:
        path = os.path.join(parent, f".{name}.{kind}-{secrets.token_hex(4)}")
        try:
            os.mkdir(path)  # mode 0o777 less the umask, as the directory it replaces would have been made
            return path
        except FileExistsError:
            continue


def _prepare(out_dir: str) -> tuple[str, str]:
    """(the real target path, a fresh build directory beside it); raises OutputError when OUT_DIR cannot be used."""
    target = os.path.realpath(out_dir)
    if os.path.exists(target) and not os.path.isdir(target):
        raise OutputError(N_("{path} exists and is not a directory; give a new or existing directory"), path=out_dir)
    if os.path.isdir(target) and os.listdir(target) and not all(
            os.path.isfile(os.path.join(target, name)) for name in _SIGNATURE):
        raise OutputError(N_("{path} is not empty and is not a site built by sipcodes; give a new or empty "
                             "directory, or a previous build to replace"), path=out_dir)
    try:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        build_dir = _sibling(target, "build")
    except OSError as exc:
        raise OutputError(N_("cannot create the build directory beside {path} (the site is written there, then "
                             "moved into place): {reason}"), path=out_dir, reason=exc.strerror) from None
    if os.path.isdir(target):
        os.chmod(build_dir, os.stat(target).st_mode & 0o7777)
    return target, build_dir


def _swap_in(build_dir: str, target: str) -> None:
    """Replace `target` with the finished `build_dir`; the old site is deleted only once the new one is in place."""
    if not os.path.isdir(target):
        os.rename(build_dir, target)
        return
    old = _sibling(target, "old")
    os.rmdir(old)
    os.rename(target, old)
    try:
        os.rename(build_dir, target)
    except OSError:
        os.rename(old, target)
        raise
    shutil.rmtree(old, ignore_errors=True)


def build_site(out_dir: str, base_url: str = "",
               on_progress: Callable[[int, int], None] | None = None) -> BuildReport:
    """Write the whole site into `out_dir`, replacing an earlier build there.

    `on_progress(done, total)` is called as files are written (for a progress bar).
    """
    start = time.perf_counter()
    base_url = base_url.rstrip("/")
    target, build_dir = _prepare(out_dir)
    try:
        paths = routes.all_page_paths()
        for lang in catalog.languages():
            prefix = "" if lang == catalog.SOURCE_LANG else f"/{lang}"
            paths.append(f"{prefix}/search")
        assets = static.asset_names()
        explain_langs = catalog.languages()
        total = len(paths) + len(explain_langs) + len(assets) + 3
        files = done = 0

        def wrote(written: bool = True) -> None:
            nonlocal files, done
            files += written
            done += 1
            if on_progress is not None:
                on_progress(done, total)

        for path in paths:
            outcome = routes.resolve(path, base_url=base_url)
            if outcome.status != 200:  # every enumerated page must exist; a miss is a bug, not a user error
                raise RuntimeError(f"{path} did not render (status {outcome.status})")
            _write(build_dir, page_file(path), outcome.html.encode("utf-8"))
            wrote()
        for lang in explain_langs:  # the server's upload form; here, how to use the command line instead
            _write(build_dir, page_file(urls.explain(lang)),
                   routes.explain_without_server(lang, base_url).encode("utf-8"))
            wrote()
        for name in assets:
            found = static.asset(name)
            if found:
                _write(build_dir, f"static/{name}", found[0])
            wrote(bool(found))
        not_found = routes.resolve("/404-page-not-found", base_url=base_url)
        _write(build_dir, "404.html", not_found.html.encode("utf-8"))
        wrote()
        _write(build_dir, "sitemap.xml", static.sitemap(base_url))
        wrote()
        _write(build_dir, "robots.txt", static.special("/robots.txt", base_url)[0])
        wrote()
        _swap_in(build_dir, target)
    except BaseException as exc:
        shutil.rmtree(build_dir, ignore_errors=True)
        if isinstance(exc, OSError) and not isinstance(exc, SipcodesError):
            raise OutputError(N_("cannot write to {path}: {reason}"), path=out_dir,
                              reason=exc.strerror or str(exc)) from None
        raise
    return BuildReport(pages=len(paths) + len(explain_langs), files=files, seconds=time.perf_counter() - start)

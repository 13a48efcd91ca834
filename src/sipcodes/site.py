"""`sipcodes build-site OUT_DIR`: the whole website as static files, for any static host or CDN.

Each page /a/b is written as a/b/index.html, so the links the server uses work unchanged when OUT_DIR is served
from its root (nginx: `try_files $uri $uri/index.html =404`; most static hosts do this by default).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass

from . import catalog
from .errors import SipcodesError
from .i18n import N_
from .web import routes, static


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


def build_site(out_dir: str, base_url: str = "") -> BuildReport:
    start = time.perf_counter()
    base_url = base_url.rstrip("/")
    if os.path.exists(out_dir) and not os.path.isdir(out_dir):
        raise OutputError(N_("{path} exists and is not a directory; give a new or existing directory"), path=out_dir)
    try:
        os.makedirs(out_dir, exist_ok=True)
        probe = os.path.join(out_dir, ".sipcodes-write-test")
        with open(probe, "wb"):
            pass
        os.unlink(probe)
    except OSError as exc:
        raise OutputError(N_("cannot write to {path}: {reason}"), path=out_dir, reason=exc.strerror) from None

    files = 0
    paths = routes.all_page_paths()
    for lang in catalog.languages():
        prefix = "" if lang == catalog.SOURCE_LANG else f"/{lang}"
        paths.append(f"{prefix}/search")
    for path in paths:
        outcome = routes.resolve(path, base_url=base_url)
        if outcome.status != 200:  # every enumerated page must exist; a miss is a bug, not a user error
            raise RuntimeError(f"{path} did not render (status {outcome.status})")
        _write(out_dir, page_file(path), outcome.html.encode("utf-8"))
        files += 1
    for name in static.asset_names():
        found = static.asset(name)
        if found:
            _write(out_dir, f"static/{name}", found[0])
            files += 1
    not_found = routes.resolve("/404-page-not-found", base_url=base_url)
    _write(out_dir, "404.html", not_found.html.encode("utf-8"))
    _write(out_dir, "sitemap.xml", static.sitemap(base_url))
    _write(out_dir, "robots.txt", static.special("/robots.txt", base_url)[0])
    files += 3
    return BuildReport(pages=len(paths), files=files, seconds=time.perf_counter() - start)

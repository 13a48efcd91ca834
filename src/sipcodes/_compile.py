"""What the build compiles into the package: the gettext catalogs (.po → .mo) and the compiled catalog store.

`setup.py` runs `python -m sipcodes._compile PACKAGE_DIR` on the copy of the package it is building; compiled
files are never committed. Each compiled file records the fingerprints of its sources, so that a copy whose sources
change afterwards (a source checkout built in place) goes back to reading the sources.
"""

from __future__ import annotations

import os
import sys

from . import i18n
from ._fingerprint import file_fingerprint
from .catalog._store import write_store


def compile_messages() -> list[str]:
    """Write each language's .mo beside its .po, with the .po's fingerprint; return the languages."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    done = []
    for lang in i18n.ui_languages():
        po = i18n.po_path(lang)
        with open(po, "rb") as fh:
            catalog = read_po(fh, locale=lang, domain=i18n.DOMAIN)
        with open(po[:-3] + ".mo", "wb") as fh:
            write_mo(fh, catalog)
        length, residue = file_fingerprint(po)
        with open(i18n.compiled_from(po), "w", encoding="ascii") as fh:
            fh.write(f"{length} {residue}\n")
        done.append(lang)
    return done


def main(argv: list[str]) -> int:
    package_dir = os.path.dirname(os.path.abspath(__file__))
    if argv and os.path.realpath(argv[0]) != os.path.realpath(package_dir):
        # never compile into another copy of the package than the one named (an editable install, say)
        print(f"sipcodes._compile: this is {package_dir}, not {argv[0]}", file=sys.stderr)
        return 1
    langs = compile_messages()
    count = write_store()
    print(f"compiled interface catalogs ({', '.join(langs)}) and {count} catalog entries")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

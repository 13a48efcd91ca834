"""Compile the gettext catalogs (.po → .mo) when the package is built; compiled files are never committed."""

import os

from setuptools import setup
from setuptools.command.build_py import build_py


class BuildWithCatalogs(build_py):
    def run(self):
        super().run()
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        locale_dir = os.path.join("src", "sipcodes", "locale")
        if not os.path.isdir(locale_dir):
            return
        for lang in sorted(os.listdir(locale_dir)):
            po = os.path.join(locale_dir, lang, "LC_MESSAGES", "sipcodes.po")
            if not os.path.isfile(po):
                continue
            with open(po, "rb") as fh:
                catalog = read_po(fh, locale=lang)
            target = os.path.join(self.build_lib, "sipcodes", "locale", lang, "LC_MESSAGES", "sipcodes.mo")
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as fh:
                write_mo(fh, catalog)


setup(cmdclass={"build_py": BuildWithCatalogs})

"""Interface strings through gettext: one catalog per language under locale/<lang>/LC_MESSAGES/sipcodes.po.

Compiled .mo files are produced when the package is built, each with a fingerprint of the .po it came from
(`sipcodes.mo.source`); a .mo is used while its .po still has that fingerprint. A source checkout without them
compiles the .po in memory with Babel on first use, so a fresh clone works without a build step. English needs
no catalog at all, so gettext is imported only for another language.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False
if TYPE_CHECKING:
    import gettext as _gettext

DOMAIN = "sipcodes"
LOCALE_DIR = os.path.join(os.path.dirname(__file__), "locale")


def po_path(lang: str) -> str:
    return os.path.join(LOCALE_DIR, lang, "LC_MESSAGES", f"{DOMAIN}.po")


def ui_languages() -> tuple[str, ...]:
    """Languages with an interface catalog."""
    if not os.path.isdir(LOCALE_DIR):
        return ()
    return tuple(sorted(lang for lang in os.listdir(LOCALE_DIR) if os.path.exists(po_path(lang))))


def compiled_from(po: str) -> str:
    """The file beside a compiled .mo that records the fingerprint of the .po it was compiled from."""
    return po[:-3] + ".mo.source"


def _mo_is_current(po: str, mo: str) -> bool:
    if not os.path.exists(mo):
        return False
    if not os.path.exists(po):
        return True
    try:
        with open(compiled_from(po), encoding="ascii") as fh:
            recorded = tuple(int(part) for part in fh.read().split())
    except (OSError, ValueError):
        # a .mo compiled by hand (pybabel, msgfmt) records nothing: trust it while it is the newer file
        return os.path.getmtime(mo) >= os.path.getmtime(po)
    from ._fingerprint import file_fingerprint

    return file_fingerprint(po) == recorded


_translations: dict[str, object] = {}


def translations(lang: str) -> _gettext.NullTranslations:
    """The gettext translations for `lang`; English (the source) and unknown languages translate nothing."""
    found = _translations.get(lang)
    if found is None:
        found = _translations[lang] = _load_translations(lang)
    return found


def _load_translations(lang: str) -> _gettext.NullTranslations:
    import gettext as _gettext

    po = po_path(lang)
    mo = po[:-3] + ".mo"
    if _mo_is_current(po, mo):
        with open(mo, "rb") as fh:
            return _gettext.GNUTranslations(fh)
    if os.path.exists(po):
        from io import BytesIO

        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        with open(po, "rb") as fh:
            catalog = read_po(fh, locale=lang, domain=DOMAIN)
        buf = BytesIO()
        write_mo(buf, catalog)
        buf.seek(0)
        return _gettext.GNUTranslations(buf)
    return _gettext.NullTranslations()


def gettext(lang: str, message: str) -> str:
    return translations(lang).gettext(message)


def ngettext(lang: str, singular: str, plural: str, n: int) -> str:
    return translations(lang).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Mark a string for extraction without translating it yet (it is translated where it is shown)."""
    return message


# Translators: joins the items of one fact or comparison cell ("a proxy; a registrar"). Keep the language's
# spacing rule for a semicolon: French puts a narrow no-break space (U+202F) before it.
LIST_SEPARATOR = N_("; ")


def translator(lang: str):
    """A `_` function for `lang`; English returns its argument without touching any catalog file."""
    if lang == "en":
        return _identity
    return translations(lang).gettext


def _identity(message: str) -> str:
    return message

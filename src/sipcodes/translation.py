"""The `sipcodes i18n` commands: what each language lacks, scaffolding a new language, and the message catalogs.

Content (entries, pair notes, glossary) is translated in data files that record the hash of the English they
translate; interface strings are translated in gettext catalogs (locale/<lang>/LC_MESSAGES/sipcodes.po) made
from the template locale/sipcodes.pot, which `extract` regenerates from the code and templates.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

from . import catalog, i18n
from .catalog import _glossary
from .catalog._translations import (ENTRY_FIELDS, entry_source, field_states, read_translation, source_hash,
                                    translation_file)
from .comparison import PAIR_FIELDS, pair_notes, pair_source
from .errors import SipcodesError, UnknownLanguage
from .i18n import N_

PACKAGE_DIR = os.path.dirname(__file__)
# A source checkout has pyproject.toml two levels above the package (src/sipcodes); an installed package has not.
SOURCE_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(PACKAGE_DIR)))
POT_PATH = os.path.join(i18n.LOCALE_DIR, f"{i18n.DOMAIN}.pot")
KEYWORDS = {"_": None, "N_": None, "gettext": None, "ngettext": (1, 2)}


class NotASourceCheckout(SipcodesError, OSError):
    """A command that rewrites translation files was run on an installed package."""


def require_source_checkout() -> None:
    """Raise NotASourceCheckout unless the package runs from a source checkout, where its files may be rewritten."""
    if not os.path.isfile(os.path.join(SOURCE_ROOT, "pyproject.toml")):
        raise NotASourceCheckout(N_("this command writes translation files into the source tree; run it from a "
                                    "source checkout of sipcodes (installed from {path}, which is not one)"),
                                 path=PACKAGE_DIR)


@dataclass
class LanguageStatus:
    lang: str
    missing: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing and not self.stale


def _content_items():
    """(kind, file name, id key, id value, English fields, translatable field names) for every content item."""
    for entry in catalog.all_entries():
        yield "codes", str(entry.code), "code", entry.code, entry_source(entry), ENTRY_FIELDS
    for (a, b), note in pair_notes().items():
        yield "pairs", f"{a}-{b}", "pair", f"{a}-{b}", pair_source(note), PAIR_FIELDS
    for term in _glossary.terms().values():
        yield "glossary", term.term, "term", term.term, _glossary.term_source(term), _glossary.TERM_FIELDS
    from .catalog import _causes, _platforms

    for c in _causes.causes().values():
        yield "causes", str(c.cause), "cause", c.cause, _causes.cause_source(c), _causes.CAUSE_FIELDS
    for w in _causes.warnings().values():
        yield "warnings", str(w.warning), "warning", w.warning, _causes.warning_source(w), _causes.WARNING_FIELDS
    for r in _causes.reasons().values():
        yield "reasons", r.reason, "reason", r.reason, _causes.reason_source(r), _causes.REASON_FIELDS
    for p in _platforms.platforms().values():
        yield "platforms", p.platform, "platform", p.platform, _platforms.platform_source(p), \
            _platforms.PLATFORM_FIELDS


def _string(node) -> str | None:
    import ast

    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _extract_python(fileobj, keywords, comment_tags, options):
    """Babel's Python extractor, plus the call forms its keywords cannot describe.

    `translator(lang)("…")` (a call of a call), and the language-first helpers of `sipcodes.i18n`:
    `gettext(lang, "…")` and `ngettext(lang, "…", "…", n)` (the templates' `gettext("…")` and
    `ngettext("…", "…", n)` take the message first, and the keywords describe those).
    """
    import ast

    from babel.messages.extract import extract_python

    yield from extract_python(fileobj, keywords, comment_tags, options)
    fileobj.seek(0)
    for node in ast.walk(ast.parse(fileobj.read())):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Call):
            inner = func.func
            name = inner.attr if isinstance(inner, ast.Attribute) else getattr(inner, "id", None)
            if name == "translator" and node.args and _string(node.args[0]) is not None:
                yield node.lineno, "_", _string(node.args[0]), []
            continue
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
        if name == "gettext" and len(node.args) == 2 and _string(node.args[1]) is not None:
            yield node.lineno, "_", _string(node.args[1]), []
        elif name == "ngettext" and len(node.args) == 4 and None not in (_string(a) for a in node.args[1:3]):
            yield node.lineno, "ngettext", (_string(node.args[1]), _string(node.args[2])), []


def extract_messages(root: str = PACKAGE_DIR):
    """The interface messages in the code and templates under `root`, as a Babel catalog."""
    from babel.messages.catalog import Catalog
    from babel.messages.extract import extract_from_dir

    template = Catalog(project="sipcodes", domain=i18n.DOMAIN, charset="utf-8")
    method_map = [("**/templates/**.html", "jinja2.ext:babel_extract"), ("**.py", _extract_python)]
    options = {"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}}
    for filename, lineno, message, comments, context in extract_from_dir(
            root, method_map=method_map, options_map=options, keywords=KEYWORDS,
            comment_tags=("Translators:",), strip_comment_tags=True):
        template.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return template


def write_template() -> int:
    """Regenerate locale/sipcodes.pot; returns the number of messages."""
    from babel.messages.pofile import write_po

    require_source_checkout()
    template = extract_messages()
    os.makedirs(i18n.LOCALE_DIR, exist_ok=True)
    with open(POT_PATH, "wb") as fh:
        write_po(fh, template, omit_header=False, sort_by_file=True, width=100, no_location=False,
                 include_lineno=False)
    return len(template)


def update_catalogs() -> list[str]:
    """Bring every language's .po in line with the template (new messages empty, removed ones obsolete)."""
    from babel.messages.pofile import read_po, write_po

    require_source_checkout()
    with open(POT_PATH, "rb") as fh:
        template = read_po(fh)
    updated = []
    for lang in i18n.ui_languages():
        with open(i18n.po_path(lang), "rb") as fh:
            po = read_po(fh, locale=lang)
        po.update(template, update_header_comment=False)
        with open(i18n.po_path(lang), "wb") as fh:
            write_po(fh, po, width=100, include_lineno=False, ignore_obsolete=True)
        updated.append(lang)
    return updated


def ui_status(lang: str) -> tuple[list[str], list[str]]:
    """(missing, fuzzy) interface messages of `lang` against the current code and templates."""
    from babel.messages.pofile import read_po

    po_file = i18n.po_path(lang)
    template = extract_messages()
    wanted = [m.id for m in template if m.id]
    if not os.path.exists(po_file):
        return [_msg(m) for m in wanted], []
    with open(po_file, "rb") as fh:
        po = read_po(fh, locale=lang)
    missing, fuzzy = [], []
    for msgid in wanted:
        message = po.get(msgid)
        if message is None or not message.string or (isinstance(message.string, tuple) and not all(message.string)):
            missing.append(_msg(msgid))
        elif message.fuzzy:
            fuzzy.append(_msg(msgid))
    return missing, fuzzy


def _msg(msgid) -> str:
    text = msgid[0] if isinstance(msgid, tuple) else msgid
    return f"ui: {text[:60]!r}"


def status(lang: str) -> LanguageStatus:
    """What `lang` lacks: content fields missing or stale, interface messages missing or fuzzy."""
    result = LanguageStatus(lang)
    for kind, name, id_key, id_value, english, fields in _content_items():
        source, text = read_translation(translation_file(kind, lang, name), lang, id_key, id_value, fields)
        for field_name, state in field_states(english, source, text).items():
            if state == "missing":
                result.missing.append(f"{kind}/{name}: {field_name}")
            elif state == "stale":
                result.stale.append(f"{kind}/{name}: {field_name}")
    missing_ui, fuzzy_ui = ui_status(lang)
    result.missing += missing_ui
    result.stale += fuzzy_ui
    return result


def _toml_string(text: str) -> str:
    import json

    return json.dumps(text, ensure_ascii=False)  # a JSON string is a valid TOML basic string


def init_language(lang: str) -> int:
    """Create translation files for `lang` with the English as comments to translate; returns files written."""
    from babel import Locale, UnknownLocaleError

    require_source_checkout()
    if lang == catalog.SOURCE_LANG:
        raise UnknownLanguage(N_("English is the source language; give another language, such as fr"))
    try:
        Locale.parse(lang)
    except (UnknownLocaleError, ValueError):
        raise UnknownLanguage(N_("{lang} is not a language code Babel knows; use one such as fr, es, de, pt_BR"),
                              lang=repr(lang)) from None
    if not lang.replace("_", "").isalpha() or lang != lang.lower():
        raise UnknownLanguage(N_("use a lower-case language code such as fr or pt (got {lang})"), lang=repr(lang))
    written = 0
    for kind, name, id_key, id_value, english, _fields in _content_items():
        path = translation_file(kind, lang, name)
        if os.path.exists(path):
            continue
        os.makedirs(os.path.dirname(path), exist_ok=True)
        id_text = id_value if isinstance(id_value, int) else _toml_string(id_value)
        lines = [f"# Translation of data/{kind}/{name}.toml. Translate each commented field, uncomment it, and",
                 "# keep [source]: it records which English text the translation follows.",
                 f"{id_key} = {id_text}", "", "[source]"]
        lines += [f"{key} = \"{source_hash(value)}\"" for key, value in english.items()
                  if not (isinstance(value, list) and not any(value))]
        lines += ["", f"[{lang}]"]
        for key, value in english.items():
            if isinstance(value, list):
                if not any(value):
                    continue
                lines.append(f"# {key} = [")
                lines += [f"#   {_toml_string(item)}," for item in value]
                lines.append("# ]")
            else:
                lines.append(f"# {key} = {_toml_string(value)}")
        with open(path, "w", encoding="utf-8") as fh:
            fh.write("\n".join(lines) + "\n")
        written += 1
    po_file = i18n.po_path(lang)
    if not os.path.exists(po_file):
        from babel.messages.pofile import read_po, write_po

        if not os.path.exists(POT_PATH):
            write_template()
        with open(POT_PATH, "rb") as fh:
            template = read_po(fh)
        template.locale = Locale.parse(lang)
        template.revision_date = template.creation_date
        os.makedirs(os.path.dirname(po_file), exist_ok=True)
        with open(po_file, "wb") as fh:
            write_po(fh, template, width=100, include_lineno=False)
        written += 1
    return written


"""Translations: every shipped language complete and current, no English leaking into its pages, staleness
detected, interface strings all translated, locale-aware numbers and dates."""

import json
import os
import re
import shutil
import subprocess
import sys

import pytest

import sipcodes
from sipcodes import catalog, comparison, i18n, translation
from sipcodes.catalog import _translations
from sipcodes.cli import main
from sipcodes.web import routes

SHIPPED = ("fr", "es", "de")
PROSE = ("summary", "description", "when_you_see_it", "causes", "how_to_fix")

# Words that mark an English sentence and are not ordinary words of French, Spanish or German.
ENGLISH = set("""the and with that this which when from is are were has have should must would could their there
these those than then into because while before also only does not but your you its been being whether""".split())


def test_shipped_languages():
    assert set(SHIPPED) <= set(sipcodes.languages())


@pytest.mark.parametrize("lang", SHIPPED)
def test_language_is_complete_and_current(lang):
    report = translation.status(lang)
    assert not report.missing, report.missing[:20]
    assert not report.stale, report.stale[:20]


def test_i18n_status_command_exit_status(capsys):
    with pytest.raises(SystemExit) as info:
        main(["i18n", "status"])
    out, _ = capsys.readouterr()
    assert info.value.code == 0, out
    for lang in SHIPPED:
        assert f"{lang}: complete" in out


def test_unknown_language_is_a_clear_error(capsys):
    with pytest.raises(SystemExit) as info:
        main(["show", "486", "--lang", "xx"])
    _, err = capsys.readouterr()
    assert info.value.code == 2 and "unknown language 'xx'; available: en, de, es, fr" in err


def _protocol_tokens():
    tokens = {e.reason for e in sipcodes.all()} | {"Accepted (Deprecated)", "Invalid PASSporT", "Stale Date",
                                                     "Merged Request", "Unsupported Certificate", "Bad Identity-Info",
                                                     "Internal Server Error"}
    # Q.850 cause names are shown as ITU-T writes them in every language (operators search for them), and a
    # platform's sources are cited as their projects name them: neither is prose to translate
    tokens |= {c.name for c in catalog.causes().values()}
    tokens |= {str(s) for p in catalog.platforms().values() for s in p.sources}
    return sorted(tokens, key=len, reverse=True)


TOKENS = _protocol_tokens()


def english_sentences(text):
    """Sentences of `text` that read as English once protocol tokens are removed."""
    for token in TOKENS:
        text = text.replace(token, " ")
    text = re.sub(r"https?://\S+", " ", text)
    leaks = []
    for sentence in re.split(r"(?<=[.!?;:])\s+|\n", text):
        # normative keywords quoted in capitals ("MUST NOT") are protocol vocabulary, not prose
        words = [w for w in re.findall(r"[A-Za-z]+", sentence) if not (w.isupper() and len(w) > 1)]
        hits = {w.lower() for w in words if w.lower() in ENGLISH}
        if len(hits) >= 2:
            leaks.append(sentence.strip()[:160])
    return leaks


def visible_text(html):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"<head>.*?</head>", " ", html, flags=re.S)
    html = re.sub(r"<nav class=\"langs\".*?</nav>", " ", html, flags=re.S)  # language names, by design
    text = re.sub(r"<[^>]+>", "\n", html)
    import html as html_lib

    return html_lib.unescape(text)


@pytest.mark.parametrize("lang", SHIPPED)
def test_no_english_in_any_page(lang):
    checked, leaks = 0, []
    for path in routes.all_page_paths():
        if not path.startswith(f"/{lang}/"):
            continue
        outcome = routes.resolve(path)
        assert outcome.status == 200, path
        for sentence in english_sentences(visible_text(outcome.html)):
            leaks.append((path, sentence))
        checked += 1
    assert checked > 3000
    assert not leaks, leaks[:15]


@pytest.mark.parametrize("lang", SHIPPED)
def test_cli_show_438_in_language(lang, capsys):
    with pytest.raises(SystemExit) as info:
        main(["show", "438", "--lang", lang, "--format", "json"])
    data = json.loads(capsys.readouterr().out)
    english = sipcodes.get(438).to_dict()
    assert info.value.code == 0 and data["lang"] == lang and data["untranslated"] == []
    assert data["reason"] == "Invalid Identity Header"  # protocol token, never translated
    for field in PROSE:
        assert data[field] != english[field], field
        text = " ".join(data[field]) if isinstance(data[field], list) else data[field]
        assert not english_sentences(text), (field, english_sentences(text))


@pytest.mark.parametrize("lang", SHIPPED)
def test_cli_text_and_comparison_in_language(lang, capsys):
    with pytest.raises(SystemExit):
        main(["compare", "183", "438", "--lang", lang])
    out = capsys.readouterr().out
    assert "When you see it" not in out and "Key differences" not in out
    assert not english_sentences(out), english_sentences(out)[:5]


def test_interface_template_is_current():
    """The .pot matches the messages in the code and templates (run `sipcodes i18n extract` after changing them)."""
    from babel.messages.pofile import read_po

    with open(translation.POT_PATH, "rb") as fh:
        pot = {m.id for m in read_po(fh) if m.id}
    assert {m.id for m in translation.extract_messages() if m.id} == pot


def test_stale_translation_falls_back_to_english(tmp_path, monkeypatch):
    entry = sipcodes.get(486)
    source = _translations.entry_source(entry)
    lines = ["code = 486", "[source]"]
    lines += [f'{k} = "{_translations.source_hash(v)}"' for k, v in source.items() if k != "description"]
    lines += ['description = "000000000000"', "[xx]", 'summary = "Le poste appelé est occupé."',
              'description = "Une ancienne traduction."']
    folder = tmp_path / "codes" / "xx"
    folder.mkdir(parents=True)
    (folder / "486.toml").write_text("\n".join(lines), encoding="utf-8")
    monkeypatch.setattr(_translations, "DATA_DIR", str(tmp_path))
    translated = _translations.translate_entry(entry, "xx")
    assert translated.summary == "Le poste appelé est occupé."
    assert translated.description == entry.description  # stale: shown in English
    assert "description" in translated.untranslated and "summary" not in translated.untranslated
    assert {"causes", "how_to_fix", "when_you_see_it"} <= set(translated.untranslated)  # missing


def test_init_scaffolds_a_new_language(tmp_path, monkeypatch):
    shutil.copytree(os.path.join(os.path.dirname(i18n.LOCALE_DIR), "locale"), tmp_path / "locale")
    monkeypatch.setattr(_translations, "DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setattr(i18n, "LOCALE_DIR", str(tmp_path / "locale"))
    monkeypatch.setattr(translation, "POT_PATH", str(tmp_path / "locale" / "sipcodes.pot"))
    written = translation.init_language("it")
    kinds = (catalog.causes(), catalog.warnings(), catalog.reasons(), catalog.platforms())
    assert written == len(sipcodes.codes()) + len(comparison.pair_notes()) + 33 + sum(map(len, kinds)) + 1
    assert (tmp_path / "data" / "codes" / "it" / "486.toml").exists()
    assert (tmp_path / "locale" / "it" / "LC_MESSAGES" / "sipcodes.po").exists()
    report = translation.status("it")
    assert len(report.missing) > 500 and not report.stale
    with pytest.raises(sipcodes.UnknownLanguage):
        translation.init_language("zz-not-a-language")


def test_default_language_from_locale():
    env = {**os.environ, "LANG": "fr_FR.UTF-8", "LC_ALL": "", "LC_MESSAGES": ""}
    out = subprocess.run([sys.executable, "-m", "sipcodes", "show", "486", "--format", "json"], env=env,
                         capture_output=True, text=True, check=True).stdout
    assert json.loads(out)["lang"] == "fr"
    env["LANG"] = "ja_JP.UTF-8"
    out = subprocess.run([sys.executable, "-m", "sipcodes", "show", "486", "--format", "json"], env=env,
                         capture_output=True, text=True, check=True).stdout
    assert json.loads(out)["lang"] == "en"


def test_numbers_and_dates_follow_the_locale():
    fr = routes.resolve("/fr/").html
    de = routes.resolve("/de/").html
    en = routes.resolve("/").html
    assert "25 novembre 2026" in fr and "25. November 2026" in de and "November 25, 2026" in en


def test_hreflang_alternates_on_every_language():
    html = routes.resolve("/es/sip/486-busy-here").html
    for lang, prefix in (("en", ""), ("fr", "/fr"), ("es", "/es"), ("de", "/de")):
        assert f'<link rel="alternate" hreflang="{lang}" href="{prefix}/sip/486-busy-here">' in html
    assert '<html lang="es">' in html


def test_stale_fields_are_announced_on_pages():
    import dataclasses

    from sipcodes.render.html import render_comparison_html
    from sipcodes.render.layout import comparison_layout, entry_layout
    from sipcodes.render.text import render_blocks
    from sipcodes.web.pages import SitePages

    c = dataclasses.replace(sipcodes.compare(486, 600, "fr"), untranslated=("486.description",))
    french_notice = i18n.gettext("fr", "Parts of this page are not yet translated and are shown in English.")
    assert french_notice != "Parts of this page are not yet translated and are shown in English."
    assert french_notice in render_comparison_html(c)
    assert french_notice in " ".join(render_blocks(comparison_layout(c)).split())
    assert french_notice not in render_comparison_html(sipcodes.compare(486, 600, "fr"))

    entry = sipcodes.get(486, "fr")
    fields = {name: getattr(entry, name) for name in entry.__slots__}
    fields["untranslated"] = ("description",)
    stale_entry = type(entry)(**fields)
    assert any(b.kind == "note" for b in entry_layout(stale_entry))
    assert french_notice in SitePages("fr").code(stale_entry)


@pytest.mark.parametrize("argv,fragment", [
    (["show", "999", "--lang", "fr"], "n'est pas un code de réponse SIP"),
    (["compare", "486", "486", "-l", "de"], "lässt sich nicht mit sich selbst vergleichen"),
    (["show", "499", "--lang=es"], "no es un código de respuesta SIP registrado"),
])
def test_cli_errors_in_the_chosen_language(capsys, argv, fragment):
    with pytest.raises(SystemExit) as info:
        main(argv)
    _, err = capsys.readouterr()
    assert info.value.code == 2 and err.count("\n") == 1 and fragment in err


def test_api_errors_in_the_requested_language():
    from starlette.testclient import TestClient

    from sipcodes.web.app import create_app

    client = TestClient(create_app())
    r = client.get("/api/v1/codes/999?lang=fr")
    assert r.status_code == 404 and "n'est pas un code de réponse SIP" in r.json()["error"]["message"]


def test_extractor_finds_every_call_form(tmp_path):
    (tmp_path / "module.py").write_text('''
from sipcodes import i18n
from sipcodes.i18n import N_, translator

def f(lang, n, variable):
    i18n.translator(lang)("a call of a call")
    translator(lang)("the same, imported by name: {x}").format(x=1)
    i18n.gettext(lang, "language first")
    i18n.ngettext(lang, "one code", "{n} codes", n)
    N_("marked for later")
    translator(lang)(variable)   # not a literal: nothing to extract
    i18n.gettext(lang, variable)
''', encoding="utf-8")
    found = {m.id for m in translation.extract_messages(str(tmp_path)) if m.id}
    assert found == {"a call of a call", "the same, imported by name: {x}", "language first",
                     ("one code", "{n} codes"), "marked for later"}


@pytest.mark.parametrize("lang,expected", [
    ("fr", "Aucun code ne mentionne «\u00a0zzzyqx\u00a0». Essayez avec moins de mots ou des mots plus courts."),
    ("es", "Ningún código menciona «zzzyqx». Pruebe con menos palabras o con palabras más cortas."),
    ("de", "Kein Code erwähnt „zzzyqx“. Versuchen Sie es mit weniger oder kürzeren Wörtern."),
])
def test_search_without_hits_speaks_the_language(capsys, lang, expected):
    for fmt in ("text", "json"):
        with pytest.raises(SystemExit) as info:
            main(["search", "zzzyqx", "--lang", lang, "--format", fmt])
        out, err = capsys.readouterr()
        assert info.value.code == 1 and err == expected + "\n"
        assert out == ("[]\n" if fmt == "json" else "")


@pytest.mark.parametrize("argv", [["i18n", "extract"], ["i18n", "init", "it"]])
def test_translation_tools_refuse_an_installed_package(tmp_path, argv):
    """An installed copy of the package (no pyproject.toml above it) is never rewritten."""
    site = tmp_path / "site-packages"
    shutil.copytree(os.path.dirname(translation.__file__), site / "sipcodes",
                    ignore=shutil.ignore_patterns("__pycache__"))
    pot = site / "sipcodes" / "locale" / "sipcodes.pot"
    before = pot.read_bytes()
    env = {**os.environ, "PYTHONPATH": str(site)}
    proc = subprocess.run([sys.executable, "-m", "sipcodes", *argv], capture_output=True, text=True, env=env,
                          cwd=tmp_path)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.count("\n") == 1 and "Traceback" not in proc.stderr
    assert "run it from a source checkout" in proc.stderr and str(site / "sipcodes") in proc.stderr
    assert pot.read_bytes() == before
    assert not (site / "sipcodes" / "data" / "codes" / "it").exists()

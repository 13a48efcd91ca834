"""Q.850 causes, Warning codes and platforms through every interface: the command line, the pages, the API, the
sitemap and the static export, in every language the catalog has."""

import json
import os
import subprocess
import sys

import pytest

import sipcodes
from sipcodes import catalog
from sipcodes.web import routes


def run(*args):
    return subprocess.run([sys.executable, "-m", "sipcodes", *args], capture_output=True, text=True, timeout=60)


def test_cause_json_follows_the_contract():
    proc = run("cause", "34", "--format", "json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert {"cause", "name", "class", "to_sip", "from_sip", "platforms", "summary", "description", "lang"} <= set(data)
    assert data["cause"] == 34 and data["name"] == "No circuit/channel available"
    assert data["class"] == "resource-unavailable" and data["to_sip"] == 503  # RFC 3398 §7.2.4.1
    for name, info in data["platforms"].items():
        assert set(info) >= {"to_sip", "from_sip", "source"}, name
        assert info["source"], name
    # the platforms that map causes say what they send for 34, each from its own table
    assert data["platforms"]["asterisk"]["to_sip"] == catalog.platform("asterisk").for_cause(34)["to_sip"]


def test_cause_17_maps_both_ways_per_rfc3398():
    data = json.loads(run("cause", "17", "--format", "json").stdout)
    assert data["to_sip"] == 486 and set(data["from_sip"]) == {486, 600}


def test_show_json_gains_platforms_and_failover():
    data = json.loads(run("show", "503", "--format", "json").stdout)
    assert set(data["platforms"]) == set(catalog.platforms())
    for info in data["platforms"].values():
        assert set(info) >= {"cause", "generated_when", "source"}
    assert data["failover"] in ("next-route", "stop", "retry-later", "retry-modified")
    assert data["failover_basis"]["kind"] in ("rfc", "practice")


def test_show_with_a_platform_adds_its_section():
    proc = run("show", "503", "--platform", "asterisk")
    assert proc.returncode == 0, proc.stderr
    assert "On Asterisk" in proc.stdout
    proc = run("show", "503", "--platform", "nosuch")
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and "available: asterisk" in proc.stderr


@pytest.mark.parametrize("args, needle", [
    (("cause", "0"), "1 to 127"), (("cause", "abc"), "1 to 127"), (("cause", "12"), "nearest"),
    (("warning", "299"), "registered Warning"), (("warning", "x"), "300 to 399"),
])
def test_bad_values_get_one_line_and_exit_2(args, needle):
    proc = run(*args)
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1 and needle in proc.stderr, proc.stderr
    assert "Traceback" not in proc.stderr


def test_warning_and_cause_in_french():
    proc = run("warning", "304", "--lang", "fr")
    assert proc.returncode == 0 and "Comment corriger" in proc.stdout
    data = json.loads(run("cause", "17", "--lang", "de", "--format", "json").stdout)
    assert data["lang"] == "de" and data["untranslated"] == [] and data["name"] == "User busy"


def test_search_finds_causes_and_warnings():
    proc = run("search", "no", "circuit")
    assert proc.returncode == 0 and "Q.850 cause 34: No circuit/channel available" in proc.stdout
    data = json.loads(run("search", "media", "type", "--format", "json").stdout)
    assert any(item.get("warning") == 304 for item in data)


def test_every_cause_and_warning_page_renders_in_every_language():
    paths = routes.all_page_paths()
    for lang in catalog.languages():
        prefix = "" if lang == "en" else f"/{lang}"
        assert routes.resolve(f"{prefix}/q850/").status == 200
        assert routes.resolve(f"{prefix}/warning/").status == 200
        for cause in catalog.causes(lang).values():
            path = f"{prefix}/q850/{cause.slug}"
            assert path in paths
            outcome = routes.resolve(path)
            assert outcome.status == 200 and cause.name in outcome.html
            assert routes.resolve(f"{prefix}/q850/{cause.cause}").location == path
        for value in catalog.warnings(lang):
            assert routes.resolve(f"{prefix}/warning/{value}").status == 200
    assert routes.resolve("/q850/999").status == 404
    assert routes.resolve("/q850/34-wrong-slug").status == 404
    assert routes.resolve("/warning/3040").status == 404


def test_a_code_page_shows_each_platforms_mapping():
    html = routes.resolve("/sip/503-service-unavailable").html
    assert 'id="platforms"' in html
    for p in catalog.platforms().values():
        if p.sip_to_cause is not None and p.sip_to_cause.lookup(503)[0] is not None:
            assert p.name in html


def test_comparison_names_where_two_codes_become_one_cause():
    c = sipcodes.compare(408, 480)
    rows = {r["source"]: r for r in c.to_dict()["hangup_causes"]}
    assert rows["RFC 3398"] == {"source": "RFC 3398", "a": 102, "b": 18, "same": False}
    for p in catalog.platforms().values():
        if p.sip_to_cause is None:
            continue
        a, b = p.sip_to_cause.lookup(408)[0], p.sip_to_cause.lookup(480)[0]
        assert rows[p.name]["same"] == (a is not None and a == b)


def test_the_static_export_and_sitemap_hold_the_new_pages(built_site):
    root, _ = built_site
    for lang_prefix in ("", "fr/", "es/", "de/"):
        assert os.path.isfile(os.path.join(root, lang_prefix, "q850", "index.html"))
        assert os.path.isfile(os.path.join(root, lang_prefix, "q850", "34-no-circuit-channel-available",
                                           "index.html"))
        assert os.path.isfile(os.path.join(root, lang_prefix, "warning", "304", "index.html"))
    sitemap = open(os.path.join(root, "sitemap.xml"), encoding="utf-8").read()
    assert "https://sip.example/q850/34-no-circuit-channel-available</loc>" in sitemap
    assert "https://sip.example/de/warning/304</loc>" in sitemap


def test_explain_reads_a_warning_code_registered_after_rfc3261():
    message = ("SIP/2.0 488 Not Acceptable Here\r\nVia: SIP/2.0/UDP 10.0.0.1:5060;branch=z9hG4bK1\r\n"
               "From: <sip:a@example.com>;tag=1\r\nTo: <sip:b@example.com>;tag=2\r\nCall-ID: w380@example.com\r\n"
               "CSeq: 1 INVITE\r\nWarning: 380 example.com \"SIPS Not Allowed\"\r\nContent-Length: 0\r\n\r\n")
    report = sipcodes.explain(message.encode())
    (finding,) = report.calls[0].findings
    (line,) = [e for e in finding.to_dict()["evidence"] if e["header"] == "Warning"]
    warning = catalog.warning(380)
    assert line["meaning"].startswith("Warning 380 (SIPS Not Allowed): " + warning.summary)
    assert line["reference"] == f"RFC {warning.references[0].rfc} §{warning.references[0].section}"


def test_comparison_notes_say_where_a_platform_turns_the_difference_around():
    asterisk = catalog.platform("asterisk").sip_to_cause
    assert asterisk.lookup(408)[0] == catalog.get(480).q850.to_isup == 18  # Asterisk's 408 is RFC 3398's 480
    notes = sipcodes.compare(408, 480).hangup_cause_notes()
    assert "On Asterisk, 408 becomes cause 18, the cause RFC 3398 gives 480." in notes
    assert not any("FreeSWITCH" in n for n in notes)  # it follows RFC 3398 for both
    notes = sipcodes.compare(486, 600).hangup_cause_notes()
    assert notes == ["By RFC 3398, 486 and 600 both become cause 17: past a gateway they look alike."]
    html = routes.resolve("/compare/sip/408-request-timeout-vs-480-temporarily-unavailable").html
    assert "408 becomes cause 18" in html


def test_a_platform_default_cause_applies_only_to_failure_responses():
    freeswitch = catalog.platform("freeswitch")
    assert freeswitch.sip_to_cause.default == 31
    assert freeswitch.cause_for(580) == (31, True) and freeswitch.cause_for(180) == (None, False)
    assert freeswitch.cause_for(200) == (freeswitch.sip_to_cause.map[200], False)  # a row of its table counts
    data = json.loads(run("show", "183", "--format", "json").stdout)
    assert all(info["cause"] is None for info in data["platforms"].values())

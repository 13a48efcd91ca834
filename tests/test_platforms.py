"""The platform files (data/platforms/*.toml): what Asterisk and FreeSWITCH do with SIP codes and Q.850 causes.

Each file's claims are checked against the rest of the catalog: the list of rows that depart from RFC 3398 is
recomputed from the maps and the RFC 3398 mappings in the code files, every cause is a Q.850 value, every source a
fact names exists, and each prose list has one text per row. A few facts read in the platforms' sources are pinned,
so that an edit that changes them has to be deliberate.
"""

import os
import re
import tomllib

import pytest

from sipcodes import catalog

from sipcodes.catalog import _load

PLATFORMS = os.path.join(_load.DATA_DIR, "platforms")
CODES = os.path.join(_load.DATA_DIR, "codes")
IDS = ("asterisk", "freeswitch")  # the platforms with cause tables; the others are in test_platforms_kpt.py
ALL_IDS = ("asterisk", "freeswitch", "kamailio", "pjsip", "teams")


def load(name):
    with open(os.path.join(PLATFORMS, f"{name}.toml"), "rb") as f:
        return tomllib.load(f)


def catalog_codes():
    return {int(n[:-5]) for n in os.listdir(CODES) if n.endswith(".toml")}


def rfc3398():
    """(code -> cause by RFC 3398 §8.2.6.1, cause -> codes by §7.2.4.1), as the code files have them."""
    to_cause, to_codes = {}, {}
    for code in catalog_codes():
        with open(os.path.join(CODES, f"{code}.toml"), "rb") as f:
            q850 = tomllib.load(f).get("q850")
        if not q850:
            continue
        if "to_isup" in q850:
            to_cause[code] = q850["to_isup"]
        for cause in q850.get("from_isup", []):
            to_codes.setdefault(cause, set()).add(code)
    return to_cause, to_codes


def differs(kind, table):
    to_cause, to_codes = rfc3398()
    if kind == "sip_to_cause":
        return {code for code, cause in table.items() if to_cause.get(code) != cause}
    return {cause for cause, code in table.items() if code not in to_codes.get(cause, set())}


def rows(data, kind):
    return {int(k): v for k, v in data[kind]["map"].items()}


@pytest.fixture(scope="module", params=IDS)
def platform(request):
    return request.param, load(request.param)


def test_every_platform_file_is_one_of_the_known_ids():
    names = sorted(n[:-5] for n in os.listdir(PLATFORMS) if n.endswith(".toml"))
    assert names == sorted(ALL_IDS)


def test_id_matches_the_file_name(platform):
    name, data = platform
    assert data["platform"] == name
    assert data["name"] and data["component"]


@pytest.mark.parametrize("kind", ["sip_to_cause", "cause_to_sip"])
def test_differs_from_rfc3398_is_exactly_what_the_map_and_the_code_files_say(platform, kind):
    _, data = platform
    table = rows(data, kind)
    claimed = data[kind]["differs_from_rfc3398"]
    assert claimed == sorted(claimed), "keep the list sorted"
    assert set(claimed) == differs(kind, table)


def test_the_recomputed_difference_notices_a_change():
    # 503 -> 34 departs from RFC 3398 (41); were it 41 the row would agree, and 21 -> 403 agrees while 21 -> 486 would not
    assert differs("sip_to_cause", {503: 34}) == {503}
    assert differs("sip_to_cause", {503: 41}) == set()
    assert differs("cause_to_sip", {21: 403}) == set()
    assert differs("cause_to_sip", {21: 486}) == {21}


def test_causes_are_q850_values_and_codes_are_sip_codes(platform):
    _, data = platform
    for code, cause in rows(data, "sip_to_cause").items():
        assert 100 <= code <= 699 and 1 <= cause <= 127, (code, cause)
    for cause, code in rows(data, "cause_to_sip").items():
        assert 1 <= cause <= 127 and 100 <= code <= 699, (cause, code)
    default = data["sip_to_cause"].get("default")
    for value in (default.values() if isinstance(default, dict) else [default] if default else []):
        assert 1 <= value <= 127
    if "default" in data["cause_to_sip"]:
        assert 100 <= data["cause_to_sip"]["default"] <= 699


def test_every_source_named_exists_and_says_which_commit(platform):
    _, data = platform
    ids = [s["id"] for s in data["sources"]]
    assert len(ids) == len(set(ids))
    for s in data["sources"]:
        assert set(s) == {"id", "project", "file", "version", "what"}
        assert re.search(r"\bcommit [0-9a-f]{40} \(\d{4}-\d\d-\d\d\)", s["version"]), s["version"]
    used = [data[k]["source"] for k in ("sip_to_cause", "cause_to_sip")]
    used += [row["source"] for row in data.get("generated", []) + data.get("settings", [])]
    assert set(used) <= set(ids)


def test_generated_codes_are_in_the_catalog(platform):
    _, data = platform
    known = catalog_codes()
    assert data["generated"]
    for row in data["generated"]:
        assert row["code"] in known, row


def test_one_text_per_generated_and_settings_row(platform):
    _, data = platform
    for key in ("generated", "settings"):
        texts = data["en"].get(key, [])
        assert len(texts) == len(data.get(key, [])), key
        assert all(isinstance(t, str) and t.strip() for t in texts)
    assert data["en"]["summary"].strip()


def test_asterisk_facts_read_in_its_source():
    data = load("asterisk")
    sip_to_cause, cause_to_sip = rows(data, "sip_to_cause"), rows(data, "cause_to_sip")
    # ast_sip_hangup_sip2cause(): 503 is congestion (34), 408 no user response (18), 480 no answer (19)
    assert (sip_to_cause[503], sip_to_cause[408], sip_to_cause[480]) == (34, 18, 19)
    assert len(sip_to_cause) == 35
    # the default depends on the class of the code: 4xx and 6xx become 127, 5xx 34, anything else 16
    assert data["sip_to_cause"]["default"] == {"4xx": 127, "5xx": 34, "6xx": 127, "other": 16}
    asterisk = catalog.platform("asterisk")
    assert [asterisk.sip_to_cause.lookup(c) for c in (499, 599, 699, 380)] == [
        (127, True), (34, True), (127, True), (16, True)]
    # hangup_cause2sip(): call rejected is 403, and an unlisted cause leaves ast_sip_session_terminate() to send 603
    assert (cause_to_sip[21], cause_to_sip[34], cause_to_sip[38]) == (403, 503, 500)
    assert data["cause_to_sip"]["default"] == 603
    assert len(cause_to_sip) == 20
    assert {(g["code"], g.get("setting")) for g in data["generated"]} >= {
        (404, "context"), (484, "allow_overlap"), (488, "allow"), (603, None)}


def test_freeswitch_facts_read_in_its_source():
    data = load("freeswitch")
    sip_to_cause, cause_to_sip = rows(data, "sip_to_cause"), rows(data, "cause_to_sip")
    # sofia_glue_sip_cause_to_freeswitch(): 503 is temporary failure (41), 408 recovery on timer expiry (102)
    assert (sip_to_cause[503], sip_to_cause[408], sip_to_cause[480]) == (41, 102, 18)
    assert data["sip_to_cause"]["default"] == 31
    # rows whose cause is FreeSWITCH's own (above 127) are left out: 487 is ORIGINATOR_CANCEL (487)
    assert 487 not in sip_to_cause and 607 not in sip_to_cause
    assert len(sip_to_cause) == 38
    # hangup_cause_to_sip(): call rejected is 603, and an unlisted cause gives 480
    assert (cause_to_sip[21], cause_to_sip[41], cause_to_sip[102]) == (603, 503, 504)
    assert data["cause_to_sip"]["default"] == 480
    assert len(cause_to_sip) == 29
    assert {s["name"] for s in data["settings"]} >= {"sip_ignore_remote_cause", "ignore_q850_reason"}


def test_prose_that_routes_a_cause_through_the_table_agrees_with_the_table():
    # A text such as "ends it with cause 3, which hangup_cause_to_sip() sends as 404" restates a row of the
    # platform's own cause-to-SIP table (or its default), so the two must not drift apart.
    sends = re.compile(r"cause (\d+)(?: \([^)]*\))?, which \w+\(\) sends as (\d{3})")
    unlisted = re.compile(r"a cause \w+\(\) does not list, (?:such as|for example) (\d+)")
    checked = 0
    for name in IDS:
        data = load(name)
        table, default = rows(data, "cause_to_sip"), data["cause_to_sip"]["default"]
        for text in data["en"]["generated"] + data["en"]["settings"] + [data["en"]["summary"]]:
            for cause, code in sends.findall(text):
                assert table.get(int(cause), default) == int(code), (name, text)
                checked += 1
            for cause in unlisted.findall(text):
                assert int(cause) not in table, (name, text)
                checked += 1
    # Asterisk: cause 42 (503) and unlisted 16; FreeSWITCH: causes 3 (404) and 88 (488) and unlisted 16
    assert checked >= 5

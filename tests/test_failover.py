"""The `failover` fact of codes 300-699: what a router with several routes does with the response, and on what
basis. The loader rejects a missing or malformed fact, the JSON carries it, and the anchor codes say what they must."""

import json
import os

import pytest
from starlette.testclient import TestClient

import sipcodes
from sipcodes import CatalogError
from sipcodes.catalog import _load, _vocab
from sipcodes.cli import main
from sipcodes.web.app import create_app

FAILOVER_486 = 'failover = { action = "stop", basis = "practice" }\n'


def test_the_model_entry_has_the_fact_on_the_line_after_related():
    with open(os.path.join(_load.CODES_DIR, "486.toml"), encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("related = "))
    assert lines[at + 1] + "\n" == FAILOVER_486


def test_missing_failover_is_rejected(broken):
    message = broken(FAILOVER_486, "")
    assert message == ("data/codes/486.toml: field 'failover': is required for codes 300-699 and not allowed "
                       "below 300")


def test_unknown_action_is_rejected(broken):
    message = broken('action = "stop"', 'action = "reroute"')
    assert message.startswith("data/codes/486.toml: field 'failover.action': unknown value 'reroute'; valid: ")
    assert "next-route" in message and "retry-modified" in message


def test_unknown_basis_is_rejected(broken):
    message = broken('basis = "practice"', 'basis = "folklore"')
    assert message.startswith("data/codes/486.toml: field 'failover.basis': unknown value 'folklore'")


def test_rfc_basis_must_cite_a_referenced_section(broken):
    # RFC 3261 §16.7 is among 486's references; §21.6 is not
    assert "16.7" in open(os.path.join(_load.CODES_DIR, "486.toml"), encoding="utf-8").read()
    message = broken('basis = "practice" }', 'basis = "rfc", rfc = 3261, section = "21.6" }')
    assert message == ("data/codes/486.toml: field 'failover': RFC 3261 §21.6 is not among the references; cite "
                       "the section that supports the action there")


def test_rfc_basis_needs_a_section(broken):
    message = broken('basis = "practice" }', 'basis = "rfc", rfc = 3261 }')
    assert message == "data/codes/486.toml: field 'failover.section': missing"


def test_practice_basis_takes_no_section(broken):
    message = broken('basis = "practice" }', 'basis = "practice", rfc = 3261, section = "16.7" }')
    assert "basis 'practice' takes no rfc or section" in message


def test_unknown_failover_field_is_rejected(broken):
    message = broken('basis = "practice" }', 'basis = "practice", why = "obvious" }')
    assert message.startswith("data/codes/486.toml: field 'failover.why': unknown field")


def test_rfc_basis_with_a_referenced_section_loads(tmp_path):
    codes_dir = tmp_path / "codes"
    codes_dir.mkdir()
    text = open(os.path.join(_load.CODES_DIR, "486.toml"), encoding="utf-8").read()
    (codes_dir / "486.toml").write_text(text.replace(
        FAILOVER_486, 'failover = { action = "next-route", basis = "rfc", rfc = 3261, section = "16.7" }\n'))
    entry = _load.load_entry(486, known=(480, 486, 487, 600, 603), codes_dir=str(codes_dir))
    assert entry.to_dict()["failover"] == "next-route"
    assert entry.to_dict()["failover_basis"] == {"kind": "rfc", "rfc": 3261, "section": "16.7"}


def test_failover_is_refused_below_300(tmp_path):
    codes_dir = tmp_path / "data" / "codes"
    codes_dir.mkdir(parents=True)
    text = open(os.path.join(_load.CODES_DIR, "200.toml"), encoding="utf-8").read()
    related = next(line for line in text.splitlines() if line.startswith("related = "))
    (codes_dir / "200.toml").write_text(text.replace(related, related + "\n" + FAILOVER_486.strip(), 1))
    with pytest.raises(CatalogError) as info:
        _load.load_entry(200, known=sipcodes.codes(), codes_dir=str(codes_dir))
    assert str(info.value).startswith("data/codes/200.toml: field 'failover': is required for codes 300-699")


def test_every_final_failure_has_the_fact_and_no_other_code_does(entries):
    for e in entries:
        d = e.to_dict()
        if e.code < 300:
            assert d["failover"] is None and d["failover_basis"] is None, e.code
            continue
        assert d["failover"] in _vocab.FAILOVER_ACTIONS, e.code
        basis = d["failover_basis"]
        assert basis["kind"] in _vocab.FAILOVER_BASES, e.code
        if basis["kind"] == "rfc":
            assert set(basis) == {"kind", "rfc", "section"}, e.code
            assert (basis["rfc"], basis["section"]) in {(r.rfc, r.section) for r in e.references}, e.code
        else:
            assert basis == {"kind": "practice"}, e.code


def test_every_global_failure_stops_citing_the_forking_rule(entries):
    # RFC 3261 §16.7: after a 6xx a proxy cancels its pending branches and starts no new ones
    for e in entries:
        if e.code >= 600:
            assert (e.failover.action, e.failover.basis, e.failover.rfc, e.failover.section) == \
                ("stop", "rfc", 3261, "16.7"), e.code


@pytest.mark.parametrize("code, action, basis", [
    (486, "stop", {"kind": "practice"}),
    (487, "stop", {"kind": "practice"}),
    (603, "stop", {"kind": "rfc", "rfc": 3261, "section": "16.7"}),
    (503, "next-route", {"kind": "rfc", "rfc": 3261, "section": "21.5.4"}),
    (500, "next-route", {"kind": "practice"}),
    (408, "next-route", {"kind": "practice"}),
    (302, "next-route", {"kind": "rfc", "rfc": 3261, "section": "8.1.3.4"}),
    (401, "retry-modified", {"kind": "rfc", "rfc": 3261, "section": "22.2"}),
    (407, "retry-modified", {"kind": "rfc", "rfc": 3261, "section": "22.3"}),
    (423, "retry-modified", {"kind": "rfc", "rfc": 3261, "section": "10.2.8"}),
    (422, "retry-modified", {"kind": "practice"}),
    (491, "retry-later", {"kind": "rfc", "rfc": 3261, "section": "14.1"}),
    # an anonymizing B2BUA must not retry without anonymity on its own (RFC 5079 §7)
    (433, "stop", {"kind": "rfc", "rfc": 5079, "section": "7"}),
])
def test_anchor_codes(code, action, basis):
    d = sipcodes.get(code).to_dict()
    assert (d["failover"], d["failover_basis"]) == (action, basis)


def test_a_retry_on_the_same_route_is_one_the_code_allows(entries):
    """The routing decision never contradicts what the client may do next: changing the request needs a
    `retry_change`, and a retry later needs a next step that waits."""
    for e in entries:
        if e.failover and e.failover.action == "retry-modified":
            assert "retry-modified" in e.next_steps and e.retry_change, e.code
        if e.failover and e.failover.action == "retry-later":
            assert {"retry-later", "retry-after-random-wait"} & set(e.next_steps), e.code


def test_show_json_carries_the_fact(capsys):
    with pytest.raises(SystemExit) as info:
        main(["show", "603", "--format", "json"])
    out, _ = capsys.readouterr()
    assert info.value.code == 0
    data = json.loads(out)
    assert data["failover"] == "stop"
    assert data["failover_basis"] == {"kind": "rfc", "rfc": 3261, "section": "16.7"}
    with pytest.raises(SystemExit):
        main(["show", "180", "--format", "json"])
    data = json.loads(capsys.readouterr()[0])
    assert data["failover"] is None and data["failover_basis"] is None


def test_api_carries_the_fact_in_every_language():
    client = TestClient(create_app())
    for lang in sipcodes.languages():
        data = client.get(f"/api/v1/codes/503?lang={lang}").json()
        assert data["failover"] == "next-route", lang
        assert data["failover_basis"] == {"kind": "rfc", "rfc": 3261, "section": "21.5.4"}, lang
    data = client.get("/api/v1/codes/486").json()
    assert data["failover_basis"] == {"kind": "practice"}
    assert client.get("/api/v1/codes/200").json()["failover"] is None
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]["Entry"]["properties"]
    assert {"failover", "failover_basis"} <= set(schema)

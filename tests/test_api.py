"""The library's public face: get, all, SIPStatus, classify, search, to_dict."""

import json

import pytest

import sipcodes
from sipcodes import SIPStatus, UnknownCode, UnknownLanguage


def test_get_accepts_int_and_numeric_string():
    assert sipcodes.get(438) is sipcodes.get("438") is sipcodes.get(" 438 ")
    assert sipcodes.get(438).code == 438


@pytest.mark.parametrize("bad,fragment", [
    (999, "codes run from 100 to 699"), (0, "codes run from 100 to 699"), ("abc", "three-digit number"),
    (499, "nearest 4xx codes"), ("4 86", "three-digit number"), (True, "not a SIP response code"),
    ("", "three-digit number"), ("٤٨٦", "three-digit number"),
])
def test_get_rejects_with_a_useful_message(bad, fragment):
    with pytest.raises(UnknownCode) as info:
        sipcodes.get(bad)
    assert fragment in str(info.value)
    assert "\n" not in str(info.value)


def test_499_message_says_how_a_uac_treats_it():
    with pytest.raises(UnknownCode, match="treats an unknown 4xx as 400"):
        sipcodes.get(499)


def test_unknown_language():
    with pytest.raises(UnknownLanguage, match="available: en"):
        sipcodes.get(486, lang="xx")


def test_all_in_code_order(entries):
    codes = [e.code for e in entries]
    assert codes == sorted(codes) and len(codes) == 77


def test_to_dict_contract(entries):
    for e in entries:
        d = e.to_dict()
        json.dumps(d)
        assert isinstance(d["code"], int) and d["code"] == e.code
        assert d["class"] == f"{e.code // 100}xx"
        assert d["status"] in ("current", "deprecated", "historic")
        assert isinstance(d["final"], bool)
        assert d["references"] and all(isinstance(r["rfc"], int) and isinstance(r["section"], str)
                                       for r in d["references"])
        for key in ("reason", "summary", "description", "when_you_see_it"):
            assert isinstance(d[key], str) and d[key]
        for key in ("causes", "how_to_fix", "headers"):
            assert isinstance(d[key], list) and all(isinstance(x, str) for x in d[key])
        assert all(isinstance(x, int) for x in d["related"])
        assert d["lang"] == "en"


def test_sipstatus_like_httpstatus():
    assert SIPStatus(486) is SIPStatus.BUSY_HERE
    assert SIPStatus(486).phrase == "Busy Here"
    assert SIPStatus(486).description == sipcodes.get(486).summary
    assert SIPStatus.NOT_ACCEPTABLE == 406 and SIPStatus.NOT_ACCEPTABLE_ANYWHERE == 606
    assert SIPStatus.SERVER_TIME_OUT == 504 and SIPStatus.CALL_TRANSACTION_DOES_NOT_EXIST == 481
    assert len(SIPStatus) == len(sipcodes.codes())
    assert SIPStatus(180).is_provisional and not SIPStatus(180).is_final
    assert SIPStatus(200).is_success and SIPStatus(200).is_final
    assert SIPStatus(302).is_redirection
    assert SIPStatus(404).is_request_failure and SIPStatus(404).is_failure
    assert SIPStatus(503).is_server_failure
    assert SIPStatus(603).is_global_failure and not SIPStatus(486).is_global_failure
    assert SIPStatus(486) == 486 and SIPStatus(486) + 1 == 487
    with pytest.raises(ValueError):
        SIPStatus(499)


def test_classify_unregistered_final():
    c = sipcodes.classify(499)
    assert not c.registered and not c.in_catalog and c.treated_as == 400 and c.final
    assert "8.1.3.2" in c.explanation and "400" in c.explanation
    assert sipcodes.classify(699).treated_as == 600
    assert sipcodes.classify(250).treated_as == 200


def test_classify_unregistered_provisional_is_183():
    c = sipcodes.classify(150)
    assert c.treated_as == 183 and not c.final


def test_classify_registered_and_historic():
    assert sipcodes.classify(438).registered and sipcodes.classify(438).treated_as == 438
    c = sipcodes.classify(409)
    assert c.in_catalog and not c.registered and c.status == "historic" and c.treated_as == 400


@pytest.mark.parametrize("bad", [99, 700, -1, "486", 486.0, None])
def test_classify_rejects_out_of_range(bad):
    with pytest.raises(UnknownCode):
        sipcodes.classify(bad)


def test_search_identity():
    found = [h.entry.code for h in sipcodes.search("identity")]
    assert {428, 436, 437, 438} <= set(found)


def test_search_busy_ranks_busy_codes_first():
    found = [h.entry.code for h in sipcodes.search("busy")]
    assert set(found[:2]) == {486, 600}


def test_search_codec_and_multiword():
    assert 488 in [h.entry.code for h in sipcodes.search("codec")]
    both = [h.entry.code for h in sipcodes.search("proxy authentication")]
    assert both[0] == 407


def test_search_nothing():
    assert sipcodes.search("zzzyqx") == [] and sipcodes.search("  ") == []


def test_search_returns_scored_hits_as_documented():
    hits = sipcodes.search("busy", limit=3)
    assert len(hits) == 3
    assert all(isinstance(h.entry, sipcodes.Entry) and isinstance(h.score, int) and h.score > 0 for h in hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert sipcodes.search("occupé", lang="fr")[0].entry.lang == "fr"


@pytest.mark.parametrize("query", [["busy", "here"], ("busy",), 486, None])
def test_search_takes_only_a_string(query):
    with pytest.raises(TypeError, match=r"^search\(\) takes the words as one string, such as 'busy here', not a "):
        sipcodes.search(query)

"""Every data file obeys the schema, and a broken file fails loudly, naming the file and the field."""

import os
import re
import shutil

import pytest

import sipcodes
from sipcodes import CatalogError
from sipcodes.catalog import _load, _vocab

MODEL = os.path.join(_load.CODES_DIR, "486.toml")


@pytest.mark.parametrize("code", sipcodes.codes())
def test_every_file_loads(code):
    entry = _load.load_entry(code)
    assert entry.code == code


def test_no_stray_files():
    for name in os.listdir(_load.CODES_DIR):
        path = os.path.join(_load.CODES_DIR, name)
        assert os.path.isdir(path) or re.fullmatch(r"[1-6]\d\d\.toml", name), name


def test_unchanged_copy_loads(tmp_path):
    codes_dir = tmp_path / "codes"
    codes_dir.mkdir()
    shutil.copy(MODEL, codes_dir)
    assert _load.load_entry(486, known=(480, 486, 487, 600, 603), codes_dir=str(codes_dir)).reason == "Busy Here"


def test_missing_field(broken):
    message = broken('reason = "Busy Here"\n', "")
    assert message == "data/codes/486.toml: field 'reason': missing"


def test_unknown_related_code(broken):
    message = broken("related = [600, 603, 480, 487]", "related = [600, 499]")
    assert message.startswith("data/codes/486.toml: field 'related[1]'")
    assert "499 has no entry" in message


def test_reference_without_section(broken):
    message = broken('section = "21.4.24"\n', "")
    assert message == "data/codes/486.toml: field 'references[0].section': missing"


def test_malformed_section(broken):
    message = broken('section = "21.4.24"', 'section = "§21.4.24"')
    assert "references[0].section" in message and "not a section number" in message


def test_unknown_sender(broken):
    message = broken('senders = ["uas"', 'senders = ["phone"')
    assert "field 'senders[0]': unknown value 'phone'" in message and "valid:" in message


def test_unknown_top_level_field(broken):
    message = broken("code = 486\n", "code = 486\ncolour = 'red'\n")
    assert "field 'colour': unknown field" in message


def test_wrong_type(broken):
    message = broken("code = 486", 'code = "486"')
    assert "field 'code': expected int, got str" in message


def test_code_must_match_file_name(broken):
    message = broken("code = 486", "code = 487")
    assert "field 'code': is 487 but the file is named for 486" in message


def test_retry_change_required_with_retry_modified(broken):
    message = broken('next_steps = ["retry-later"', 'next_steps = ["retry-modified"')
    assert "field 'retry_change'" in message


@pytest.mark.parametrize("steps,problem", [
    ('["done", "retry-later"]', "done stands alone"),
    ('["retry-later", "wait-for-final"]', "wait-for-final stands alone"),
    ('["request-ended", "retry-later"]', "request-ended stands alone"),
    ('["try-other-destination", "retry-via-proxy"]', "retry-via-proxy stands alone"),
    ('["follow-alternative", "try-other-destination"]', "follow-alternative stands alone"),
    ('["retry-after-random-wait", "retry-later"]', "retry-after-random-wait stands alone"),
    ('["stop", "retry-unchanged"]', "stop and retry-unchanged contradict each other"),
])
def test_next_steps_that_cannot_combine(broken, steps, problem):
    message = broken('next_steps = ["retry-later", "try-other-destination"]', f"next_steps = {steps}")
    assert message == f"data/codes/486.toml: field 'next_steps': {problem}"


def test_empty_prose(broken):
    message = broken('summary = "The phone that was reached is busy; the person may still be reachable on another device."',
                     'summary = "   "')
    assert message == "data/codes/486.toml: field 'en.summary': empty"


def test_invalid_toml(broken):
    message = broken("code = 486", "code = = 486")
    assert message.startswith("data/codes/486.toml: not valid TOML")


def test_registered_by_must_be_referenced(broken):
    message = broken("registered_by = 3261", "registered_by = 9999")
    assert "field 'registered_by': RFC 9999 is not among the references" in message


# Class-wide rules, stated in data/SCHEMA.md. An entry may be exempt from one only through an override in its
# data file that cites the RFC section saying otherwise; the tests below never name a code as an exception.

def exempt(entry, rule):
    return rule in {o.rule for o in entry.overrides}


def test_provisional_rules(entries):
    for e in entries:
        if e.code < 200:
            assert e.next_steps == ("wait-for-final",) or exempt(e, "provisional-waits-for-final"), e.code
            assert not e.final
            assert e.forking == ("forwarded-immediately",) or exempt(e, "provisional-forwarded"), e.code


def test_success_rules(entries):
    for e in (e for e in entries if 200 <= e.code < 300):
        assert e.next_steps == ("done",) or exempt(e, "success-done"), e.code
        assert e.forking == ("forwarded-immediately",) or exempt(e, "success-forwarded"), e.code


def test_redirection_rules(entries):
    for e in (e for e in entries if 300 <= e.code < 400):
        assert "try-other-destination" in e.next_steps or exempt(e, "redirect-try-other-destination"), e.code
        assert "may-recurse" in e.forking or exempt(e, "redirect-may-recurse"), e.code
        assert "Contact" in e.headers or exempt(e, "redirect-contact"), e.code


def test_failure_rules(entries):
    for e in (e for e in entries if 400 <= e.code < 600):
        assert "best-response" in e.forking or exempt(e, "failure-best-response"), e.code
    assert "aggregates-challenges" in sipcodes.get(401).forking
    assert "aggregates-challenges" in sipcodes.get(407).forking
    assert "converted-to-500" in sipcodes.get(503).forking


def test_global_failure_rules(entries):
    for e in (e for e in entries if e.code >= 600):
        assert e.forking == ("cancels-all-branches",) or exempt(e, "global-cancels-all-branches"), e.code


def test_final_failures_to_invite_end_early_dialogs(entries):
    for e in entries:
        answers_invite = "INVITE" in e.answers or "*" in e.answers
        if e.code >= 300 and answers_invite:
            assert "ends-early-dialogs" in e.dialog or exempt(e, "final-failure-ends-early-dialogs"), e.code
        if "ends-early-dialogs" in e.dialog:
            assert answers_invite and e.code >= 300, e.code
    for code in (408, 481):
        assert "ends-dialog" in sipcodes.get(code).dialog


def test_every_override_cites_a_referenced_section_and_is_needed(entries):
    """An override names a known rule of the entry's class, cites one of the entry's references, and is in use:
    the entry really departs from the rule."""
    from sipcodes.catalog._rules import CLASS_RULES

    seen = 0
    for e in entries:
        for o in e.overrides:
            seen += 1
            rule = CLASS_RULES[o.rule]
            assert rule.applies(e) and not rule.holds(e), (e.code, o.rule)
            assert (o.rfc, o.section) in {(r.rfc, r.section) for r in e.references}, (e.code, o)
    assert seen >= 3


@pytest.fixture
def broken_redirect(tmp_path):
    """A scratch catalog holding 302 and the codes it relates to, for breaking class-wide rules."""
    codes_dir = tmp_path / "data" / "codes"
    codes_dir.mkdir(parents=True)
    text = open(os.path.join(_load.CODES_DIR, "302.toml")).read()
    related = [int(c) for c in re.search(r"^related = \[(.*)\]", text, re.M).group(1).split(",")]
    for code in related:
        shutil.copy(os.path.join(_load.CODES_DIR, f"{code}.toml"), codes_dir)

    def load(old, new):
        assert old in text, old
        (codes_dir / "302.toml").write_text(text.replace(old, new, 1))
        with pytest.raises(CatalogError) as info:
            _load.load_entry(302, codes_dir=str(codes_dir))
        return str(info.value)

    return load


def test_breaking_a_class_rule_without_override(broken_redirect):
    message = broken_redirect('forking = ["may-recurse", "best-response"]', 'forking = ["best-response"]')
    assert message.startswith("data/codes/302.toml: field 'forking': breaks the class-wide rule "
                              "'redirect-may-recurse'")
    assert "override" in message


def test_override_makes_the_exception_explicit(tmp_path):
    codes_dir = tmp_path / "codes"
    codes_dir.mkdir()
    text = open(os.path.join(_load.CODES_DIR, "302.toml")).read()
    text = text.replace('forking = ["may-recurse", "best-response"]',
                        'forking = ["best-response"]\noverrides = [{ rule = "redirect-may-recurse", rfc = 3261, '
                        'section = "21.3.3" }]')
    (codes_dir / "302.toml").write_text(text)
    entry = _load.load_entry(302, known=sipcodes.codes(), codes_dir=str(codes_dir))
    assert [str(o) for o in entry.overrides] == ["redirect-may-recurse (RFC 3261 §21.3.3)"]


@pytest.mark.parametrize("override,fragment", [
    ('{ rule = "redirect-recurses", rfc = 3261, section = "21.3.3" }',
     "field 'overrides[0].rule': unknown value 'redirect-recurses'; valid: "),
    ('{ rule = "redirect-may-recurse", rfc = 3261, section = "99.9" }',
     "field 'overrides[0]': RFC 3261 §99.9 is not among the references"),
    ('{ rule = "failure-best-response", rfc = 3261, section = "21.3.3" }',
     "field 'overrides[0]': rule 'failure-best-response' (4xx and 5xx: forking includes best-response) does not "
     "apply to 302"),
    ('{ rule = "redirect-contact", rfc = 3261, section = "21.3.3" }',
     "field 'overrides[0]': 302 obeys rule 'redirect-contact' (3xx: headers include Contact); remove the override"),
    ('{ rule = "redirect-contact", section = "21.3.3" }', "field 'overrides[0].rfc': missing"),
])
def test_bad_override(broken_redirect, override, fragment):
    message = broken_redirect("related = [", f"overrides = [{override}]\nrelated = [")
    assert message.startswith("data/codes/302.toml: ") and fragment in message, message


def test_every_code_has_a_meaning_of_its_own(entries):
    """The meaning ids are a closed set, and no two codes share one, so a comparison can always start there."""
    meanings = [e.meaning for e in entries]
    assert len(set(meanings)) == len(meanings)
    assert set(meanings) <= set(_vocab.MEANINGS)
    assert len(set(_vocab.MEANINGS.values())) == len(_vocab.MEANINGS)


def test_unknown_meaning(broken):
    message = broken('meaning = "busy-here"', 'meaning = "busy"')
    assert message.startswith("data/codes/486.toml: field 'meaning': unknown value 'busy'")


def test_missing_meaning(broken):
    message = broken('meaning = "busy-here"\n', "")
    assert message == "data/codes/486.toml: field 'meaning': missing"


def test_vocabulary_labels_exist():
    for table in (_vocab.MEANINGS, _vocab.SENDERS, _vocab.NEXT_STEPS, _vocab.RETRY_CHANGES, _vocab.DIALOG_EFFECTS,
                  _vocab.FORKING_EFFECTS, _vocab.STATUSES, _vocab.ACK_BEHAVIOURS):
        assert all(isinstance(v, str) and v for v in table.values())


def test_pair_note_and_glossary_term_use_the_same_reference_checks(tmp_path):
    from sipcodes.catalog._glossary import _load_term
    from sipcodes.comparison import _read_note

    pairs = tmp_path / "data" / "pairs"
    pairs.mkdir(parents=True)
    (pairs / "486-600.toml").write_text('a = 486\nb = 600\n[[references]]\nrfc = 3261\n[en]\nsummary = "x"\nnote = "y"\n')
    with pytest.raises(CatalogError, match=r"^data/pairs/486-600.toml: field 'references\[0\].section': missing$"):
        _read_note(str(pairs / "486-600.toml"), sipcodes.codes())
    glossary = tmp_path / "data" / "glossary"
    glossary.mkdir()
    (glossary / "via.toml").write_text('term = "via"\ntitle = "Via"\n[[references]]\nrfc = 3261\nsection = "§8"\n'
                                       '[en]\ndefinition = "x"\n')
    with pytest.raises(CatalogError, match=r"^data/glossary/via.toml: field 'references\[0\].section'"):
        _load_term(str(glossary / "via.toml"), {"via"})

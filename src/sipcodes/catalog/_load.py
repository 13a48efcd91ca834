"""Reading the catalog's TOML files and checking them against the schema.

Every error names the file and the field, so a broken data file is found in review, not by a reader.
"""

from __future__ import annotations

import os

from ..errors import CatalogError
from . import _rules, _vocab
from ._entry import Entry, Failover, Override, Prose, Q850Mapping, Reference

DATA_DIR = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data")
CODES_DIR = os.path.join(DATA_DIR, "codes")
SOURCE_LANG = "en"


_ASCII_SPACE = str.maketrans("\t\n\r\f\v", "     ")


def squash(text: str) -> str:
    """`text` with each run of ASCII white space made one space, trimmed. No-break spaces (U+00A0, U+202F) stay,
    unlike with `str.split()`: French typography puts them before : ; ! ? so a line never starts with the mark."""
    return " ".join(word for word in text.translate(_ASCII_SPACE).split(" ") if word)


def is_section(text: str) -> bool:
    """True for an RFC section number such as "21.4.24" or "A.1" (a regex would cost its compile at start-up)."""
    parts = text.split(".")
    head, rest = parts[0], parts[1:]
    head_ok = (head.isascii() and head.isdigit()) or (len(head) == 1 and "A" <= head <= "Z")
    return head_ok and all(p.isascii() and p.isdigit() for p in rest)


_FACT_KEYS = {
    "code": True, "reason": True, "status": True, "meaning": True, "registered_by": True, "references": True, "senders": True,
    "answers": True, "headers": True, "next_steps": True, "retry_change": False, "dialog": True,
    "forking": True, "outcome": False, "session_setup": False, "registration": False, "q850": False, "related": True, "overrides": False,
    "failover": False,
}
_PROSE_KEYS = ("summary", "description", "when_you_see_it", "causes", "how_to_fix")


def code_file(code: int, codes_dir: str = CODES_DIR) -> str:
    return os.path.join(codes_dir, f"{code}.toml")


def _display_path(path: str) -> str:
    """The path as a reviewer knows it, from the data folder on: `data/codes/486.toml`, `data/codes/fr/486.toml`."""
    parts = os.path.normpath(path).split(os.sep)
    folders = parts[:-1]
    if "data" in folders:
        return "/".join(parts[len(folders) - 1 - folders[::-1].index("data"):])
    return "/".join(parts[-3:])


def known_codes(codes_dir: str = CODES_DIR) -> tuple[int, ...]:
    """The codes that have a data file, in ascending order (read from file names only)."""
    codes = []
    for name in os.listdir(codes_dir):
        stem, ext = os.path.splitext(name)
        if ext == ".toml" and stem.isdigit():
            codes.append(int(stem))
    return tuple(sorted(codes))


class _Checker:
    """Typed access to one parsed file that reports problems as `file: field: what is wrong`."""

    def __init__(self, path: str, data: dict[str, object]):
        self.path = _display_path(path)
        self.data = data

    def fail(self, field: str, problem: str) -> CatalogError:
        return CatalogError(f"{self.path}: field '{field}': {problem}")

    def get(self, table: dict[str, object], key: str, field: str, kind: type, required: bool = True) -> object:
        if key not in table:
            if required:
                raise self.fail(field, "missing")
            return None
        value = table[key]
        # bool is a subclass of int; a flag where a number belongs is still a mistake
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise self.fail(field, f"expected {kind.__name__}, got {type(value).__name__}")
        if kind is str and not value.strip():
            raise self.fail(field, "empty")
        return value

    def references(self, table: dict[str, object]) -> tuple[Reference, ...]:
        """The `[[references]]` of a file: at least one, each an RFC number, a section and an optional note."""
        refs_raw = self.get(table, "references", "references", list)
        if not refs_raw:
            raise self.fail("references", "needs at least one reference")
        references = []
        for i, ref in enumerate(refs_raw):
            field = f"references[{i}]"
            if not isinstance(ref, dict):
                raise self.fail(field, "expected a table with rfc and section")
            for key in ref:
                if key not in ("rfc", "section", "note"):
                    raise self.fail(f"{field}.{key}", "unknown field; valid: rfc, section, note")
            rfc = self.get(ref, "rfc", f"{field}.rfc", int)
            if rfc <= 0:
                raise self.fail(f"{field}.rfc", "must be a positive RFC number")
            section = self.get(ref, "section", f"{field}.section", str)
            if not is_section(section):
                raise self.fail(f"{field}.section", f"{section!r} is not a section number such as '21.4.24'")
            note = self.get(ref, "note", f"{field}.note", str, required=False) or ""
            references.append(Reference(rfc, section, note))
        return tuple(references)

    def str_list(self, table: dict[str, object], key: str, field: str, allowed=None, min_len: int = 1,
                 max_len: int = 50) -> tuple[str, ...]:
        items = self.get(table, key, field, list)
        if not min_len <= len(items) <= max_len:
            raise self.fail(field, f"needs {min_len} to {max_len} items, has {len(items)}")
        for i, item in enumerate(items):
            if not isinstance(item, str) or not item.strip():
                raise self.fail(f"{field}[{i}]", "expected a non-empty string")
            if allowed is not None and item not in allowed:
                valid = ", ".join(sorted(allowed))
                raise self.fail(f"{field}[{i}]", f"unknown value {item!r}; valid: {valid}")
        if len(set(items)) != len(items):
            raise self.fail(field, "lists a value twice")
        return tuple(items)


def read_reason(code: int, codes_dir: str = CODES_DIR) -> str:
    """Only the reason phrase of `code`, for listing related codes without validating their whole files."""
    reason = _parse_file(code_file(code, codes_dir)).get("reason")
    return reason if isinstance(reason, str) else str(code)


def _parse_file(path: str) -> dict[str, object]:
    import tomllib

    try:
        with open(path, "rb") as fh:
            return tomllib.load(fh)
    except UnicodeDecodeError as exc:
        raise CatalogError(f"{_display_path(path)}: not UTF-8: {exc}") from None
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"{_display_path(path)}: not valid TOML: {exc}") from None


def _prose(check: _Checker, data: dict[str, object], lang: str) -> Prose:
    table = check.get(data, lang, lang, dict)
    for key in table:
        if key not in _PROSE_KEYS:
            raise check.fail(f"{lang}.{key}", f"unknown field; valid: {', '.join(_PROSE_KEYS)}")
    return Prose(
        lang=lang,
        summary=check.get(table, "summary", f"{lang}.summary", str).strip(),
        description=check.get(table, "description", f"{lang}.description", str).strip(),
        when_you_see_it=check.get(table, "when_you_see_it", f"{lang}.when_you_see_it", str).strip(),
        causes=tuple(s.strip() for s in check.str_list(table, "causes", f"{lang}.causes", max_len=8)),
        how_to_fix=tuple(s.strip() for s in check.str_list(table, "how_to_fix", f"{lang}.how_to_fix", max_len=8)),
    )


def load_entry(code: int, known: tuple[int, ...] | None = None, codes_dir: str = CODES_DIR) -> Entry:
    """Read and validate the data file of `code` (which must exist) with its English prose."""
    path = code_file(code, codes_dir)
    data = _parse_file(path)
    check = _Checker(path, data)
    for key in data:
        if key not in _FACT_KEYS and key != SOURCE_LANG:
            raise check.fail(key, "unknown field; valid: " + ", ".join([*_FACT_KEYS, SOURCE_LANG]))

    file_code = check.get(data, "code", "code", int)
    if file_code != code:
        raise check.fail("code", f"is {file_code} but the file is named for {code}")
    if not 100 <= code <= 699:
        raise check.fail("code", "must be between 100 and 699")
    reason = check.get(data, "reason", "reason", str)
    status = check.get(data, "status", "status", str)
    if status not in _vocab.STATUSES:
        raise check.fail("status", f"unknown value {status!r}; valid: {', '.join(_vocab.STATUSES)}")
    meaning = check.get(data, "meaning", "meaning", str)
    if meaning not in _vocab.MEANINGS:
        raise check.fail("meaning", f"unknown value {meaning!r}; add it to MEANINGS in catalog/_vocab.py first")
    registered_by = check.get(data, "registered_by", "registered_by", int)

    references = check.references(data)
    if registered_by not in {ref.rfc for ref in references}:
        raise check.fail("registered_by", f"RFC {registered_by} is not among the references")

    senders = check.str_list(data, "senders", "senders", _vocab.SENDERS)
    answers = check.str_list(data, "answers", "answers", {*_vocab.METHODS, _vocab.ANY_METHOD})
    headers = check.str_list(data, "headers", "headers", _vocab.HEADERS, min_len=0)
    next_steps = check.str_list(data, "next_steps", "next_steps", _vocab.NEXT_STEPS)
    alone = [step for step in next_steps if step in _vocab.STANDALONE_STEPS]
    if len(next_steps) > 1 and alone:
        raise check.fail("next_steps", f"{alone[0]} stands alone")
    if {"stop", "retry-unchanged"} <= set(next_steps):
        raise check.fail("next_steps", "stop and retry-unchanged contradict each other")
    retry_change = check.get(data, "retry_change", "retry_change", str, required=False)
    if retry_change is not None and retry_change not in _vocab.RETRY_CHANGES:
        valid = ", ".join(sorted(_vocab.RETRY_CHANGES))
        raise check.fail("retry_change", f"unknown value {retry_change!r}; valid: {valid}")
    if ("retry-modified" in next_steps) != (retry_change is not None):
        raise check.fail("retry_change", "is required exactly when next_steps contains 'retry-modified'")
    dialog = check.str_list(data, "dialog", "dialog", _vocab.DIALOG_EFFECTS)
    forking = check.str_list(data, "forking", "forking", _vocab.FORKING_EFFECTS)
    outcome = _final_fact(check, data, "outcome", _vocab.CODE_OUTCOMES, code)
    session_setup = _final_fact(check, data, "session_setup", _vocab.SESSION_SETUP, code)
    # RFC 6076 §4.6 and §4.7 name 200 OK as the one established answer and every 3xx as a redirection
    if session_setup is not None and (session_setup == "established") != (code == 200):
        raise check.fail("session_setup", "'established' is for 200 alone (RFC 6076 §4.6)")
    if session_setup is not None and (session_setup == "redirected") != (300 <= code < 400):
        raise check.fail("session_setup", "'redirected' is for every 3xx code and no other (RFC 6076 §4.6)")
    registration = _final_fact(check, data, "registration", _vocab.REGISTRATION, code)
    # RFC 6076 §4.1 ends a registration at 200 OK; §4.2 calls 401, 402 and 407 challenges, not failures, and counts
    # every other 4xx, 5xx and 6xx as an Ineffective Registration Attempt
    if registration is not None and registration != registration_class(code):
        raise check.fail("registration", f"must be {registration_class(code)!r} for {code} (RFC 6076 §4.1, §4.2)")

    q850 = None
    q_raw = check.get(data, "q850", "q850", dict, required=False)
    if q_raw is not None:
        for key in q_raw:
            if key not in ("from_isup", "to_isup"):
                raise check.fail(f"q850.{key}", "unknown field; valid: from_isup, to_isup")
        from_isup = q_raw.get("from_isup", [])
        if not isinstance(from_isup, list) or not all(
                isinstance(c, int) and not isinstance(c, bool) and 1 <= c <= 127 for c in from_isup):
            raise check.fail("q850.from_isup", "expected a list of cause values 1-127")
        to_isup = check.get(q_raw, "to_isup", "q850.to_isup", int, required=False)
        if to_isup is not None and not 1 <= to_isup <= 127:
            raise check.fail("q850.to_isup", "expected a cause value 1-127")
        if not from_isup and to_isup is None:
            raise check.fail("q850", "is empty; leave it out instead")
        q850 = Q850Mapping(tuple(from_isup), to_isup)

    prose = _prose(check, data, SOURCE_LANG)
    related_raw = check.get(data, "related", "related", list)
    if known is None:
        known = known_codes(codes_dir)
    for i, other in enumerate(related_raw):
        if not isinstance(other, int) or isinstance(other, bool):
            raise check.fail(f"related[{i}]", "expected a code number")
        if other == code:
            raise check.fail(f"related[{i}]", "an entry cannot be related to itself")
        if other not in known:
            raise check.fail(f"related[{i}]", f"{other} has no entry in the catalog")
    if len(set(related_raw)) != len(related_raw):
        raise check.fail("related", "lists a code twice")

    entry = Entry(
        code=code, reason=reason, status=status, meaning=meaning, registered_by=registered_by, references=references,
        senders=senders, answers=answers, headers=headers, next_steps=next_steps, retry_change=retry_change,
        dialog=dialog, forking=forking, outcome=outcome, session_setup=session_setup, registration=registration, q850=q850, related=tuple(related_raw),
        prose=prose, overrides=_overrides(check, data, references),
        failover=_failover(check, data, code, references),
    )
    _check_class_rules(check, entry)
    return entry


def _overrides(check: _Checker, data: dict[str, object], references: tuple[Reference, ...]) -> tuple[Override, ...]:
    """The `[[overrides]]` of an entry: each a class-wide rule id and the cited RFC section that justifies it."""
    raw = check.get(data, "overrides", "overrides", list, required=False) or []
    cited = {(ref.rfc, ref.section) for ref in references}
    overrides = []
    for i, item in enumerate(raw):
        field = f"overrides[{i}]"
        if not isinstance(item, dict):
            raise check.fail(field, "expected a table with rule, rfc and section")
        for key in item:
            if key not in ("rule", "rfc", "section"):
                raise check.fail(f"{field}.{key}", "unknown field; valid: rule, rfc, section")
        rule = check.get(item, "rule", f"{field}.rule", str)
        if rule not in _rules.CLASS_RULES:
            raise check.fail(f"{field}.rule", f"unknown value {rule!r}; valid: {', '.join(_rules.CLASS_RULES)}")
        rfc = check.get(item, "rfc", f"{field}.rfc", int)
        section = check.get(item, "section", f"{field}.section", str)
        if (rfc, section) not in cited:
            raise check.fail(field, f"RFC {rfc} §{section} is not among the references; cite the section that "
                                    "justifies the override there")
        overrides.append(Override(rule, rfc, section))
    if len({o.rule for o in overrides}) != len(overrides):
        raise check.fail("overrides", "overrides a rule twice")
    return tuple(overrides)


def _failover(check: _Checker, data: dict[str, object], code: int,
              references: tuple[Reference, ...]) -> Failover | None:
    """The `failover` table of a final failure code (300-699): an action and what it rests on, either an RFC
    section the entry cites among its references or common practice."""
    raw = check.get(data, "failover", "failover", dict, required=False)
    if (raw is None) != (code < 300):
        raise check.fail("failover", "is required for codes 300-699 and not allowed below 300")
    if raw is None:
        return None
    for key in raw:
        if key not in ("action", "basis", "rfc", "section"):
            raise check.fail(f"failover.{key}", "unknown field; valid: action, basis, rfc, section")
    action = check.get(raw, "action", "failover.action", str)
    if action not in _vocab.FAILOVER_ACTIONS:
        raise check.fail("failover.action", f"unknown value {action!r}; valid: {', '.join(_vocab.FAILOVER_ACTIONS)}")
    basis = check.get(raw, "basis", "failover.basis", str)
    if basis not in _vocab.FAILOVER_BASES:
        raise check.fail("failover.basis", f"unknown value {basis!r}; valid: {', '.join(_vocab.FAILOVER_BASES)}")
    if basis == "practice":
        if "rfc" in raw or "section" in raw:
            raise check.fail("failover", "basis 'practice' takes no rfc or section; cite one with basis 'rfc'")
        return Failover(action, basis)
    rfc = check.get(raw, "rfc", "failover.rfc", int)
    section = check.get(raw, "section", "failover.section", str)
    if (rfc, section) not in {(ref.rfc, ref.section) for ref in references}:
        raise check.fail("failover", f"RFC {rfc} §{section} is not among the references; cite the section that "
                                     "supports the action there")
    return Failover(action, basis, rfc, section)


def _check_class_rules(check: _Checker, entry: Entry) -> None:
    """Every class-wide rule that applies holds, except those the entry overrides; no override is idle."""
    exempt = {o.rule: i for i, o in enumerate(entry.overrides)}
    for rule_id, rule in _rules.CLASS_RULES.items():
        applies = rule.applies(entry)
        if rule_id in exempt:
            field = f"overrides[{exempt[rule_id]}]"
            if not applies:
                raise check.fail(field, f"rule {rule_id!r} ({rule.text}) does not apply to {entry.code}")
            if rule.holds(entry):
                raise check.fail(field, f"{entry.code} obeys rule {rule_id!r} ({rule.text}); remove the override")
        elif applies and not rule.holds(entry):
            raise check.fail(rule.field, f"breaks the class-wide rule {rule_id!r} ({rule.text}); correct the "
                                         "field, or add an override citing the RFC section that says otherwise")


def _final_fact(check, data: dict, name: str, allowed: frozenset, code: int) -> str | None:
    """A fact that final responses (200-699) must have and provisional ones must not: one id of `allowed`."""
    value = check.get(data, name, name, str, required=False)
    if value is not None and value not in allowed:
        raise check.fail(name, f"unknown value {value!r}; valid: {', '.join(sorted(allowed))}")
    if (value is None) != (code < 200):
        raise check.fail(name, "is required for final responses (200-699) and not allowed for 1xx")
    return value


def registration_class(code: int) -> str:
    """The `registration` fact RFC 6076 §4.1-4.2 gives a final code by its number and class (any code, registered
    or not): 200 ends a registration, 401/402/407 challenge, other 4xx/5xx/6xx are ineffective, the rest other."""
    if code == 200:
        return "registered"
    if code in (401, 402, 407):
        return "challenged"
    return "ineffective" if code >= 400 else "other"

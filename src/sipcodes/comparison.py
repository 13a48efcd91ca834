"""Comparisons of two codes: differences computed from catalog facts, plus curated notes for confusable pairs.

Every sentence here is written whole for its case; facts fill in code names and labels, never clauses taken
from an entry's prose, so a difference can never merely restate a description.
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from typing import Any

from . import catalog
from .catalog import _vocab
from .catalog._load import DATA_DIR, is_section
from .errors import CatalogError, SipcodesError

PAIRS_DIR = os.path.join(DATA_DIR, "pairs")


class SameCode(SipcodesError, ValueError):
    """Both codes of a comparison are the same."""


@dataclass(frozen=True)
class Difference:
    aspect: str
    a: str
    b: str

    def to_dict(self) -> dict[str, str]:
        return {"aspect": self.aspect, "a": self.a, "b": self.b}


@dataclass(frozen=True)
class PairNote:
    """Hand-written text for a pair people confuse: the summary, a note, and optionally when to use which."""

    a: int
    b: int
    summary: str
    note: str
    when_to_use: str | None
    references: tuple[catalog.Reference, ...] = ()


@dataclass(frozen=True)
class Comparison:
    a: catalog.Entry
    b: catalog.Entry
    summary: str
    differences: tuple[Difference, ...]
    key_differences: tuple[str, ...]
    note: str | None
    when_to_use: str
    lang: str

    @property
    def title(self) -> str:
        return f"SIP {self.a.code} {self.a.reason} vs {self.b.code} {self.b.reason}"

    @property
    def slug(self) -> str:
        return f"{code_slug(self.a)}-vs-{code_slug(self.b)}"

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of a comparison (documented in the README; extended, never broken)."""

        def side(e: catalog.Entry) -> dict[str, Any]:
            return {
                "code": e.code, "reason": e.reason, "class": e.klass, "status": e.status, "final": e.final,
                "summary": e.summary, "description": e.description, "when_you_see_it": e.when_you_see_it,
                "how_to_fix": list(e.how_to_fix),
            }

        return {
            "slug": self.slug,
            "title": self.title,
            "summary": self.summary,
            "a": side(self.a),
            "b": side(self.b),
            "differences": [d.to_dict() for d in self.differences],
            "key_differences": list(self.key_differences),
            "note": self.note,
            "when_to_use": self.when_to_use,
            "lang": self.lang,
        }


def code_slug(entry: catalog.Entry) -> str:
    """`438-invalid-identity-header`: the code and its reason phrase, lower case, words joined by hyphens."""
    words = re.sub(r"[^a-z0-9]+", "-", entry.reason.lower()).strip("-")
    return f"{entry.code}-{words}"


# --- curated notes -------------------------------------------------------------------------------------------

_notes: dict[tuple[int, int], PairNote] | None = None


def _read_note(path: str, known: tuple[int, ...]) -> PairNote:
    name = "data/pairs/" + os.path.basename(path)
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise CatalogError(f"{name}: not valid TOML: {exc}") from None
    for key in data:
        if key not in ("a", "b", "references", "en"):
            raise CatalogError(f"{name}: field {key!r}: unknown field; valid: a, b, references, en")
    refs = data.get("references")
    if not isinstance(refs, list) or not refs:
        raise CatalogError(f"{name}: field 'references': needs at least one {{rfc, section}} table")
    for i, ref in enumerate(refs):
        if not (isinstance(ref, dict) and isinstance(ref.get("rfc"), int) and isinstance(ref.get("section"), str)
                and is_section(ref["section"]) and set(ref) <= {"rfc", "section", "note"}):
            raise CatalogError(f"{name}: field 'references[{i}]': expected rfc (int), section such as '16.7', "
                               "optional note")
    a, b = data.get("a"), data.get("b")
    if not isinstance(a, int) or not isinstance(b, int):
        raise CatalogError(f"{name}: fields 'a' and 'b' must be codes")
    if not a < b:
        raise CatalogError(f"{name}: field 'a' must be the lower code of the pair")
    for field, code in (("a", a), ("b", b)):
        if code not in known:
            raise CatalogError(f"{name}: field {field!r}: {code} has no entry in the catalog")
    if os.path.basename(path) != f"{a}-{b}.toml":
        raise CatalogError(f"{name}: file name must be {a}-{b}.toml")
    prose = data.get("en")
    if not isinstance(prose, dict):
        raise CatalogError(f"{name}: field 'en': missing")
    for key in prose:
        if key not in ("summary", "note", "when_to_use"):
            raise CatalogError(f"{name}: field 'en.{key}': unknown field; valid: summary, note, when_to_use")
    texts = {}
    for key, required in (("summary", True), ("note", True), ("when_to_use", False)):
        value = prose.get(key)
        if value is None and not required:
            texts[key] = None
            continue
        if not isinstance(value, str) or not value.strip():
            raise CatalogError(f"{name}: field 'en.{key}': {'missing' if value is None else 'expected text'}")
        texts[key] = " ".join(value.split())
    references = tuple(catalog.Reference(r["rfc"], r["section"], r.get("note", "")) for r in refs)
    return PairNote(a, b, texts["summary"], texts["note"], texts["when_to_use"], references)


def pair_notes() -> dict[tuple[int, int], PairNote]:
    """Every curated pair note, keyed by (lower code, higher code)."""
    global _notes
    if _notes is None:
        notes = {}
        if os.path.isdir(PAIRS_DIR):
            known = catalog.codes()
            for name in sorted(os.listdir(PAIRS_DIR)):
                if name.endswith(".toml"):
                    note = _read_note(os.path.join(PAIRS_DIR, name), known)
                    notes[(note.a, note.b)] = note
        _notes = notes
    return _notes


# --- facts → differences -------------------------------------------------------------------------------------

def _join(items: list[str], conj: str = "and") -> str:
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {conj} " + items[-1]


def _senders(e: catalog.Entry) -> str:
    return _join([_SENDER_NOUNS[s] for s in e.senders], "or")


_SENDER_NOUNS = {
    "uas": "the called user agent",
    "proxy": "a proxy",
    "edge-proxy": "an edge proxy",
    "registrar": "a registrar",
    "redirect-server": "a redirect server",
    "b2bua": "a B2BUA such as an SBC",
    "pstn-gateway": "a PSTN gateway",
    "notifier": "a notifier",
    "event-state-compositor": "an event state compositor",
    "stir-verifier": "a STIR verification service",
    "stir-authenticator": "a STIR authentication service",
    "push-proxy": "a push-capable proxy",
    "referral-recipient": "the REFER recipient",
    "any-element": "any SIP element",
}

_CLASS_ROLE = {
    1: "is a provisional response: the request is still being processed and a final response will follow",
    2: "is a success response: the request was accepted",
    3: "is a redirection: the request should be sent again to another address",
    4: "is a request failure: this request cannot succeed at this server as sent",
    5: "is a server failure: the server could not handle a request that may itself be valid",
    6: "is a global failure: no other destination of the user will accept the request",
}

_NEXT_SENTENCE = {
    "wait-for-final": "keeps waiting for a final response",
    "done": "has its answer and needs to retry nothing",
    "retry-unchanged": "may resend the request unchanged",
    "retry-modified": "must change the request before retrying",
    "retry-later": "may retry later, honouring Retry-After when present",
    "try-other-destination": "may try another destination",
    "stop": "should give up, since the same request would fail again",
}


def _answers(e: catalog.Entry) -> str:
    return "any request" if _vocab.ANY_METHOD in e.answers else _join(list(e.answers), "or")


def _headers(e: catalog.Entry) -> str:
    return _join(list(e.headers)) if e.headers else "none specific to it"


def _defined_in(e: catalog.Entry) -> str:
    ref = next(r for r in e.references if r.rfc == e.registered_by)
    return str(ref)


def _differences(a: catalog.Entry, b: catalog.Entry) -> list[Difference]:
    rows = [
        ("Class", lambda e: f"{e.klass} {e.class_name}"),
        ("Final", lambda e: "final" if e.final else "provisional"),
        ("Status", lambda e: e.status),
        ("Sent by", _senders),
        ("Answers", _answers),
        ("Header fields", _headers),
        ("Next step", lambda e: "; ".join(_vocab.NEXT_STEPS[s] for s in e.next_steps)),
        ("Change before retrying", lambda e: _vocab.RETRY_CHANGES[e.retry_change] if e.retry_change else "—"),
        ("Dialogs", lambda e: "; ".join(_vocab.DIALOG_EFFECTS[d] for d in e.dialog)),
        ("Forking proxy", lambda e: "; ".join(_vocab.FORKING_EFFECTS[f] for f in e.forking)),
        ("ACK", lambda e: _vocab.ACK_BEHAVIOURS[e.ack]),
        ("ISUP cause (RFC 3398)", lambda e: str(e.q850.to_isup) if e.q850 and e.q850.to_isup else "none"),
        ("Defined in", _defined_in),
    ]
    return [Difference(aspect, fa(a), fa(b)) for aspect, fa in rows if fa(a) != fa(b)]


def _key_differences(a: catalog.Entry, b: catalog.Entry) -> list[str]:
    A, B = a.title, b.title
    out: list[str] = []

    if a.final != b.final:
        prov, fin = (a, b) if not a.final else (b, a)
        out.append(f"{prov.title} is provisional and leaves the transaction open; "
                   f"{fin.title} is final and ends it.")
    elif a.code // 100 != b.code // 100:
        out.append(f"{A} {_CLASS_ROLE[a.code // 100]}, whereas {B} {_CLASS_ROLE[b.code // 100]}.")

    if a.status != b.status:
        for e in (a, b):
            if e.status == "historic":
                out.append(f"{e.title} is historic: RFC 2543 defined it, RFC 3261 dropped it, and a current "
                           f"UAC treats it as {e.code // 100 * 100}.")
            elif e.status == "deprecated":
                out.append(f"{e.title} is deprecated: current implementations should not send it.")

    fork_a, fork_b = set(a.forking), set(b.forking)
    if "cancels-all-branches" in fork_a ^ fork_b:
        glob, local = (a, b) if "cancels-all-branches" in fork_a else (b, a)
        if local.final:
            out.append(f"A forking proxy that receives {glob.title} cancels every other branch; "
                       f"{local.title} ends only the branch it came from while the others keep ringing.")
        else:
            out.append(f"A forking proxy that receives {glob.title} cancels every other branch.")
    if "aggregates-challenges" in fork_a ^ fork_b:
        chal = a if "aggregates-challenges" in fork_a else b
        out.append(f"When several branches of a forked request ask for credentials, the proxy returns one "
                   f"{chal.title} that carries every branch's challenge.")
    if "converted-to-500" in fork_a ^ fork_b:
        conv = a if "converted-to-500" in fork_a else b
        out.append(f"A proxy does not relay {conv.title} upstream as is: it sends 500 Server Internal Error "
                   f"instead, unless it knows every route would fail.")

    if set(a.senders) != set(b.senders):
        only_a = [s for s in a.senders if s not in b.senders]
        only_b = [s for s in b.senders if s not in a.senders]
        if only_a and only_b:
            out.append(f"{A} typically comes from {_senders(a)}; {B} from {_senders(b)}.")
        else:
            wider, extra = (a, only_a) if only_a else (b, only_b)
            out.append(f"Besides the senders both share, {wider.title} can also come from "
                       f"{_join([_SENDER_NOUNS[s] for s in extra], 'or')}.")

    if set(a.answers) != set(b.answers):
        out.append(f"{A} answers {_answers(a)}; {B} answers {_answers(b)}.")

    if a.next_steps != b.next_steps or a.retry_change != b.retry_change:
        out.append(f"After {A}, the client {_next(a)}. After {B}, the client {_next(b)}.")

    if set(a.headers) != set(b.headers):
        out.append(f"{_carries(a)} {_carries(b)}")

    dia_a, dia_b = set(a.dialog), set(b.dialog)
    if dia_a != dia_b:
        for e, mine, theirs in ((a, dia_a, dia_b), (b, dia_b, dia_a)):
            for effect in sorted(mine - theirs):
                if effect in _DIALOG_SENTENCE:
                    out.append(_DIALOG_SENTENCE[effect].format(e=e.title))

    if a.code < 300 and b.code >= 300 and a.final or b.code < 300 and a.code >= 300 and b.final:
        ok, fail = (a, b) if a.code < 300 else (b, a)
        if "INVITE" in ok.answers and ("INVITE" in fail.answers or "*" in fail.answers):
            out.append(f"In answer to INVITE, {ok.title} is acknowledged end to end by the caller's user agent, "
                       f"while {fail.title} is acknowledged hop by hop by each client transaction.")

    qa, qb = (a.q850.to_isup if a.q850 else None), (b.q850.to_isup if b.q850 else None)
    if qa and qb and qa != qb:
        out.append(f"Towards the telephone network, RFC 3398 maps {A} to ISUP cause {qa} and {B} to cause {qb}.")

    if a.registered_by != b.registered_by:
        out.append(f"{A} is defined in {_defined_in(a)}; {B} in {_defined_in(b)}.")
    elif not out:
        # Same facts throughout: only their definitions set them apart, and the curated note says how.
        out.append(f"The two share every protocol fact the catalog records; {A} is defined in {_defined_in(a)} "
                   f"and {B} in {_defined_in(b)}.")
    return out


def _next(e: catalog.Entry) -> str:
    """What the client does next, as a predicate for "the client …"."""
    parts = []
    for step in e.next_steps:
        phrase = _NEXT_SENTENCE[step]
        if step == "retry-modified":
            phrase += f" ({_vocab.RETRY_CHANGES[e.retry_change]})"
        parts.append(phrase)
    return _join(parts, "or")


def _carries(e: catalog.Entry) -> str:
    if not e.headers:
        return f"{e.title} carries no header field specific to it."
    noun = "field" if len(e.headers) == 1 else "fields"
    return f"{e.title} comes with the {_join(list(e.headers))} header {noun}."


_DIALOG_SENTENCE = {
    "creates-early": "With a To tag, {e} creates an early dialog, so early media and PRACK can follow.",
    "confirms": "{e} creates or confirms the dialog.",
    "reports-early-terminated": "{e} tells the caller that one early dialog has ended while others may go on.",
    "ends-early-dialogs": "As a final answer to INVITE, {e} ends every early dialog of that INVITE.",
    "ends-dialog": "In answer to a request inside a dialog, {e} tells the client to end the whole dialog.",
}


def _summary(a: catalog.Entry, b: catalog.Entry, keys: list[str], note: PairNote | None) -> str:
    if note:
        return note.summary
    if a.code // 100 == b.code // 100:
        first = f"{a.title} and {b.title} are both {a.klass} {a.class_name} responses."
    else:
        first = f"{a.title} {_CLASS_ROLE[a.code // 100]}; {b.title} {_CLASS_ROLE[b.code // 100]}."
    rest = [k for k in keys if not k.startswith(a.title + " " + _CLASS_ROLE[a.code // 100][:10])]
    return first + (" " + rest[0] if rest and a.code // 100 == b.code // 100 else "")


def _moment(e: catalog.Entry) -> str:
    """At what point of the transaction the code is sent, as an adverbial phrase."""
    if e.code == 100:
        return "as soon as it receives the request, to stop retransmissions on that hop"
    if not e.final:
        if e.answers == ("INVITE",):
            return "during call setup, while the INVITE waits for its final response"
        return "while the request still waits for its final response"
    if e.code < 300:
        return "as the final response when the request succeeds"
    return "as the final response that ends the transaction"


def _when_to_use(a: catalog.Entry, b: catalog.Entry, note: PairNote | None) -> str:
    if note and note.when_to_use:
        return note.when_to_use
    parts = []
    for e in (a, b):
        parts.append(f"{e.title} is sent by {_senders(e)} in answer to {_answers(e)}, {_moment(e)}. "
                     f"The client that receives it {_next(e)}.")
    return " ".join(parts)


def _ordered(x: object, y: object, lang: str) -> tuple[catalog.Entry, catalog.Entry]:
    a, b = catalog.get(x, lang), catalog.get(y, lang)
    if a.code == b.code:
        raise SameCode(f"cannot compare {a.code} with itself; give two different codes, such as 486 600")
    return (a, b) if a.code < b.code else (b, a)


def compare(x: object, y: object, lang: str = catalog.SOURCE_LANG) -> Comparison:
    """Compare two codes; the order of the arguments does not matter (the lower code comes first)."""
    a, b = _ordered(x, y, lang)
    note = pair_notes().get((a.code, b.code))
    keys = _key_differences(a, b)
    return Comparison(
        a=a, b=b, summary=_summary(a, b, keys, note), differences=tuple(_differences(a, b)),
        key_differences=tuple(keys), note=note.note if note else None, when_to_use=_when_to_use(a, b, note),
        lang=a.lang,
    )

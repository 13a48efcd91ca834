"""Comparisons of two codes: differences computed from catalog facts, plus curated notes for confusable pairs.

Every sentence here is written whole for its case; facts fill in code names and labels, never clauses taken
from an entry's prose, so a difference can never merely restate a description.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Any

from . import catalog, i18n
from .catalog import _vocab
from .catalog._load import DATA_DIR, _Checker, _parse_file, squash
from .errors import CatalogError, SipcodesError
from .i18n import N_

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
    untranslated: tuple[str, ...] = ()


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

    untranslated: tuple[str, ...] = ()

    @property
    def title(self) -> str:
        return f"SIP {self.a.code} {self.a.reason} vs {self.b.code} {self.b.reason}"

    @property
    def slug(self) -> str:
        return f"{code_slug(self.a)}-vs-{code_slug(self.b)}"

    @property
    def hangup_causes(self) -> list[dict[str, Any]]:
        """The Q.850 cause each code becomes by RFC 3398 §8.2.6.1 and on each platform with a table, and whether
        the two codes become the same cause there (so the difference is lost past that point)."""
        rows = []

        def row(source: str, a: int | None, b: int | None) -> None:
            if a is not None or b is not None:
                rows.append({"source": source, "a": a, "b": b, "same": a is not None and a == b})

        row("RFC 3398", *(e.q850.to_isup if e.q850 else None for e in (self.a, self.b)))
        for p in catalog.platforms().values():
            if p.sip_to_cause is not None:
                row(p.name, p.cause_for(self.a.code)[0], p.cause_for(self.b.code)[0])
        return rows

    def hangup_cause_notes(self) -> list[str]:
        """Sentences, in the comparison's language, for the platforms where the two codes become one cause, or
        where one code becomes the cause RFC 3398 gives the other (the difference is then turned around)."""
        from . import i18n

        _ = i18n.translator(self.lang)
        rows = self.hangup_causes
        rfc = next((r for r in rows if r["source"] == "RFC 3398"), None)
        notes = []
        if rfc is not None and rfc["same"]:
            notes.append(_("By RFC 3398, {a} and {b} both become cause {cause}: past a gateway they look alike.")
                         .format(a=self.a.code, b=self.b.code, cause=rfc["a"]))
        for r in rows:
            if r["source"] == "RFC 3398":
                continue
            if r["same"] and rfc is not None and rfc["same"] and rfc["a"] == r["a"]:
                continue  # said once for RFC 3398
            if r["same"]:
                notes.append(_("On {platform}, {a} and {b} both become cause {cause}.").format(
                    platform=r["source"], a=self.a.code, b=self.b.code, cause=r["a"]))
                continue
            if rfc is None:
                continue
            for mine, other, code, other_code in (("a", "b", self.a.code, self.b.code),
                                                  ("b", "a", self.b.code, self.a.code)):
                if r[mine] is not None and r[mine] == rfc[other] and r[mine] != rfc[mine]:
                    notes.append(_("On {platform}, {code} becomes cause {cause}, the cause RFC 3398 gives {other}.")
                                 .format(platform=r["source"], code=code, cause=r[mine], other=other_code))
        return notes

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
            "hangup_causes": self.hangup_causes,
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
    data = _parse_file(path)
    for key in data:
        if key not in ("a", "b", "references", "en"):
            raise CatalogError(f"{name}: field {key!r}: unknown field; valid: a, b, references, en")
    references = _Checker(path, data).references(data)
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
        texts[key] = squash(value)
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


_translated_notes: dict[tuple[int, int, str], PairNote | None] = {}
PAIR_FIELDS = ("summary", "note", "when_to_use")


def pair_source(note: PairNote) -> dict[str, object]:
    """The English value of each translatable field of a pair note."""
    fields: dict[str, object] = {"summary": note.summary, "note": note.note}
    if note.when_to_use:
        fields["when_to_use"] = note.when_to_use
    return fields


def pair_note(a: int, b: int, lang: str = catalog.SOURCE_LANG) -> PairNote | None:
    """The curated note of the pair (a < b) in `lang`; fields without a current translation stay English."""
    english = pair_notes().get((a, b))
    if english is None or lang == catalog.SOURCE_LANG:
        return english
    key = (a, b, lang)
    if key not in _translated_notes:
        from .catalog._translations import field_states, read_translation, translation_file

        source = pair_source(english)
        hashes, text = read_translation(translation_file("pairs", lang, f"{a}-{b}"), lang, "pair", f"{a}-{b}",
                                        PAIR_FIELDS)
        states = field_states(source, hashes, text)
        value = {f: squash(str(text[f] if states.get(f) == "ok" else source[f])) for f in source}
        _translated_notes[key] = PairNote(a, b, value["summary"], value["note"], value.get("when_to_use"),
                                          english.references,
                                          tuple(f for f, state in states.items() if state != "ok"))
    return _translated_notes[key]


# --- facts → differences -------------------------------------------------------------------------------------
# Every sentence is one gettext message with named placeholders, so each language writes it whole.

_SENDER_NOUNS = {
    "uas": N_("the called user agent"),
    "proxy": N_("a proxy"),
    "edge-proxy": N_("an edge proxy"),
    "registrar": N_("a registrar"),
    "redirect-server": N_("a redirect server"),
    "b2bua": N_("a B2BUA such as an SBC"),
    "pstn-gateway": N_("a PSTN gateway"),
    "notifier": N_("a notifier"),
    "event-state-compositor": N_("an event state compositor"),
    "stir-verifier": N_("a STIR verification service"),
    "stir-authenticator": N_("a STIR authentication service"),
    "push-proxy": N_("a push-capable proxy"),
    "referral-recipient": N_("the REFER recipient"),
    "any-element": N_("any SIP element"),
}

_CLASS_ROLE = {
    1: N_("is a provisional response: the request is still being processed and a final response will follow"),
    2: N_("is a success response: the request was accepted"),
    3: N_("is a redirection: it tells the client where else, or how else, the request may succeed"),
    4: N_("is a request failure from this particular server: as a rule the client should not repeat it unchanged, "
           "though another server might accept it"),
    5: N_("is a server failure: the server could not handle a request that may itself be valid"),
    6: N_("is a global failure: no other destination of the user will accept the request"),
}

# What the client does next, one whole sentence per step: the first step leads ("After {e}, the client …") and
# each further step follows as an alternative, so no language has to glue clauses together. Beside other steps,
# "stop" no longer means "give up" but "not the same request again as it is".
_NEXT_ALONE = {
    "wait-for-final": N_("After {e}, the client keeps waiting for a final response."),
    "done": N_("After {e}, the client has its answer; there is nothing to retry."),
    "retry-unchanged": N_("After {e}, the client may repeat the request without changing it, at any later time."),
    "retry-modified": N_("After {e}, the client should not resend the request unchanged; to retry, it changes it: "
                         "{change}."),
    "retry-later": N_("After {e}, the client may retry later, honouring Retry-After when present."),
    "try-other-destination": N_("After {e}, the client may try another destination."),
    "stop": N_("After {e}, the client should give up, since the same request would fail again."),
    "request-ended": N_("After {e}, the client has nothing to retry: a CANCEL, a BYE or the Expires time ended the "
                        "request, which did not fail."),
    "retry-via-proxy": N_("After {e}, the client should send this same request again through the proxy named in "
                          "Contact."),
    "follow-alternative": N_("After {e}, the client may follow the alternative described in the body, if it "
                             "understands the body's type."),
    "retry-after-random-wait": N_("After {e}, the client should wait a random time before trying again, if it still "
                                  "wants the change: 2.1 to 4 seconds if it chose the Call-ID, otherwise up to 2 "
                                  "seconds."),
}
_NEXT_LEAD = {  # the first of several steps, where it reads differently from the step alone
    "stop": N_("After {e}, the client should not simply send the same request again, which would fail the same "
               "way."),
}
# Two steps whose sentences depend on each other: "stop" then "retry-later" means "not now, but later".
_NEXT_PAIR = {
    ("stop", "retry-later"): (
        N_("After {e}, the client should not send the same request again right away."),
        N_("It may try again later, at the time Retry-After suggests if present."),
    ),
}
_NEXT_INSTEAD = {  # a step that follows "stop"
    "retry-modified": N_("Instead, it may change the request and retry: {change}."),
    "retry-later": N_("Instead, it may retry later, honouring Retry-After when present."),
    "try-other-destination": N_("Instead, it may try another destination."),
}
_NEXT_ALSO = {  # a step that follows any other
    "retry-unchanged": N_("Alternatively, it may resend the request unchanged."),
    "retry-modified": N_("Alternatively, it may change the request and retry: {change}."),
    "retry-later": N_("Alternatively, it may retry later, honouring Retry-After when present."),
    "try-other-destination": N_("Alternatively, it may try another destination."),
}

_DIALOG_SENTENCE = {
    "creates-early": N_("With a To tag, {e} creates an early dialog, so early media and PRACK can follow."),
    "confirms": N_("{e} creates or confirms the dialog."),
    "reports-early-terminated": N_("{e} tells the caller that one early dialog has ended while others may go on."),
    "ends-early-dialogs": N_("As a final answer to INVITE, {e} ends every early dialog of that INVITE."),
    "ends-dialog": N_("In answer to a request inside a dialog, {e} tells the client to end the whole dialog."),
}


class _Writer:
    """Builds the computed sentences of a comparison in one language."""

    def __init__(self, lang: str):
        self._ = i18n.translator(lang)

    def join(self, items: list[str], conj: str = "and") -> str:
        _ = self._
        if len(items) <= 1:
            return "".join(items)
        head, last = ", ".join(items[:-1]), items[-1]
        if conj == "or":
            return _("{items} or {last}").format(items=head, last=last)
        return _("{items} and {last}").format(items=head, last=last)

    def senders(self, e: catalog.Entry) -> str:
        return self.join([self._(_SENDER_NOUNS[s]) for s in e.senders], "or")

    def answers(self, e: catalog.Entry) -> str:
        return self._("any request") if _vocab.ANY_METHOD in e.answers else self.join(list(e.answers), "or")

    def headers(self, e: catalog.Entry) -> str:
        return self.join(list(e.headers)) if e.headers else self._("none specific to it")

    @staticmethod
    def defined_in(e: catalog.Entry) -> str:
        return str(next(r for r in e.references if r.rfc == e.registered_by))

    def next(self, e: catalog.Entry) -> str:
        """What the client does next, as whole sentences: "After 404 Not Found, the client …. Instead, …"."""
        _ = self._
        steps = sorted(e.next_steps, key=lambda step: step != "stop")  # "stop" leads: the others qualify it
        change = _(_vocab.RETRY_CHANGES[e.retry_change]) if e.retry_change else ""
        first, rest = steps[0], steps[1:]
        if len(steps) == 2 and tuple(steps) in _NEXT_PAIR:
            lead, then = _NEXT_PAIR[tuple(steps)]
            return f"{_(lead).format(e=e.title)} {_(then)}"
        lead = _NEXT_LEAD.get(first, _NEXT_ALONE[first]) if rest else _NEXT_ALONE[first]
        sentences = [_(lead).format(e=e.title, change=change)]
        follow = _NEXT_INSTEAD if first == "stop" else _NEXT_ALSO
        sentences += [_(follow[step]).format(change=change) for step in rest]
        return " ".join(sentences)

    def carries(self, e: catalog.Entry) -> str:
        _ = self._
        if not e.headers:
            return _("{e} carries no header field specific to it.").format(e=e.title)
        if len(e.headers) == 1:
            return _("{e} comes with the {headers} header field.").format(e=e.title, headers=e.headers[0])
        return _("{e} comes with the {headers} header fields.").format(e=e.title, headers=self.join(list(e.headers)))

    def differences(self, a: catalog.Entry, b: catalog.Entry) -> list[Difference]:
        _ = self._
        labels = lambda ids, table: _(i18n.LIST_SEPARATOR).join(_(table[i]) for i in ids)  # noqa: E731
        rows = [
            (_("Meaning"), lambda e: _(_vocab.MEANINGS[e.meaning])),
            (_("Class"), lambda e: f"{e.klass} {_(e.class_name)}"),
            (_("Final"), lambda e: _("final") if e.final else _("provisional")),
            (_("Status"), lambda e: _(e.status)),
            (_("Sent by"), self.senders),
            (_("Answers"), self.answers),
            (_("Header fields"), self.headers),
            (_("Next step"), lambda e: labels(e.next_steps, _vocab.NEXT_STEPS)),
            (_("Change before retrying"),
             lambda e: _(_vocab.RETRY_CHANGES[e.retry_change]) if e.retry_change else "—"),
            (_("Dialogs"), lambda e: labels(e.dialog, _vocab.DIALOG_EFFECTS)),
            (_("Forking proxy"), lambda e: labels(e.forking, _vocab.FORKING_EFFECTS)),
            (_("ACK"), lambda e: _(_vocab.ACK_BEHAVIOURS[e.ack])),
            (_("ISUP cause (RFC 3398)"),
             lambda e: str(e.q850.to_isup) if e.q850 and e.q850.to_isup else _("none")),
            (_("Defined in"), self.defined_in),
        ]
        return [Difference(aspect, fa(a), fa(b)) for aspect, fa in rows if fa(a) != fa(b)]

    def key_differences(self, a: catalog.Entry, b: catalog.Entry) -> list[str]:
        _ = self._
        A, B = a.title, b.title
        # What separates the two starts every comparison: each code's meaning, a fact of its own (never prose).
        out: list[str] = [_("{a} says that {meaning_a}; {b} says that {meaning_b}.").format(
            a=A, b=B, meaning_a=_(_vocab.MEANINGS[a.meaning]), meaning_b=_(_vocab.MEANINGS[b.meaning]))]

        if a.final != b.final:
            prov, fin = (a, b) if not a.final else (b, a)
            out.append(_("{prov} is provisional and leaves the transaction open; {fin} is final and ends it.")
                       .format(prov=prov.title, fin=fin.title))
        elif a.code // 100 != b.code // 100:
            out.append(_("{a} {role_a}, whereas {b} {role_b}.").format(
                a=A, b=B, role_a=_(_CLASS_ROLE[a.code // 100]), role_b=_(_CLASS_ROLE[b.code // 100])))

        if a.status != b.status:
            for e in (a, b):
                if e.status == "historic":
                    out.append(_("{e} is historic: RFC 2543 defined it, RFC 3261 dropped it, and a current UAC "
                                 "treats it as {fallback}.").format(e=e.title, fallback=e.code // 100 * 100))
                elif e.status == "deprecated":
                    out.append(_("{e} is deprecated: current implementations should not send it.")
                               .format(e=e.title))

        fork_a, fork_b = set(a.forking), set(b.forking)
        if "cancels-all-branches" in fork_a ^ fork_b:
            glob, local = (a, b) if "cancels-all-branches" in fork_a else (b, a)
            if local.final:
                out.append(_("A forking proxy that receives {glob} cancels every other branch; {local} ends only "
                             "the branch it came from while the others keep ringing.")
                           .format(glob=glob.title, local=local.title))
            else:
                out.append(_("A forking proxy that receives {glob} cancels every other branch.")
                           .format(glob=glob.title))
        if "aggregates-challenges" in fork_a ^ fork_b:
            chal = a if "aggregates-challenges" in fork_a else b
            out.append(_("When several branches of a forked request ask for credentials, the proxy returns one "
                         "{e} that carries every branch's challenge.").format(e=chal.title))
        if "converted-to-500" in fork_a ^ fork_b:
            conv = a if "converted-to-500" in fork_a else b
            out.append(_("A proxy should not relay {e} upstream unless it knows that every request it could proxy "
                         "would get the same answer. When {e} is the only response it received, the proxy should "
                         "send 500 Server Internal Error instead; when other branches answered, it forwards the best of "
                         "their responses.").format(e=conv.title))

        if set(a.senders) != set(b.senders):
            only_a = [s for s in a.senders if s not in b.senders]
            only_b = [s for s in b.senders if s not in a.senders]
            if only_a and only_b:
                out.append(_("{a} typically comes from {senders_a}; {b} from {senders_b}.").format(
                    a=A, b=B, senders_a=self.senders(a), senders_b=self.senders(b)))
            else:
                wider, extra = (a, only_a) if only_a else (b, only_b)
                out.append(_("Besides the senders both share, {e} can also come from {senders}.").format(
                    e=wider.title, senders=self.join([_(_SENDER_NOUNS[s]) for s in extra], "or")))

        if set(a.answers) != set(b.answers):
            out.append(_("{a} answers {answers_a}; {b} answers {answers_b}.").format(
                a=A, b=B, answers_a=self.answers(a), answers_b=self.answers(b)))

        if a.next_steps != b.next_steps or a.retry_change != b.retry_change:
            out.append(f"{self.next(a)} {self.next(b)}")

        if set(a.headers) != set(b.headers):
            out.append(f"{self.carries(a)} {self.carries(b)}")

        dia_a, dia_b = set(a.dialog), set(b.dialog)
        if dia_a != dia_b:
            for e, mine, theirs in ((a, dia_a, dia_b), (b, dia_b, dia_a)):
                for effect in sorted(mine - theirs):
                    if effect in _DIALOG_SENTENCE:
                        out.append(_(_DIALOG_SENTENCE[effect]).format(e=e.title))

        if a.code < 300 and b.code >= 300 and a.final or b.code < 300 and a.code >= 300 and b.final:
            ok, fail = (a, b) if a.code < 300 else (b, a)
            if "INVITE" in ok.answers and ("INVITE" in fail.answers or "*" in fail.answers):
                out.append(_("In answer to INVITE, {ok} is acknowledged end to end by the caller's user agent, "
                             "while {fail} is acknowledged hop by hop by each client transaction.")
                           .format(ok=ok.title, fail=fail.title))

        qa, qb = (a.q850.to_isup if a.q850 else None), (b.q850.to_isup if b.q850 else None)
        if qa and qb and qa != qb:
            out.append(_("Towards the telephone network, RFC 3398 maps {a} to ISUP cause {qa} and {b} to cause "
                         "{qb}.").format(a=A, b=B, qa=qa, qb=qb))

        if a.registered_by != b.registered_by:
            out.append(_("{a} is defined in {ref_a}; {b} in {ref_b}.").format(
                a=A, b=B, ref_a=self.defined_in(a), ref_b=self.defined_in(b)))
        return out

    def summary(self, a: catalog.Entry, b: catalog.Entry, keys: list[str]) -> str:
        _ = self._
        if a.code // 100 == b.code // 100:
            first = _("{a} and {b} are both {klass} {class_name} responses.").format(
                a=a.title, b=b.title, klass=a.klass, class_name=_(a.class_name))
            return f"{first} {keys[0]}" if keys else first
        return _("{a} {role_a}; {b} {role_b}.").format(
            a=a.title, b=b.title, role_a=_(_CLASS_ROLE[a.code // 100]), role_b=_(_CLASS_ROLE[b.code // 100]))

    def moment(self, e: catalog.Entry) -> str:
        """At what point of the transaction the code is sent, as an adverbial phrase."""
        _ = self._
        if e.code == 100:
            return _("as soon as it receives the request, to stop retransmissions on that hop")
        if not e.final:
            if e.answers == ("INVITE",):
                return _("during call setup, while the INVITE waits for its final response")
            return _("while the request still waits for its final response")
        if e.code < 300:
            return _("as the final response when the request succeeds")
        return _("as the final response that ends the transaction")

    def when_to_use(self, a: catalog.Entry, b: catalog.Entry) -> str:
        _ = self._
        parts = []
        for e in (a, b):
            parts.append(_("{e} is sent by {senders} in answer to {answers}, {moment}.").format(
                e=e.title, senders=self.senders(e), answers=self.answers(e), moment=self.moment(e)))
            parts.append(self.next(e))
        return " ".join(parts)


def _ordered(x: object, y: object, lang: str) -> tuple[catalog.Entry, catalog.Entry]:
    a, b = catalog.get(x, lang), catalog.get(y, lang)
    if a.code == b.code:
        raise SameCode(N_("cannot compare {code} with itself; give two different codes, such as 486 600"),
                       code=a.code)
    return (a, b) if a.code < b.code else (b, a)


def compare(x: object, y: object, lang: str = catalog.SOURCE_LANG) -> Comparison:
    """Compare two codes; the order of the arguments does not matter (the lower code comes first)."""
    a, b = _ordered(x, y, lang)
    note = pair_note(a.code, b.code, a.lang)
    writer = _Writer(a.lang)
    keys = writer.key_differences(a, b)
    return Comparison(
        a=a, b=b, summary=note.summary if note else writer.summary(a, b, keys),
        differences=tuple(writer.differences(a, b)), key_differences=tuple(keys),
        note=note.note if note else None,
        when_to_use=note.when_to_use if note and note.when_to_use else writer.when_to_use(a, b),
        lang=a.lang,
        # fields shown in English because a translation is missing or stale, as "code.field" / "note.field"
        untranslated=tuple([f"{a.code}.{f}" for f in a.untranslated] + [f"{b.code}.{f}" for f in b.untranslated]
                           + [f"note.{f}" for f in (note.untranslated if note else ())]),
    )

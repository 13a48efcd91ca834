"""Explains the failing calls of a capture or log: the catalog's entry for each final response, what the
message's own header fields add (with their RFC sections), and what to do next, in the report's language.

    >>> import sipcodes
    >>> report = sipcodes.explain("trace.pcap", lang="fr")
    >>> for call in report.calls:
    ...     print(call.call_id, call.outcome, [f.code for f in call.findings])
    >>> report.to_dict()["calls"][0]["findings"][0]["evidence"]

`sipcodes.explain` is this module made callable, so that both `sipcodes.explain(source)` and
`sipcodes.explain.Report` work.
"""

from __future__ import annotations

import gc
import os
import re
import sys
import types
from collections import Counter

from .. import calls as _calls
from .. import capture, sip
from ..errors import SipcodesError
from ..i18n import N_
from ..sip._nameaddr import name_addr_uri
from ._evidence import EvidenceLine, gather_evidence
from ._model import CallReport, Finding, MessageLine, Report

__all__ = ["CallReport", "EvidenceLine", "Finding", "MessageLine", "NoSuchCall", "Report", "explain"]

#: Reasons for skipping that mean the input is damaged, as opposed to holding other traffic than SIP.
DAMAGE = frozenset({
    "corrupt-record", "hep-malformed", "ip-fragment-incomplete", "ip-fragment-invalid", "read-error", "tcp-gap",
    "tcp-incomplete-message", "tcp-oversized-message", "tcp-partial-message", "truncated-file", "truncated-packet",
    "sip-unreadable", "text-unreadable-message",
})
#: Outcomes of calls that went as they should; other calls are the ones shown unless all are asked for.
FINE = frozenset({"answered", "challenged-then-answered"})


class NoSuchCall(SipcodesError, LookupError):
    """The Call-ID asked for is not in the input."""


def _sources(source: object) -> list[object]:
    if isinstance(source, (list, tuple)):
        return list(source)
    return [source]


def _label(source: object) -> str:
    if isinstance(source, (str, os.PathLike)):
        return os.fspath(source)
    if isinstance(source, (bytes, bytearray, memoryview)):
        return "input"
    return getattr(source, "name", None) if isinstance(getattr(source, "name", None), str) else "input"


def explain(source: object, lang: str = "en", *, cert: bytes | None = None, all_calls: bool = False,
            call_id: str | None = None) -> Report:
    """Read `source` (a path, bytes, or a binary file object; or a list of them, read as one trace) and explain
    its calls in `lang`.

    Calls that ended well (answered, or answered after an authentication challenge) are left out unless
    `all_calls` is true or `call_id` names one. `cert` is a PEM or DER certificate or public key used to verify
    Identity headers. Raises `capture.CaptureError` (one line, naming the input) when an input is no capture or
    log, or holds no SIP message; `NoSuchCall` when `call_id` is not in it; `UnknownLanguage` for a bad `lang`.
    """
    from .. import catalog
    from ..i18n import translator

    lang = catalog.check_language(lang)
    _ = translator(lang)
    grouper = _calls.Grouper()
    warnings: list[str] = []
    sources = _sources(source)
    # grouping makes hundreds of thousands of small objects and no reference cycles; the cyclic collector would
    # rescan them all again and again (a third of the time on large captures), while they are read and while the
    # reports are made of them
    collecting = gc.isenabled()
    gc.disable()
    try:
        skipped = _read_all(sources, grouper, warnings, _)
        if grouper.messages == 0:
            raise capture.CaptureError(_("no SIP message found in any input"))
        all_found = grouper.finish()
        outcomes = Counter(call.outcome for call in all_found)
        if call_id is not None:
            chosen = [call for call in all_found if call.call_id == call_id]
            if not chosen:
                raise NoSuchCall(N_("no call with Call-ID {call_id} in the input ({count} calls read)"),
                                 call_id=call_id[:80], count=len(all_found))
        elif all_calls:
            chosen = all_found
        else:
            chosen = [call for call in all_found if call.outcome not in FINE]
        explainer = _Explainer(lang, cert)
        reports = [explainer.call(call) for call in chosen]
    finally:
        if collecting:
            gc.enable()
    return Report(lang=lang, messages=grouper.messages, skipped=skipped, warnings=warnings,
                  calls=reports, total_calls=len(all_found),
                  outcomes=dict(outcomes))


def _read_all(sources: list[object], grouper: _calls.Grouper, warnings: list[str], _) -> int:
    """Feed every message of every source to `grouper`; warn about damage; return how many records were skipped."""
    skipped = 0
    for one in sources:
        label = _label(one)
        stats = capture.ReadStats()
        try:
            records = capture.read(one, stats=stats, batched=True)
            before = grouper.messages
            unreadable_before = grouper.unreadable
            grouper.add_all(records)
        except capture.CaptureError as error:
            raise capture.CaptureError(f"{label}: {error}") from None
        except OSError as error:
            raise capture.CaptureError(f"{label}: {error.strerror or error}") from None
        unreadable = grouper.unreadable - unreadable_before
        if unreadable:
            stats.skipped["sip-unreadable"] += unreadable
        skipped += sum(stats.skipped.values())
        damage = {reason: n for reason, n in stats.skipped.items() if reason in DAMAGE}
        if damage:
            detail = ", ".join(f"{reason} {n}" for reason, n in sorted(damage.items()))
            warnings.append(_("%(input)s: %(count)s damaged or unreadable records skipped (%(detail)s)")
                            % {"input": label, "count": sum(damage.values()), "detail": detail})
        if grouper.messages == before:
            message = _("%(input)s: no SIP message found (%(packets)s records read)") % {
                "input": label, "packets": stats.packets}
            if len(sources) == 1:
                raise capture.CaptureError(message)
            warnings.append(message)
    return skipped


def _address(raw: str) -> str:
    """The URI of a From or To value, or the value itself when it cannot be read."""
    try:
        return name_addr_uri(raw)
    except sip.MessageError:
        return raw.strip()[:200]


#: Header fields that place a message in its dialog and transaction, or frame it: they change from call to call
#: but say nothing about why a request failed (except to the Identity checks, which are never cached).
_PLACING = ("via", "call-id", "cseq", "from", "to", "content-length", "max-forwards", "record-route", "route",
            "user-agent", "server", "date", "timestamp", "v", "i", "f", "t", "l")
#: one such header line (a line folded under it stays in the key, as any line that begins with a blank)
_PLACING_LINE = re.compile(rb"\n(?:" + b"|".join(re.escape(name.encode()) for name in _PLACING)
                           + rb")[ \t]*:[^\n]*", re.I)


class _Explainer:
    """Builds call reports in one language; evidence for identical failures (same code, same telling header
    fields) is worked out once, as large captures repeat the same failure many times."""

    def __init__(self, lang: str, cert: bytes | None) -> None:
        from ..i18n import translator
        from ..catalog import _vocab

        self.lang = lang
        self.cert = cert
        self._ = translator(lang)
        self.vocab = _vocab
        self.entries: dict[int, tuple[int, str, str, list[str]]] = {}
        self.evidence: dict[tuple, list[EvidenceLine]] = {}

    def call(self, call: _calls.Call) -> CallReport:
        _ = self._
        final = (call.final_status, call.final_reason) if call.final_status is not None else None
        findings: list[Finding] = []
        seen: set[tuple] = set()
        for transaction, code, reason, response, time in call.explained_responses():
            finding = self.finding(transaction, code, reason, response, time)
            key = (finding.code, tuple(finding.evidence))
            if key not in seen:
                seen.add(key)
                findings.append(finding)
        return CallReport(
            call_id=call.call_id, from_=_address(call.from_), to=_address(call.to), method=call.method,
            outcome=call.outcome, outcome_label=_(self.vocab.OUTCOMES[call.outcome]), final=final,
            messages=call.seen, findings=findings)

    def entry(self, code: int) -> tuple[int, str, str, list[str]]:
        """(code the explanation is about, its reason phrase, explanation, next steps) for a status code."""
        cached = self.entries.get(code)
        if cached is not None:
            return cached
        from .. import catalog

        _ = self._
        prefix = ""
        shown = code
        if code not in set(catalog.codes()):
            # RFC 3261 §8.1.3.2: an unrecognised final response is treated as the x00 code of its class, an
            # unrecognised provisional one as 183
            shown = 183 if code < 200 else code // 100 * 100
            prefix = _("%(code)s is not a registered code; a client treats it as %(class_code)s "
                       "(RFC 3261 §8.1.3.2).") % {"code": code, "class_code": shown} + " "
        entry = catalog.get(shown, self.lang)
        steps = [_(self.vocab.NEXT_STEPS[step]) for step in entry.next_steps]
        if entry.retry_change:
            steps.append(_(self.vocab.RETRY_CHANGES[entry.retry_change]))
        result = (shown, entry.reason, prefix + entry.summary + " " + entry.description, steps)
        self.entries[code] = result
        return result

    def finding(self, transaction: _calls.Transaction, code: int, reason: str, response: bytes,
                time: float | None) -> Finding:
        _, phrase, explanation, steps = self.entry(code)
        evidence = self._evidence(response, transaction.request, time)
        return Finding(code=code, reason=reason or phrase, explanation=explanation, evidence=evidence,
                       next_steps=list(steps))

    def _evidence(self, final: bytes, request_bytes: bytes | None, time: float | None) -> list[EvidenceLine]:
        key = None
        if b"identity" not in final.lower() and (request_bytes is None or b"identity" not in request_bytes.lower()):
            key = (request_bytes is None, _telling_lines(final))
            cached = self.evidence.get(key)
            if cached is not None:
                return cached
        try:
            response = sip.parse(final)
        except sip.MessageError:
            return []
        request = None
        if request_bytes is not None:
            try:
                request = sip.parse(request_bytes)
            except sip.MessageError:
                request = None
        if isinstance(response, sip.Request) or isinstance(request, sip.Response):
            return []
        lines = gather_evidence(response, request, self.lang, cert=self.cert, observed_at=time)
        if key is not None:
            self.evidence[key] = lines
        return lines


def _telling_lines(message: bytes) -> bytes:
    """The message without the header lines that only place it (see `_PLACING`), as a cache key: two failures
    that differ only in those lines get the same evidence. Contact stays, as it tells where a 3xx points."""
    head_end = message.find(b"\r\n\r\n")
    head = message if head_end < 0 else message[:head_end]
    return _PLACING_LINE.sub(b"", head)


class _CallableModule(types.ModuleType):
    """`sipcodes.explain(...)` calls `explain`; attribute access works as for any module."""

    def __call__(self, source: object, lang: str = "en", **options: object) -> Report:
        return explain(source, lang, **options)


sys.modules[__name__].__class__ = _CallableModule

"""The result of `sipcodes.stats`: the merged counts, the RFC 6076 §4 metrics computed from them, and the stable
JSON form (`to_dict`) and table rows (`rows`) the command line writes."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from ..i18n import N_
from ._tally import Tally

#: Version of the JSON and CSV layout; bumped only when a field changes meaning or goes away.
SCHEMA_VERSION = 2

#: The ways `--by` cuts the calls.
DIMENSIONS = ("code", "outcome", "peer", "hour")

#: Practice variants offered beside the RFC definitions (never the default).
VARIANTS = {
    # tools that leave challenges out of the attempts: an INVITE answered 401, 402 or 407 (RFC 6076 §4.2 and
    # §4.3.2 call these challenges, not failures) is followed by the same INVITE with credentials, so counting
    # both counts one call attempt twice
    "exclude-challenges": N_("INVITE requests answered 401, 402 or 407 are left out of every denominator"),
    # the Network Effectiveness Ratio of ITU-T E.411, which RFC 6076 §4.7 compares SEER to: calls that reached
    # the callee, whatever the callee did
    "ner": N_("NER (in the way of ITU-T E.411, per call): INVITE calls answered, busy, declined or not answered "
              "by the callee, out of all INVITE calls; the callee's side is read from each code's outcome fact"),
}

#: Outcomes that show the call reached the callee (the numerator of NER).
_REACHED = ("answered", "challenged-then-answered", "busy", "declined", "no-answer")


@dataclass(frozen=True)
class Metric:
    """One ratio: `value` in percent (None when the denominator is 0), its parts, and where it is defined."""

    name: str
    title: str
    definition: str
    numerator: int
    denominator: int
    rfc: int | None
    section: str | None
    variant: str | None = None

    @property
    def value(self) -> float | None:
        return round(100.0 * self.numerator / self.denominator, 2) if self.denominator else None

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "value": self.value, "numerator": self.numerator,
                "denominator": self.denominator,
                "reference": {"rfc": self.rfc, "section": self.section} if self.rfc else None,
                "variant": self.variant}


def metrics(tally: Tally, variants: tuple[str, ...] = ()) -> list[Metric]:
    """The RFC 6076 §4 session metrics a capture shows, counted per INVITE request outside a dialog, each
    request placed by the `session_setup` fact of its final response; then the variants asked for."""
    setup = tally.setup
    attempts = sum(setup.values())
    challenged = tally.challenged if "exclude-challenges" in variants else 0
    variant = "exclude-challenges" if "exclude-challenges" in variants else None
    total = attempts - challenged
    not_redirected = total - setup["redirected"]
    found = [
        Metric("SER", N_("Session Establishment Ratio"),
               N_("INVITE requests answered 200 OK, out of all INVITE requests except those redirected (3xx)"),
               setup["established"], not_redirected, 6076, "4.6", variant),
        Metric("SEER", N_("Session Establishment Effectiveness Ratio"),
               N_("INVITE requests answered 200 OK or with a code that reports the callee's own state or choice "
                  "(480, 486, 600, 603), out of all INVITE requests except those redirected (3xx)"),
               setup["established"] + setup["effective"], not_redirected, 6076, "4.7", variant),
        Metric("ISA", N_("Ineffective Session Attempts"),
               N_("INVITE requests answered 408, 500, 503 or 504 (a server failed, was overloaded or gave up "
                  "waiting), or that got no response at all while the capture ran past Timer B (a timeout counts "
                  "as 408, RFC 3261 §8.1.3.1), out of all INVITE requests"),
               setup["ineffective"] + setup["timed-out"], total, 6076, "4.8", variant),
    ]
    registers = sum(tally.registrations.values())
    if registers:
        from ._tally import registration

        failed = sum(n for code, n in tally.registrations.items()
                     if code == "timed-out" or (isinstance(code, int) and registration(code) == "ineffective"))
        found.append(Metric("IRA", N_("Ineffective Registration Attempts"),
                            N_("REGISTER requests answered with a failure (any 4xx but the challenges 401, 402 "
                               "and 407, any 5xx or 6xx) or that got no response while the capture ran past "
                               "Timer F, out of all REGISTER requests"),
                            failed, registers, 6076, "4.2"))
    if "ner" in variants:
        reached = sum(tally.invite_outcomes[outcome] for outcome in _REACHED)
        found.append(Metric("NER", N_("Network Effectiveness Ratio"), VARIANTS["ner"], reached,
                            sum(tally.invite_outcomes.values()), None, None, "ner"))
    return found


@dataclass(frozen=True)
class Delay:
    """A delay metric: how many were measured and their mean, median, 95th percentile (nearest rank) and largest
    value, in milliseconds to the microsecond (None when none was measured), and where it is defined."""

    name: str
    title: str
    definition: str
    count: int
    mean: float | None
    median: float | None
    p95: float | None
    maximum: float | None
    rfc: int
    section: str

    def to_dict(self) -> dict[str, object]:
        return {"name": self.name, "count": self.count, "unit": "ms", "mean": self.mean, "median": self.median,
                "p95": self.p95, "max": self.maximum, "reference": {"rfc": self.rfc, "section": self.section}}


def _percentile(values: list[tuple[int, int]], total: int, fraction: float) -> float:
    """The nearest-rank percentile of a sorted (value, count) list holding `total` values."""
    rank = max(1, math.ceil(fraction * total - 1e-9))
    seen = 0
    for value, count in values:
        seen += count
        if seen >= rank:
            return float(value)
    return float(values[-1][0])


def delays(tally: Tally) -> list[Delay]:
    """The RFC 6076 §4 delay metrics a capture shows: the Registration Request Delay (§4.1) where REGISTER
    traffic exists."""
    if not sum(tally.registrations.values()):
        return []
    counted = sorted(tally.registration_delays.items())
    count = sum(n for _, n in counted)
    stats = (None, None, None, None)
    if count:  # counted in microseconds, given in milliseconds
        stats = (round(sum(v * n for v, n in counted) / count / 1000, 3), _percentile(counted, count, 0.5) / 1000,
                 _percentile(counted, count, 0.95) / 1000, counted[-1][0] / 1000)
    return [Delay("RRD", N_("Registration Request Delay"),
                  N_("from the initial REGISTER request of a registration to the 200 OK that ends it, across "
                     "challenges (401, 402, 407) and answers recovered from (such as 423) when the request is sent "
                     "again within Timer F; successful registrations only"),
                  count, *stats, 6076, "4.1")]


def _iso(seconds: float | None) -> str | None:
    if seconds is None:
        return None
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def _codes(counter) -> dict[str, int]:
    return {str(code): counter[code] for code in sorted(counter, key=lambda c: (isinstance(c, str), c))}


def _nested(counter, inner_key=str) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = {}
    for (outer, inner), n in sorted(counter.items(), key=lambda item: (str(item[0][0]), str(item[0][1]))):
        out.setdefault(str(outer), {})[inner_key(inner)] = n
    return out


class Statistics:
    """Counts over many inputs (see `sipcodes.stats`). `to_dict()` gives the JSON documented in the README;
    `rows(by)` the table of one dimension; `metrics` the RFC 6076 ratios (and the variants asked for)."""

    def __init__(self, tally: Tally, *, by: str = "code", variants: tuple[str, ...] = ()) -> None:
        self.tally = tally
        self.by = by
        self.variants = variants
        self.metrics = metrics(tally, variants)
        self.delays = delays(tally)

    @property
    def errors(self) -> list[dict]:
        """The inputs that could not be read, each `{"input", "error"}`, in input order."""
        return self.tally.errors

    @property
    def counted_inputs(self) -> int:
        """How many input files (or URLs) were counted; a file counted in byte ranges is one."""
        failed = {one["input"] for one in self.tally.errors}
        return len({one["input"] for one in self.tally.inputs} - failed)

    def to_dict(self) -> dict[str, object]:
        t = self.tally
        peers: dict[str, dict[str, object]] = {}
        for peer, outcomes in _nested(t.peers).items():
            peers[peer] = {"calls": sum(outcomes.values()), "outcomes": outcomes, "final_codes": {}}
        for peer, codes in _nested(t.peer_codes).items():
            peers.setdefault(peer, {"calls": 0, "outcomes": {}, "final_codes": {}})["final_codes"] = dict(
                sorted(codes.items(), key=lambda item: int(item[0])))
        hours = {hour: {"calls": sum(outcomes.values()), "outcomes": outcomes}
                 for hour, outcomes in _nested(t.hours).items()}
        by_method: dict[str, dict[str, int]] = {}
        for (method, code), n in sorted(t.responses_by_method.items()):
            by_method.setdefault(method, {})[str(code)] = n
        return {
            "schema": SCHEMA_VERSION,
            "options": {"by": self.by, "variants": list(self.variants)},
            "inputs": [dict(one) for one in t.inputs],
            "errors": [dict(one) for one in t.errors],
            "packets": t.packets,
            "messages": t.messages,
            "skipped": dict(sorted(t.skipped.items())),
            "time": {"first": _iso(t.first_time), "last": _iso(t.last_time)},
            "requests": dict(sorted(t.requests.items())),
            "responses": _codes(t.responses),
            "responses_by_method": by_method,
            "retransmissions": {"requests": t.retransmissions["requests"],
                                "responses": t.retransmissions["responses"]},
            "calls": {"total": t.calls, "outcomes": dict(sorted(t.outcomes.items())),
                      "invite_outcomes": dict(sorted(t.invite_outcomes.items())),
                      "final_codes": _codes(t.final_codes)},
            "peers": peers,
            "hours": hours,
            "session_setup": {"attempts": sum(t.setup.values()), "challenged": t.challenged,
                              **dict(sorted(t.setup.items()))},
            "registrations": _codes(t.registrations),
            "metrics": [m.to_dict() for m in self.metrics],
            "delays": [d.to_dict() for d in self.delays],
            "samples": {str(code): {"input": path, "call_id": call_id}
                        for code, (path, call_id) in sorted(t.samples.items())},
        }

    def rows(self, by: str | None = None) -> tuple[list[str], list[list[object]]]:
        """(column names, rows) of the table `by` (`code`, `outcome`, `peer` or `hour`) for CSV and Parquet."""
        by = by or self.by
        t = self.tally
        if by == "code":
            from .. import calls as _calls

            codes = sorted(set(t.responses) | set(t.final_codes))
            return (["code", "responses", "final_calls", "outcome", "session_setup"],
                    [[code, t.responses[code], t.final_codes[code],
                      _calls.code_outcome(code) if code >= 200 else "",
                      _setup(code) if code >= 200 else ""] for code in codes])
        if by == "outcome":
            return ["outcome", "calls"], [[outcome, n] for outcome, n in sorted(t.outcomes.items())]
        counter = t.peers if by == "peer" else t.hours
        return ([by, "outcome", "calls"],
                [[key, outcome, n] for (key, outcome), n in sorted(counter.items())])


def _setup(code: int) -> str:
    from ._tally import session_setup

    return session_setup(code)

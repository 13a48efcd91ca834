"""Counting one input: its messages grouped into calls (by `calls.Grouper`), then reduced to counters that add up
across inputs. A `Tally` is small (counters and one sample Call-ID per code), picklable, and merged by `merge`.

This is the work a worker process or a Dask worker does for one file; nothing here writes or prints.
"""

from __future__ import annotations

import functools
import gc
import os
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

from .. import calls as _calls
from .. import capture

#: Reasons for skipping that mean the input is damaged (the same set `explain` warns about).
from ..explain import DAMAGE


@dataclass
class Tally:
    """What the inputs counted so far hold. Every field adds up across inputs (see `merge`).

    Codes are ints; methods are as written in the messages; calls are keyed by their outcome. `setup` counts
    INVITE requests outside a dialog by the `session_setup` fact of their final response (`timed-out` when the
    INVITE ran out of time in the capture, see `calls.timed_out`; `none` when it has no final response otherwise),
    `challenged` how many of those were answered with 401, 402 or 407; `registrations` counts REGISTER requests by
    final code (or `timed-out`, `none`).
    """

    inputs: list[dict] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    packets: int = 0
    messages: int = 0
    skipped: Counter = field(default_factory=Counter)
    requests: Counter = field(default_factory=Counter)
    responses: Counter = field(default_factory=Counter)
    responses_by_method: Counter = field(default_factory=Counter)
    retransmissions: Counter = field(default_factory=Counter)
    calls: int = 0
    outcomes: Counter = field(default_factory=Counter)
    #: outcomes of the calls whose main request is an INVITE
    invite_outcomes: Counter = field(default_factory=Counter)
    final_codes: Counter = field(default_factory=Counter)
    peers: Counter = field(default_factory=Counter)
    peer_codes: Counter = field(default_factory=Counter)
    hours: Counter = field(default_factory=Counter)
    setup: Counter = field(default_factory=Counter)
    challenged: int = 0
    registrations: Counter = field(default_factory=Counter)
    #: Registration Request Delays (RFC 6076 §4.1), in whole microseconds -> how many
    registration_delays: Counter = field(default_factory=Counter)
    #: code -> [input, Call-ID] of the first call that ended with that code (a failure to explain as an example)
    samples: dict = field(default_factory=dict)
    first_time: float | None = None
    last_time: float | None = None
    #: peak resident memory of the process that counted each input, in kB (not part of the results)
    peak_rss_kb: int = 0
    #: Call-ID -> [input, Call] for calls that may go on in the next input (see `_may_continue`); their
    #: messages are counted, the calls themselves only when the inputs are merged
    pending: dict = field(default_factory=dict)


def merge(tallies: list[Tally]) -> Tally:
    """One tally of all of `tallies`, in their order (so that the same inputs always give the same result)."""
    total = Tally()
    carried: dict[str, list] = {}
    for one in tallies:
        total.inputs += one.inputs
        total.errors += one.errors
        total.packets += one.packets
        total.messages += one.messages
        total.calls += one.calls
        total.challenged += one.challenged
        for name in ("skipped", "requests", "responses", "responses_by_method", "retransmissions", "outcomes",
                     "invite_outcomes",
                     "final_codes", "peers", "peer_codes", "hours", "setup", "registrations",
                     "registration_delays"):
            getattr(total, name).update(getattr(one, name))
        for code, sample in one.samples.items():
            total.samples.setdefault(code, sample)
        if one.first_time is not None and (total.first_time is None or one.first_time < total.first_time):
            total.first_time = one.first_time
        if one.last_time is not None and (total.last_time is None or one.last_time > total.last_time):
            total.last_time = one.last_time
        total.peak_rss_kb = max(total.peak_rss_kb, one.peak_rss_kb)
        for call_id, (path, call) in one.pending.items():
            earlier = carried.get(call_id)
            if earlier is None:
                carried[call_id] = [path, call]
            else:
                _join(earlier[1], call)
    # the calls that went on across inputs (and those that might have), each counted once, as a whole
    if carried:
        _count_calls(total, [call for _, call in carried.values()], [path for path, _ in carried.values()],
                     total.last_time)
    return total


def _join(call: _calls.Call, later: _calls.Call) -> None:
    """Add to `call` what a later input captured of the same call: its ladder lines, and its transactions, joined
    with those already begun (the same key as `calls.Grouper`: branch, CSeq number and method). A message
    retransmitted across the boundary of two inputs is counted once in each."""
    call.seen.extend(later.seen)
    if later.last_time is not None or call.last_time is None:
        call.last_time = later.last_time
    known = {(t.branch, t.cseq_number, t.method): t for t in call.transactions}
    for t in later.transactions:
        before = known.get((t.branch, t.cseq_number, t.method))
        if before is None:
            call.transactions.append(t)
            known[(t.branch, t.cseq_number, t.method)] = t
            continue
        if t.has_request and not before.has_request:
            before.has_request, before.initial, before.request = True, t.initial, t.request
        before.responses.extend(t.responses)
        before.notable.extend(t.notable)
        if before.final_status is None and t.final_status is not None:
            before.final_status, before.final_reason = t.final_status, t.final_reason
            before.final_time, before.final = t.final_time, t.final
    call.from_ = call.from_ or later.from_
    call.to = call.to or later.to


@functools.lru_cache(maxsize=None)
def session_setup(status: int) -> str:
    """The catalog's `session_setup` fact for a final status code. RFC 6076 names the codes of each part of its
    session metrics (§4.8's as a guideline), so a code the catalog lacks is an attempt only, except that every 3xx
    is a redirection (§4.6)."""
    from .. import catalog
    from ..errors import UnknownCode

    try:
        return catalog.get(status).session_setup or "attempt"
    except UnknownCode:
        return "redirected" if 300 <= status < 400 else "attempt"


@functools.lru_cache(maxsize=None)
def registration(status: int) -> str:
    """The catalog's `registration` fact for a final status code; for a code the catalog lacks, the rule of
    RFC 6076 §4.1-4.2 by number and class (any other 4xx, 5xx or 6xx is an ineffective attempt)."""
    from .. import catalog
    from ..catalog._load import registration_class
    from ..errors import UnknownCode

    try:
        return catalog.get(status).registration or registration_class(status)
    except UnknownCode:
        return registration_class(status)


def _registration_delays(transactions: list[_calls.Transaction]) -> list[float]:
    """RFC 6076 §4.1: for each registration that succeeded, the time from its initial REGISTER request to the 200
    OK that ended it. A registration spans the requests sent again after an answer that is not the end of it (a
    challenge, 401, 402 or 407; or one recovered from, such as 423 or a 3xx: RFC 6076 §4 measures across
    recovery) when the next REGISTER follows that answer within Timer F; it ends at its 200 OK, or unmeasured when
    a request was not captured, went unanswered, or was not followed up in time."""
    delays = []
    start = answered = None
    for t in transactions:
        if t.method != "REGISTER":
            continue
        sent = t.request_time
        if not t.has_request or sent is None:
            start = answered = None  # a request the capture missed: the registration cannot be timed
            continue
        if start is None or answered is None or sent - answered > _calls.TIMER_F:
            start = sent  # a registration begins
        if t.final_status is None or t.final_time is None:
            start = answered = None
        elif registration(t.final_status) == "registered":
            delays.append(t.final_time - start)
            start = answered = None
        else:
            answered = t.final_time
    return delays


def _hour_label(hour: int | None) -> str:
    """The label of an hour counted from the epoch (a call's start time // 3600), in UTC."""
    if hour is None:
        return "unknown"
    return time.strftime("%Y-%m-%dT%H:00Z", time.gmtime(hour * 3600))


def _open(path: str):
    """A local path as it is; a URL (s3://, gs://, http://…) through fsspec, which must then be installed."""
    if "://" not in path or path.startswith("file://"):
        return path[7:] if path.startswith("file://") else path
    try:
        import fsspec
    except ImportError:
        raise capture.CaptureError("reading a URL needs fsspec (pip install 'sipcodes[distributed]')") from None
    return fsspec.open(path, "rb").open()


def tally_input(part: str | tuple[str, int, int]) -> Tally:
    """Count one input: a path or URL, or `(path, start, end)`, a byte range of a large pcap file (see
    `_ranges`). Never raises for bad input: an unreadable file, or one that is no capture or log, comes back as a
    tally with one entry in `errors` (and whatever its good part held, for a damaged capture)."""
    collecting = gc.isenabled()
    # grouping and counting make many small objects and no cycles (see explain): the collector would only rescan them
    gc.disable()
    try:
        return _tally(part)
    finally:
        if collecting:
            gc.enable()


def _tally(part: str | tuple[str, int, int]) -> Tally:
    tally = Tally()
    byte_range = None
    if isinstance(part, tuple):
        path, start, end = part
    else:
        path = part
    grouper = _calls.Grouper(ladder=False)  # counts only: no ladder kept per message
    read = capture.ReadStats()
    source = None
    try:
        if isinstance(part, tuple):
            from ._ranges import PcapRange

            source = PcapRange(path, start, end)
            byte_range = [source.start, source.end]
        else:
            source = _open(path)
        grouper.add_all(capture.read(source, stats=read, batched=True))
    except capture.CaptureError as error:
        tally.errors.append({"input": path, "error": str(error)})
    except (OSError, ValueError) as error:
        tally.errors.append({"input": path, "error": getattr(error, "strerror", None) or str(error)})
    finally:
        if source is not None and hasattr(source, "close"):
            source.close()
    if not tally.errors and grouper.messages == 0 and byte_range is None:  # a range may hold no SIP: see stats()
        tally.errors.append({"input": path, "error": f"no SIP message found ({read.packets} records read)"})
    if grouper.unreadable:
        read.skipped["sip-unreadable"] += grouper.unreadable
    damaged = sum(n for reason, n in read.skipped.items() if reason in DAMAGE)
    tally.inputs.append({"input": path, "range": byte_range, "format": read.format, "packets": read.packets,
                         "messages": grouper.messages, "skipped": sum(read.skipped.values()), "damaged": damaged,
                         "error": tally.errors[0]["error"] if tally.errors else None})
    tally.packets = read.packets
    tally.messages = grouper.messages
    tally.skipped.update(read.skipped)
    tally.first_time, tally.last_time = grouper.first_time, grouper.last_time
    end = grouper.last_time
    found = grouper.finish(classify=False)  # a call is classified by its shape below (or, if it goes on, when merged)
    _count_messages(tally, grouper.line_counts)
    table: dict[tuple, int] = {}
    ids = call_keys(found, end, table)
    shapes = [_shape(key) for key in table]
    ended, ended_ids = [], []
    for call, i in zip(found, ids):
        last = call.last_time
        recent = last is not None and end is not None and end - last < _ACK_WINDOW
        if shapes[i].may_continue[recent]:
            tally.pending[call.call_id] = [path, call]
        else:
            ended.append(call)
            ended_ids.append(i)
    _count_calls(tally, ended, path, end, (ended_ids, shapes))
    tally.peak_rss_kb = _peak_rss_kb()
    return tally


#: How long after a final response to an INVITE its ACK may still come (RFC 3261 §17.2.1: Timer H, 64 × T1).
_ACK_WINDOW = 32.0


def _may_continue(call: _calls.Call, recent: bool) -> bool:
    """Whether another input of a capture sequence may hold more of `call` (classified): its main request has no
    final response (the response, or the request first sent, may be in another input), its INVITE dialog is still
    up (answered, no BYE answered), its INVITE was refused and the ACK is not there yet while the call's last
    message came within Timer H of the input's end (`recent`), or it began before this input (its first message is
    a response or a request inside a dialog). Only calls in progress at the input's end or start are kept, so the
    pending calls stay few."""
    if call.main is None or call.main.final_status is None or not call.transactions:
        return True
    first = call.transactions[0]
    main = call.main
    if not (first.has_request and first.initial) or not main.has_request:
        return True
    if (main is not None and main.method == "INVITE" and main.final_status is not None
            and 200 <= main.final_status < 300
            and not any(t.method == "BYE" and t.final_status is not None for t in call.transactions)):
        return True
    if main is None or main.method != "INVITE" or main.final_status < 300:
        return False
    # a final non-2xx response to an INVITE is acknowledged by an ACK in the same transaction (RFC 3261 §17.1.1.3),
    # which can come until Timer H fires
    if any(t.method == "ACK" and t.branch == main.branch and t.cseq_number == main.cseq_number
           for t in call.transactions):
        return False
    return recent


def _python_call_keys(calls: list[_calls.Call], end: float | None, table: dict[tuple, int]) -> list[int]:
    """For each call, the id of its key in `table` ({key: id}, ids in the order keys were first met; new keys are
    added). A call's key is what counting it depends on, apart from its peer and its hour: per transaction, in
    order, its method, responses, `initial`, `has_request`, final status, whether its request is older than Timer F
    at the input's end `end` (None when that is not known), and the index of the first transaction with the same
    branch and CSeq number (the ACK of a refused INVITE shares them). Calls with equal keys are classified and
    counted alike."""
    timer = _calls.TIMER_F
    ids = []
    for call in calls:
        firsts: dict = {}
        key = []
        for i, t in enumerate(call.transactions):
            sent = t.request_time
            key.append((t.method, tuple(t.responses), t.initial, t.has_request, t.final_status,
                        None if sent is None or end is None else end - sent >= timer,
                        firsts.setdefault((t.branch, t.cseq_number), i)))
        ids.append(table.setdefault(tuple(key), len(table)))
    return ids


# Timer B and Timer F are equal (RFC 3261 §17.1.1.2, §17.1.2.2): one "older than the timer" flag serves both
if _calls.TIMER_B != _calls.TIMER_F:  # pragma: no cover - a guard for whoever changes one of them
    raise RuntimeError("call keys read one timer for Timer B and Timer F, which now differ")

try:
    from .._speedups import call_keys as _native_call_keys
except ImportError:  # built without a C compiler
    _native_call_keys = None


def call_keys(calls: list[_calls.Call], end: float | None, table: dict[tuple, int]) -> list[int]:
    """`_python_call_keys`, in C when the extension is there."""
    if _native_call_keys is None:
        return _python_call_keys(calls, end, table)
    return _native_call_keys(calls, end, _calls.TIMER_F, _calls.Call, _calls.Transaction, table)


class _Shape(NamedTuple):
    """How a call of a given key is classified and counted (see `_shape`)."""

    outcome: str
    method: str | None
    final: int | None
    #: per transaction: method, responses, initial, has_request, final status, timed out (no final, timer run out)
    transactions: tuple
    registers: bool
    #: whether the call may go on in the next input: [when its last message is not recent, when it is]
    may_continue: tuple[bool, bool]


@functools.lru_cache(maxsize=4096)
def _shape(key: tuple) -> _Shape:
    """The classification of every call with this key (`call_keys`), made by `calls.classify` and `_may_continue`
    on a call rebuilt from the key: times become 0 for the input's end and minus Timer F for a request older than
    it, so that the same timers decide; branches and CSeq numbers become the index of their first transaction."""
    call = _calls.Call("")
    for method, responses, initial, has_request, final, old, pair in key:
        call.transactions.append(_calls.Transaction(
            str(pair), pair, method, initial=initial, has_request=has_request, responses=list(responses),
            final_status=final, request_time=None if old is None else -_calls.TIMER_F if old else 0.0))
    _calls.classify(call, 0.0)
    transactions = tuple((t.method, tuple(t.responses), t.initial, t.has_request, t.final_status,
                          t.final_status is None and _calls.timed_out(t, 0.0)) for t in call.transactions)
    return _Shape(call.outcome, call.method, call.final_status, transactions,
                  any(t.method == "REGISTER" for t in call.transactions),
                  (_may_continue(call, False), _may_continue(call, True)))


def _count_messages(tally: Tally, lines: Counter) -> None:
    """The counts of single messages, as tshark counts them: per input, retransmissions included, from the
    grouper's counts of ladder lines by short start line (a few distinct ones however many messages)."""
    for (summary, retransmission), count in lines.items():
        if summary[:1].isdigit():
            tally.responses[int(summary[:3])] += count
            kind = "responses"
        else:
            tally.requests[summary.split(" ", 1)[0]] += count
            kind = "requests"
        if retransmission:
            tally.retransmissions[kind] += count


def _count_calls(tally: Tally, calls: list[_calls.Call], path: str | list[str], end: float | None,
                 known: tuple[list[int], list[_Shape]] | None = None) -> None:
    """The counts of whole calls: their outcomes, transactions, final responses, peers and hours (`path`: the input
    they come from, or one per call; `end`: when the capture ended, for requests that ran out of time; `known`: the
    calls' key ids and the shapes by id, when already made). Each call is reduced to its key, its peer and its
    hour; calls alike, most of a large capture, are counted together and classified once (`_shape`)."""
    if known is None:
        table: dict[tuple, int] = {}
        ids = call_keys(calls, end, table)
        shapes = [_shape(key) for key in table]
    else:
        ids, shapes = known
    alike: Counter = Counter()
    samples = tally.samples
    delays = tally.registration_delays
    for k, (call, i) in enumerate(zip(calls, ids)):
        seen = call.seen
        if seen:
            first = seen[0]
            start = first.time
            # the far end, seen from where the call began: where its first request went (or, when the input
            # begins with a response, where that response came from)
            peer = (first.src if first.summary[:1].isdigit() else first.dst) or "unknown"
            alike[(i, peer, None if start is None else int(start // 3600))] += 1
        else:
            alike[(i, "unknown", None)] += 1
        shape = shapes[i]
        final = shape.final
        if final is not None and final >= 300 and final not in samples:
            samples[final] = [path if isinstance(path, str) else path[k], call.call_id]
        if shape.registers:
            for delay in _registration_delays(call.transactions):
                delays[round(delay * 1_000_000)] += 1
    for (i, peer, hour), n in alike.items():
        outcome, method, final, transactions, _, _ = shapes[i]
        tally.calls += n
        tally.outcomes[outcome] += n
        if method == "INVITE":
            tally.invite_outcomes[outcome] += n
        for t_method, responses, initial, has_request, t_final, t_timed_out in transactions:
            for status in responses:
                tally.responses_by_method[(t_method, status)] += n
            # no final response: a timeout the capture shows (RFC 3261 §8.1.3.1 treats it as 408), or not known
            unanswered = "timed-out" if t_timed_out else "none"
            if t_method == "INVITE" and initial and has_request:
                tally.setup[session_setup(t_final) if t_final is not None else unanswered] += n
                if t_final in (401, 402, 407):
                    tally.challenged += n
            elif t_method == "REGISTER" and has_request:
                tally.registrations[t_final if t_final is not None else unanswered] += n
        tally.peers[(peer, outcome)] += n
        tally.hours[(_hour_label(hour), outcome)] += n
        if final is not None:
            tally.final_codes[final] += n
            tally.peer_codes[(peer, final)] += n


def _peak_rss_kb() -> int:
    try:
        import resource
    except ImportError:  # not on Windows
        return 0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def expand(paths: list[str]) -> list[str]:
    """Files and, recursively, the files in directories, in a stable order (as given; a directory's files sorted
    by path). URLs are kept as they are."""
    found: list[str] = []
    for path in paths:
        path = os.fspath(path)
        if "://" not in path and os.path.isdir(path):
            for root, dirs, files in os.walk(path):
                dirs.sort()
                found += [os.path.join(root, name) for name in sorted(files)]
        else:
            found.append(path)
    return found

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
from itertools import chain
from operator import itemgetter

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
    for path, call in carried.values():
        _calls.classify(call, total.last_time)
        _count_calls(total, [call], path, total.last_time)
    return total


def _join(call: _calls.Call, later: _calls.Call) -> None:
    """Add to `call` what a later input captured of the same call: its ladder lines, and its transactions, joined
    with those already begun (the same key as `calls.Grouper`: branch, CSeq number and method). A message
    retransmitted across the boundary of two inputs is counted once in each."""
    call.seen.extend(later.seen)
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


def _peer(call: _calls.Call) -> str:
    """The far end of a call seen from where it began: where its first request went (or, when the capture
    begins with a response, where that response came from)."""
    if not call.seen:
        return "unknown"
    first = call.seen[0]
    address = first.src if first.summary[:1].isdigit() else first.dst
    return address or "unknown"


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
    grouper = _calls.Grouper()
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
    found = grouper.finish()
    _count_messages(tally, found)
    ended = []
    for call in found:
        if _may_continue(call, end):
            tally.pending[call.call_id] = [path, call]
        else:
            ended.append(call)
    _count_calls(tally, ended, path, end)
    tally.peak_rss_kb = _peak_rss_kb()
    return tally


#: How long after a final response to an INVITE its ACK may still come (RFC 3261 §17.2.1: Timer H, 64 × T1).
_ACK_WINDOW = 32.0


def _may_continue(call: _calls.Call, end: float | None) -> bool:
    """Whether another input of a capture sequence may hold more of `call`: its main request has no final response
    (the response, or the request first sent, may be in another input), its INVITE dialog is still up (answered,
    no BYE answered), its INVITE was refused within Timer H of the input's end and the ACK is not there yet, or it
    began before this input (its first message is a response or a request inside a dialog). Only calls in progress
    at the input's end or start are kept, so the pending calls stay few."""
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
    last = call.seen[-1].time if call.seen else None
    return last is not None and end is not None and end - last < _ACK_WINDOW


def _count_messages(tally: Tally, calls: list[_calls.Call]) -> None:
    """The counts of single messages, as tshark counts them: per input, retransmissions included. Ladder lines
    are counted by their short start line first (a few distinct ones however many messages), then by kind."""
    lines = Counter(map(_SUMMARY_AND_REPEAT, chain.from_iterable(call.seen for call in calls)))
    for (summary, retransmission), count in lines.items():
        if summary[:1].isdigit():
            tally.responses[int(summary[:3])] += count
            kind = "responses"
        else:
            tally.requests[summary.split(" ", 1)[0]] += count
            kind = "requests"
        if retransmission:
            tally.retransmissions[kind] += count


_SUMMARY_AND_REPEAT = itemgetter(3, 4)  # a ladder line's summary and retransmission flag


def _count_calls(tally: Tally, calls: list[_calls.Call], path: str, end: float | None) -> None:
    """The counts of whole calls: their outcomes, transactions, final responses, peers and hours (`end`: when the
    capture ended, for requests that ran out of time). Each call is reduced to what its counts depend on (its
    shape); calls of one shape, most of a large capture, are counted together."""
    shapes: Counter = Counter()
    samples = tally.samples
    delays = tally.registration_delays
    timed_out = _calls.timed_out
    for call in calls:
        seen = call.seen
        start = seen[0].time if seen else None
        final = call.final_status
        transactions = []
        registers = False
        for t in call.transactions:
            method = t.method
            registers = registers or method == "REGISTER"
            transactions.append((method, tuple(t.responses), t.initial, t.has_request, t.final_status,
                                 t.final_status is None and timed_out(t, end)))
        shapes[(call.outcome, call.method, _peer(call), None if start is None else int(start // 3600), final,
                tuple(transactions))] += 1
        if final is not None and final >= 300 and final not in samples:
            samples[final] = [path, call.call_id]
        if registers:
            for delay in _registration_delays(call.transactions):
                delays[round(delay * 1_000_000)] += 1
    for (outcome, method, peer, hour, final, transactions), n in shapes.items():
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

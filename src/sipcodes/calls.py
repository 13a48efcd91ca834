"""Groups the SIP messages of a capture into calls (by Call-ID) and transactions, and says how each call ended.

    >>> from sipcodes import calls, capture
    >>> for call in calls.group(capture.read("trace.pcap")):
    ...     print(call.call_id, call.outcome, call.final_status)

A transaction is keyed by the topmost Via branch and the CSeq (RFC 3261 §17.1.3, §17.2.3). A message already seen
on the same hop (same source, destination, start line, branch, CSeq and To tag) is a retransmission: it stays in
the call's ladder, marked, and is never counted twice. The outcome of a call comes from the catalog's `outcome`
fact for the final response of its main transaction or, without one, from what the capture shows.

Memory stays small on large captures: per message only its ladder line is kept; the bytes of a request are kept
until its transaction ends with a 2xx, and those of a final non-2xx response are kept, because they are what
`explain` reads.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from . import sip
from .capture import CapturedMessage

try:
    # `Grouper.add` in C for the plain messages of a large capture (see `Grouper.add_all`), and the hop key both
    # ways of grouping must share
    from ._speedups import group as _native_group
    from ._speedups import HopSet as _HopSet
    from ._speedups import hop_key as _native_hop_key
except ImportError:  # built without a C compiler
    _native_group = _native_hop_key = None
    _HopSet = set

#: RFC 3261 §17.1.1.2: Timer B, 64 × T1 (T1 = 500 ms), after which a client gives up on an INVITE that got no
#: response at all; §17.1.2.2: Timer F, as long, after which it gives up on any other request that got no final
#: response (a provisional one does not stop it).
TIMER_B = TIMER_F = 32.0


def timed_out(transaction: Transaction, capture_end: float | None) -> bool:
    """Whether a client transaction ran out of time in the capture: it has no final response, and the capture went
    on for Timer B after an INVITE that got no response at all, or for Timer F after another request. RFC 3261
    §8.1.3.1 has the client treat that as a 408."""
    sent = transaction.request_time
    if transaction.final_status is not None or sent is None or capture_end is None:
        return False
    if transaction.method == "INVITE":
        return not transaction.responses and capture_end - sent >= TIMER_B
    return transaction.method != "ACK" and capture_end - sent >= TIMER_F

#: Provisional responses explained even without telling header fields: a call forwarded (181) or queued (182),
#: and an early dialog ended by a fork (199, RFC 6228); other provisional responses are explained when they
#: carry a Reason or Warning header field.
NOTABLE_PROVISIONAL = frozenset({181, 182, 199})
_TELLING = re.compile(rb"\n(?:reason|warning)[ \t]*:", re.I)

#: Methods a call's outcome can be about, preferred in this order when one Call-ID holds several.
_MAIN_METHODS = ("INVITE", "REGISTER", "SUBSCRIBE", "REFER", "MESSAGE", "OPTIONS", "PUBLISH", "NOTIFY", "INFO",
                 "UPDATE", "PRACK", "BYE")


class Seen(NamedTuple):
    """One line of a call's ladder: when, from where to where, the start line in short, and whether it repeats
    a message already seen on that hop."""

    time: float | None
    src: str
    dst: str
    summary: str
    retransmission: bool

    def to_dict(self) -> dict[str, object]:
        return {"time": self.time, "src": self.src, "dst": self.dst, "summary": self.summary,
                "retransmission": self.retransmission}


#: builds a Seen from a tuple of its fields without the Python-level constructor (a third of grouping's time)
_seen = functools.partial(tuple.__new__, Seen)


@dataclass(eq=False, slots=True)
class Transaction:
    """A request and the responses to it, as far as they were captured.

    `request` holds the request's bytes (None when it was not captured, once a 2xx has answered it, and for an
    ACK, which is never answered);
    `responses` the status codes in the order seen, without retransmissions; `final` the bytes of the first
    final response when it is not a 2xx. Both keep the start line and header fields only.
    """

    branch: str | None
    cseq_number: int
    method: str
    initial: bool = True
    request: bytes | None = None
    responses: list[int] = field(default_factory=list)
    final_status: int | None = None
    final_reason: str = ""
    final: bytes | None = None
    #: when the final response was captured (None for inputs without times)
    final_time: float | None = None
    #: whether a request was captured at all (its bytes may since have been let go)
    has_request: bool = False
    #: when the request was first captured (None when it was not, or the input has no times)
    request_time: float | None = None
    #: provisional responses worth explaining: (status, reason, bytes without the body, time captured)
    notable: list[tuple[int, str, bytes, float | None]] = field(default_factory=list)


@dataclass(eq=False, slots=True)
class Call:
    """Every message with one Call-ID, in capture order, with its transactions and how the call ended."""

    call_id: str
    from_: str = ""
    to: str = ""
    seen: list[Seen] = field(default_factory=list)
    transactions: list[Transaction] = field(default_factory=list)
    outcome: str = "unfinished"
    main: Transaction | None = None
    #: when the latest message was captured (None for inputs without times)
    last_time: float | None = None

    @property
    def method(self) -> str | None:
        """The method of the transaction the outcome is about."""
        return self.main.method if self.main else None

    @property
    def final_status(self) -> int | None:
        return self.main.final_status if self.main else None

    @property
    def final_reason(self) -> str:
        return self.main.final_reason if self.main else ""

    @property
    def retransmissions(self) -> int:
        return sum(1 for line in self.seen if line.retransmission)

    def explained_responses(self) -> list[tuple[Transaction, int, str, bytes, float | None]]:
        """Every response worth a finding, in order: per transaction its notable provisional responses, then its
        final response when that is not a 2xx: (transaction, status, reason, bytes, time)."""
        found = []
        for t in self.transactions:
            found += [(t, *notable) for notable in t.notable]
            if t.final_status is not None and t.final_status >= 300 and t.final is not None:
                found.append((t, t.final_status, t.final_reason, t.final, t.final_time))
        return found

    def failed_transactions(self) -> list[Transaction]:
        """Transactions that ended with a final response other than 2xx, in the order they began."""
        return [t for t in self.transactions if t.final_status is not None and t.final_status >= 300]


class Grouper:
    """Takes messages one by one (`add`) and holds the calls they make up; `finish` classifies them.

    Messages that are not SIP, or have no Call-ID, are counted in `unreadable` and left out.

    With `ladder=False` (for counting, where no call is drawn or explained) a call keeps only the first line of its
    ladder and no message's bytes (`request`, `final` and `notable` stay empty), and `line_counts` counts the
    lines of all calls instead: {(summary, retransmission): how many}.
    """

    def __init__(self, ladder: bool = True) -> None:
        self.ladder = ladder
        self.line_counts: Counter[tuple[str, bool]] = Counter()
        self.calls: dict[str, Call] = {}
        # while messages come in: the hops seen (for retransmissions), as hashes of the Call-ID and the fields that
        # tell a message apart on its hop, and the transactions by Call-ID, branch, CSeq number and method (one
        # table each for all calls: a set and a dict per call would take several times the memory)
        self._hops: set[int] = _HopSet()
        self._transactions: dict[tuple, Transaction] = {}
        self._names: dict[str, str] = {}
        self._summaries: dict[tuple, str] = {}
        self.first_time: float | None = None
        self.last_time: float | None = None
        self.messages = 0
        self.unreadable = 0

    def _name(self, text: str) -> str:
        """One shared copy of each address and each short start line, however many messages repeat it."""
        return self._names.setdefault(text, text)

    def add(self, record: CapturedMessage) -> None:
        time, src, dst, _, data = record
        try:
            brief = sip.read_brief(data)
        except sip.MessageError:
            self.unreadable += 1
            return
        status, reason, method, uri, call_id, cseq, cseq_number, cseq_method, branch, to_tag, from_, to = brief
        if not call_id:
            self.unreadable += 1
            return
        self.messages += 1
        if time is not None:
            if self.first_time is None or time < self.first_time:
                self.first_time = time
            if self.last_time is None or time > self.last_time:
                self.last_time = time
        call = self.calls.get(call_id)
        if call is None:
            call = self.calls[call_id] = Call(call_id, from_, to)
        call_id = call.call_id  # one copy, shared by the keys below
        # the ladder's short start line, made once per distinct line
        line: object = status if status else (method, uri)
        summary = self._summaries.get((line, reason))
        if summary is None:
            text = f"{status} {reason}".rstrip() if status else f"{method} {uri}"
            summary = self._summaries[(line, reason)] = self._name(text)
        names = self._names
        src = names.setdefault(src, src)
        dst = names.setdefault(dst, dst)
        hops = self._hops
        if _native_hop_key is not None:
            hop = _native_hop_key(call_id, src, dst, status, method, uri, branch, cseq, to_tag)
        else:
            hop = hash((call_id, src, dst, line, branch, cseq, to_tag))
        repeated = hop in hops
        hops.add(hop)
        if self.ladder or not call.seen:
            call.seen.append(_seen((time, src, dst, summary, repeated)))
        if not self.ladder:
            self.line_counts[(summary, repeated)] += 1
        call.last_time = time
        if repeated:
            return
        # CANCEL, and the ACK of a non-2xx response, share the INVITE's branch but are transactions of their own
        key = (call_id, branch, cseq_number, cseq_method)
        transactions = self._transactions
        transaction = transactions.get(key)
        if transaction is None:
            cseq_method = names.setdefault(cseq_method, cseq_method)
            transaction = transactions[key] = Transaction(branch, cseq_number, cseq_method)
            call.transactions.append(transaction)
        if not status:
            if not transaction.has_request:
                transaction.has_request = True
                transaction.request_time = time
                transaction.initial = to_tag is None
                # kept for explaining a failure (not when only counting); an ACK is never answered (RFC 3261
                # §17.1.1.3), so its bytes go
                if self.ladder and transaction.method != "ACK" and (transaction.final_status is None
                                                                    or transaction.final_status >= 300):
                    transaction.request = _head(data)
            return
        transaction.responses.append(status)
        reason = names.setdefault(reason, reason)
        if self.ladder and 100 < status < 200 and (status in NOTABLE_PROVISIONAL or _telling(data)):
            transaction.notable.append((status, reason, _head(data), time))
        if status >= 200 and transaction.final_status is None:
            transaction.final_status = status
            transaction.final_reason = reason
            transaction.final_time = time
            if status >= 300:
                if self.ladder:
                    transaction.final = _head(data)
            else:
                transaction.request = None

    def add_all(self, records: Iterable[CapturedMessage | list[CapturedMessage]]) -> None:
        """`add` every record, in order; records may also come in lists (`capture.read(..., batched=True)`). With
        the native extension the plain messages are grouped in C, with the same result as `add` (which still
        takes every other message)."""
        if _native_group is not None:
            _native_group(self, records, Call, Transaction, Seen, NOTABLE_PROVISIONAL)
            return
        add = self.add
        for record in records:
            if type(record) is list:
                for one in record:
                    add(one)
            else:
                add(record)

    def finish(self, classify: bool = True) -> list[Call]:
        """The calls in order of their first message, each classified (see `classify`) unless told not to."""
        calls = list(self.calls.values())
        self._hops.clear()  # needed only while messages come in
        self._transactions.clear()
        if classify:
            for call in calls:
                _classify(call, self.last_time)
        return calls


def _telling(data: bytes) -> bool:
    """Whether a message's header section (its first 4 KiB) has a Reason or Warning header field."""
    head = data[:4096].lower()
    if b"\nreason" not in head and b"\nwarning" not in head:
        return False  # the common case, decided without the pattern
    return _TELLING.search(head) is not None


def _head(data: bytes) -> bytes:
    """The start line and header fields of a message, without its body: all that explaining it reads, and much
    smaller when an SDP offer rides on the INVITE."""
    end = data.find(b"\r\n\r\n")
    return data if end < 0 else data[:end + 4]


def group(messages: Iterable[CapturedMessage]) -> list[Call]:
    """Group captured messages into classified calls, in the order of each call's first message."""
    grouper = Grouper()
    grouper.add_all(messages)
    return grouper.finish()


def main_transaction(call: Call) -> Transaction | None:
    """The transaction a call's outcome is about: the last one outside a dialog of the preferred method (INVITE
    first, then REGISTER…), or failing that the last transaction that is not an ACK or CANCEL."""
    best = None
    for outside_only in (True, False):
        rank = len(_MAIN_METHODS) + 1
        for t in call.transactions:
            method = t.method
            if method == "ACK" or method == "CANCEL" or (outside_only and not t.initial):
                continue
            # a later transaction of the same rank wins; methods not in the list share the lowest rank
            mine = _RANK.get(method, len(_MAIN_METHODS))
            if mine <= rank:
                best, rank = t, mine
        if best is not None:
            return best
    return None


_RANK = {method: i for i, method in enumerate(_MAIN_METHODS)}


@functools.lru_cache(maxsize=None)
def code_outcome(status: int) -> str:
    """The catalog's `outcome` fact for a final status code; a code the catalog lacks is treated as the x00 code
    of its class, as RFC 3261 §8.1.3.2 tells a client to treat an unknown code."""
    from . import catalog
    from .errors import UnknownCode

    for code in (status, status // 100 * 100):
        try:
            outcome = catalog.get(code).outcome
        except UnknownCode:
            continue
        if outcome:
            return outcome
    return "unfinished"


def classify(call: Call, capture_end: float | None = None) -> None:
    """Set `call.main` and `call.outcome` from the call's transactions.

    The final response of the main transaction decides, through the catalog's `outcome` fact; a 2xx after a 401
    or 407 to an earlier request of the same method is "challenged-then-answered". Without a final response, a
    CANCEL makes it "cancelled"; a request that ran out of time in the capture (`timed_out`: Timer B for an INVITE
    that got no response at all, Timer F for another request) is "timed-out"; anything else is "unfinished" (the
    capture stopped first).
    """
    main = call.main = main_transaction(call)
    if main is None:
        call.outcome = "unfinished"
        return
    if main.final_status is not None:
        outcome = code_outcome(main.final_status)
        if outcome == "answered" and any(
                t is not main and t.method == main.method and t.final_status in (401, 407)
                for t in call.transactions):
            outcome = "challenged-then-answered"
        call.outcome = outcome
        return
    if any(t.method == "CANCEL" for t in call.transactions):
        call.outcome = "cancelled"
        return
    if timed_out(main, capture_end):
        call.outcome = "timed-out"
        return
    call.outcome = "unfinished"


_classify = classify  # for Grouper.finish, whose argument has the same name

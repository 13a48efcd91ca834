"""The records a capture yields, the counters kept while reading it, and the one error a bad input raises."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple


class CaptureError(Exception):
    """The input is no capture this package can read (or no readable input at all); the message is one line."""


class CapturedMessage(NamedTuple):
    """One whole SIP message seen in a capture or a text log.

    ``time`` is seconds since the epoch (for TCP, the time of the segment that completed the message), or None
    for a message from a text log that gives no date (bare SIP text, a time of day only, a date without a year);
    ``src`` and ``dst`` are ``"ip:port"`` with IPv6 addresses in brackets, or ``""`` when a text log does not
    say; ``transport`` is ``"udp"`` or ``"tcp"`` (``"sctp"`` or ``"hep"`` for HEP records whose transport is
    another or unknown; for text logs, the log's own lower-cased name such as ``"tls"`` or ``"wss"``, or ``""``
    when it does not say); ``data`` is the message's bytes, with CRLF line ends for text logs.
    """

    time: float | None
    src: str
    dst: str
    transport: str
    data: bytes


@dataclass
class ReadStats:
    """What a read saw: ``format`` detected, ``packets`` (records) read, ``messages`` yielded, and ``skipped``.

    ``skipped`` counts packets by reason, except these, which count messages or events: ``tcp-incomplete-message``
    (a message whose end never arrived), ``tcp-partial-message`` (the tail of a message whose start was not
    captured), ``tcp-oversized-message``, ``tcp-gap`` (a hole in a stream given up on), ``tcp-not-sip-stream`` (a
    stream that is not SIP; its later segments count as ``tcp-not-sip``) and ``truncated-file`` (the input ends
    inside a record or its compression is damaged). For text logs, ``packets`` counts the messages begun and
    ``skipped`` counts ``text-not-sip-line`` (lines), ``text-long-line``, ``text-unreadable-message`` and
    ``text-oversized-message`` (messages); see :mod:`sipcodes.capture._text`.
    """

    format: str = ""
    packets: int = 0
    messages: int = 0
    skipped: Counter[str] = field(default_factory=Counter)

"""Reads captures (pcap, pcapng, HEPv3) and text logs of SIP messages (bare SIP text, Asterisk, FreeSWITCH,
Kamailio, sngrep; all gzip'd or not) and yields the SIP messages in them, one record each.

    >>> from sipcodes.capture import read, ReadStats
    >>> stats = ReadStats()
    >>> for message in read("trace.pcapng", stats=stats):
    ...     print(message.time, message.src, message.dst, message.transport, len(message.data))

Pure reading: file objects in, records out. Inputs are streamed, never read whole into memory.
"""

from __future__ import annotations

from collections.abc import Iterator

from ._detect import detect_head
from ._hep import read_hep
from ._model import CaptureError, CapturedMessage, ReadStats
from ._packets import messages_from_frames
from ._pcap import read_pcap
from ._pcapng import read_pcapng
from ._source import HEAD_SIZE, Opened, Source, open_source
from ._text import detect_text, no_sip_message, read_text

__all__ = ["CaptureError", "CapturedMessage", "ReadStats", "detect", "read"]


def detect(source: Source) -> str:
    """The format of ``source`` judged by its content: ``"pcap"``, ``"pcapng"``, ``"hep"`` or ``"text"``.

    gzip'd input is looked into. Raises :class:`CaptureError` when it is none of them (or empty, or unreadable).
    A file object is left read past its first bytes.
    """
    opened = open_source(source)
    try:
        return detect_head(opened.head)
    finally:
        opened.close()


def read(source: Source, *, stats: ReadStats | None = None, batched: bool = False) -> Iterator[CapturedMessage]:
    """Yield every SIP message in ``source`` (a path, bytes, or binary file object) in capture order.

    The format is detected first (so a bad input raises :class:`CaptureError` at the call, before iteration).
    A text input is read as one of the text formats, judged by its content: ``stats.format`` is then
    ``"text-sip"`` (bare SIP messages), ``"asterisk"``, ``"freeswitch"``, ``"kamailio"`` or ``"sngrep"``; a text
    with no SIP message raises :class:`CaptureError` (at the call when its first 64 KiB show none and it ends
    there, else when iteration ends). Pass a :class:`ReadStats` to learn the format and what was skipped and why;
    a damaged or cut-off capture yields its good part and counts the damage there.

    With `batched`, runs of records may come as lists of them instead (where the native pcap reader decoded a
    whole chunk), for consumers that take both, such as `calls.Grouper.add_all`.
    """
    opened = open_source(source)
    try:
        kind = detect_head(opened.head)
    except CaptureError:
        opened.close()
        raise
    if kind == "text":
        text_format = detect_text(opened.head)
        if text_format is None:
            if len(opened.head) < HEAD_SIZE:  # the whole input was seen
                opened.close()
                raise CaptureError(no_sip_message("the text"))
            text_format = "text-sip"
        kind = text_format
    if stats is None:
        stats = ReadStats()
    stats.format = kind
    return _messages(opened, kind, stats, batched)


def _messages(opened: Opened, kind: str, stats: ReadStats, batched: bool) -> Iterator[CapturedMessage]:
    try:
        if kind == "pcap":
            yield from messages_from_frames(read_pcap(opened.head, opened.stream, stats, batched), stats)
        elif kind == "pcapng":
            yield from messages_from_frames(read_pcapng(opened.head, opened.stream, stats), stats)
        elif kind == "hep":
            yield from read_hep(opened.head, opened.stream, stats)
        else:
            yield from read_text(opened.head, opened.stream, stats, kind)
    except OSError as error:
        stats.skipped["read-error"] += 1
        raise CaptureError(f"reading the capture failed: {error}") from None
    finally:
        if opened.damaged:
            stats.skipped["truncated-file"] += 1
        opened.close()

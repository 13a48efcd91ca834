"""Reads captures (pcap, pcapng, HEPv3; gzip'd or not) and yields the SIP messages in them, one record each.

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
from ._source import Opened, Source, open_source

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


def read(source: Source, *, stats: ReadStats | None = None) -> Iterator[CapturedMessage]:
    """Yield every SIP message in ``source`` (a path, bytes, or binary file object) in capture order.

    The format is detected first (so a bad input raises :class:`CaptureError` at the call, before iteration);
    a text input yields nothing. Pass a :class:`ReadStats` to learn the format and what was skipped and why;
    a damaged or cut-off capture yields its good part and counts the damage there.
    """
    opened = open_source(source)
    try:
        kind = detect_head(opened.head)
    except CaptureError:
        opened.close()
        raise
    if stats is None:
        stats = ReadStats()
    stats.format = kind
    return _messages(opened, kind, stats)


def _messages(opened: Opened, kind: str, stats: ReadStats) -> Iterator[CapturedMessage]:
    try:
        if kind == "pcap":
            yield from messages_from_frames(read_pcap(opened.head, opened.stream, stats), stats)
        elif kind == "pcapng":
            yield from messages_from_frames(read_pcapng(opened.head, opened.stream, stats), stats)
        elif kind == "hep":
            yield from read_hep(opened.head, opened.stream, stats)
    except OSError as error:
        stats.skipped["read-error"] += 1
        raise CaptureError(f"reading the capture failed: {error}") from None
    finally:
        if opened.damaged:
            stats.skipped["truncated-file"] += 1
        opened.close()

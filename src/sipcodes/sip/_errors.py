"""The one exception the SIP parser raises: the bytes given are not a SIP message."""

from __future__ import annotations

from ..errors import SipcodesError


class MessageError(SipcodesError, ValueError):
    """The bytes are not a SIP message; the message says what is wrong, in one line.

    It is the only exception `parse` raises, whatever its input: a trace reader catches it, counts the frame as
    not SIP and goes on.
    """

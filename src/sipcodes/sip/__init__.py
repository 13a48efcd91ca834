"""Parsing one SIP message (RFC 3261): bytes in, a Request or Response out, no I/O.

    >>> from sipcodes import sip
    >>> msg = sip.parse(b"SIP/2.0 486 Busy Here\\r\\nCall-ID: a84b4c76e66710\\r\\nCSeq: 314159 INVITE\\r\\n\\r\\n")
    >>> msg.status, msg.reason, msg.call_id, msg.cseq.method
    (486, 'Busy Here', 'a84b4c76e66710', 'INVITE')

`parse` raises MessageError, and nothing else, for bytes that are not a SIP message. The header-value parsers
(addresses, parameters, Via, CSeq, authentication challenges) are exported for the evidence decoders that read
single header fields.
"""

from ._brief import Brief, brief, brief_of, read_brief
from ._challenge import Challenge, parse_challenge
from ._errors import MessageError
from ._headers import COMPACT_FORMS, LIST_HEADERS, Headers, canonical_name
from ._lists import split_list
from ._message import CSeq, Message, Request, Response, parse_cseq
from ._nameaddr import NameAddr, parse_name_addr
from ._params import parse_params, unquote
from ._reader import parse
from ._via import Via, parse_via

__all__ = [
    "Brief", "COMPACT_FORMS", "CSeq", "Challenge", "Headers", "LIST_HEADERS", "Message", "MessageError", "NameAddr",
    "Request", "Response", "Via", "brief", "brief_of", "canonical_name", "parse", "parse_challenge", "parse_cseq", "parse_name_addr",
    "parse_params", "parse_via", "read_brief", "split_list", "unquote",
]

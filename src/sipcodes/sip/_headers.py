"""Header field names and the ordered, case-insensitive header collection of one message.

Names are case-insensitive (RFC 3261 §7.3.1) and some have a one-letter compact form (RFC 3261 §7.3.3 and the
IANA "Header Fields" registry). Known names are stored in their canonical spelling, compact forms expanded;
unknown names are kept as written and matched case-insensitively.
"""

from __future__ import annotations

from collections.abc import Iterator

from ._lists import split_list

#: One-letter compact forms: RFC 3261 §7.3.3 (c, e, f, i, k, l, m, s, t, v) and the IANA registry (the others,
#: from RFC 3841, 3892, 3515, 4028, 4474/8224 and 6665).
COMPACT_FORMS: dict[str, str] = {
    "a": "Accept-Contact",
    "b": "Referred-By",
    "c": "Content-Type",
    "d": "Request-Disposition",
    "e": "Content-Encoding",
    "f": "From",
    "i": "Call-ID",
    "j": "Reject-Contact",
    "k": "Supported",
    "l": "Content-Length",
    "m": "Contact",
    "n": "Identity-Info",
    "o": "Event",
    "r": "Refer-To",
    "s": "Subject",
    "t": "To",
    "u": "Allow-Events",
    "v": "Via",
    "x": "Session-Expires",
    "y": "Identity",
}

_KNOWN = (
    "Accept", "Accept-Contact", "Accept-Encoding", "Accept-Language", "Accept-Resource-Priority", "Alert-Info",
    "Allow", "Allow-Events", "Answer-Mode", "Authentication-Info", "Authorization", "Call-ID", "Call-Info",
    "Contact", "Content-Disposition", "Content-Encoding", "Content-ID", "Content-Language", "Content-Length",
    "Content-Type", "CSeq", "Date", "Diversion", "Error-Info", "Event", "Expires", "Feature-Caps",
    "Geolocation", "Geolocation-Error", "Geolocation-Routing", "History-Info", "Identity", "Identity-Info",
    "In-Reply-To", "Max-Breadth", "Max-Forwards", "MIME-Version", "Min-Expires", "Min-SE", "Organization",
    "P-Asserted-Identity", "P-Associated-URI", "P-Called-Party-ID", "P-Charging-Vector",
    "P-Preferred-Identity", "P-Visited-Network-ID", "Path", "Permission-Missing", "Priority", "Privacy",
    "Proxy-Authenticate", "Proxy-Authorization", "Proxy-Require", "RAck", "Reason", "Record-Route",
    "Refer-Sub", "Refer-To", "Referred-By", "Reject-Contact", "Replaces", "Reply-To", "Request-Disposition",
    "Require", "Resource-Priority", "Retry-After", "Route", "RSeq", "Security-Client", "Security-Server",
    "Security-Verify", "Server", "Service-Route", "Session-Expires", "Session-ID", "SIP-ETag", "SIP-If-Match",
    "Subject", "Subscription-State", "Supported", "Timestamp", "To", "Trigger-Consent", "Unsupported",
    "User-Agent", "User-to-User", "Via", "Warning", "WWW-Authenticate",
)

#: Header fields whose grammar is a comma-separated list (RFC 3261 §7.3.1, §25.1 and the RFCs defining them):
#: only these are split at commas. Authorization, WWW-Authenticate, Date, Retry-After, From, To, Call-ID,
#: Refer-To, Identity and every unknown header field are not lists (or their values contain commas), so they
#: are never split.
LIST_HEADERS: frozenset[str] = frozenset(
    name.lower()
    for name in (
        "Accept", "Accept-Contact", "Accept-Encoding", "Accept-Language", "Accept-Resource-Priority",
        "Alert-Info", "Allow", "Allow-Events", "Call-Info", "Contact", "Content-Encoding", "Content-Language",
        "Diversion", "Error-Info", "Geolocation", "History-Info", "In-Reply-To", "P-Asserted-Identity",
        "P-Associated-URI", "P-Preferred-Identity", "P-Visited-Network-ID", "Path", "Permission-Missing",
        "Proxy-Require", "Reason", "Record-Route", "Reject-Contact", "Request-Disposition", "Require",
        "Resource-Priority", "Route", "Security-Client", "Security-Server", "Security-Verify", "Service-Route",
        "Supported", "Trigger-Consent", "Unsupported", "Via", "Warning",
    )
)

_CANONICAL: dict[str, str] = {name.lower(): name for name in _KNOWN}
_CANONICAL.update(COMPACT_FORMS)
# name as written on the wire -> (name to show, lower-case key); spellings repeat across a trace, so the cache
# saves a lower() and a lookup per header line. Bounded so hostile input cannot grow it without limit.
_SPELLINGS: dict[str, tuple[str, str]] = {}
_SPELLINGS_MAX = 4096


def canonical_name(name: str) -> str:
    """The canonical spelling of a header name: `"i"` → `"Call-ID"`, `"cseq"` → `"CSeq"`; unknown names as given."""
    name = name.strip()
    return _CANONICAL.get(name.lower(), name)


def name_and_key(name: str) -> tuple[str, str]:
    """(canonical spelling, lower-case key) for a header name as written on the wire (already stripped)."""
    hit = _SPELLINGS.get(name)
    if hit is None:
        canonical = _CANONICAL.get(name.lower(), name)
        hit = (canonical, canonical.lower())
        if len(_SPELLINGS) < _SPELLINGS_MAX:
            _SPELLINGS[name] = hit
    return hit


_KEYS: dict[str, str] = {}


def _key(name: str) -> str:
    """The index key for a header name asked for by a caller (any case, compact or full form)."""
    key = _KEYS.get(name)
    if key is None:
        lowered = name.strip().lower()
        key = _CANONICAL.get(lowered, lowered).lower()
        if len(_KEYS) < _SPELLINGS_MAX:
            _KEYS[name] = key
    return key


class Headers:
    """The header fields of one message, in order, read case-insensitively by canonical or compact name.

    `headers["f"]`, `headers["FROM"]` and `headers["From"]` are the same field. Each header line is one field;
    `get_all` also splits list-valued header fields at their commas.
    """

    __slots__ = ("_fields", "_index")

    def __init__(self, fields: list[tuple[str, str]], index: dict[str, list[str]]):
        self._fields = fields
        self._index = index

    @classmethod
    def from_pairs(cls, pairs: list[tuple[str, str]]) -> Headers:
        """A collection built from (name, value) pairs, names normalised as the parser does."""
        fields: list[tuple[str, str]] = []
        index: dict[str, list[str]] = {}
        for name, value in pairs:
            canonical, key = name_and_key(name.strip())
            fields.append((canonical, value))
            index.setdefault(key, []).append(value)
        return cls(fields, index)

    def get(self, name: str, default: str | None = None) -> str | None:
        """The value of the first line of header field `name`, or `default` when absent."""
        values = self._index.get(_key(name))
        return values[0] if values else default

    def __getitem__(self, name: str) -> str:
        values = self._index.get(_key(name))
        if not values:
            raise KeyError(name)
        return values[0]

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and _key(name) in self._index

    def get_lines(self, name: str) -> list[str]:
        """The value of every line of header field `name`, in order, unsplit (empty when absent)."""
        return list(self._index.get(_key(name), ()))

    def get_all(self, name: str) -> list[str]:
        """Every value of header field `name`: one per line, and for list-valued fields one per list element.

        Commas inside quoted strings or <…> do not split. Header fields whose grammar is not a list (see
        LIST_HEADERS) give one value per line.
        """
        key = _key(name)
        lines = self._index.get(key)
        if not lines:
            return []
        if key not in LIST_HEADERS:
            return list(lines)
        values: list[str] = []
        for line in lines:
            values.extend(split_list(line))
        return values

    def __iter__(self) -> Iterator[tuple[str, str]]:
        """(name, value) for each header line, in message order."""
        return iter(self._fields)

    def __len__(self) -> int:
        return len(self._fields)

    def names(self) -> list[str]:
        """The canonical names of the header fields present, in order of first appearance, without repeats."""
        return list(dict.fromkeys(name for name, _ in self._fields))

    def __repr__(self) -> str:
        return f"Headers({self._fields!r})"

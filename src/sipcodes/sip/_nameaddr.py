"""name-addr and addr-spec values (RFC 3261 §20.10, §25.1): From, To, Contact, Route, Reply-To, P-Asserted-Identity…

    "Alice" <sip:alice@example.com;transport=tcp> ;tag=1928301774
    Bob <sip:bob@example.org>
    sip:carol@example.net;tag=xyz

In the `<…>` form, parameters after `>` belong to the header field and parameters inside belong to the URI. In the
bare addr-spec form RFC 3261 §20.10 says every `;` parameter belongs to the header field, so the URI ends at the
first `;`.
"""

from __future__ import annotations

from typing import NamedTuple

from ._errors import MessageError
from ._params import parse_params, unquote


class NameAddr(NamedTuple):
    """One address: display name (None when absent, unquoted when quoted), URI, and header parameters."""

    display_name: str | None
    uri: str
    params: dict[str, str | None]

    @property
    def tag(self) -> str | None:
        """The `tag` parameter (RFC 3261 §19.3), None when absent."""
        return self.params.get("tag")


def _closing_quote(text: str) -> int:
    """Index of the quote that ends the quoted string opening at text[0], or -1."""
    i = 1
    n = len(text)
    while i < n:
        char = text[i]
        if char == "\\":
            i += 2
            continue
        if char == '"':
            return i
        i += 1
    return -1


def parse_name_addr(value: str) -> NameAddr:
    r"""The address in one name-addr or addr-spec value; raises MessageError when it cannot be read.

    Tolerant where traces need it: whitespace inside `<…>` around the URI is dropped, and a display name need
    not be separated from `<` by whitespace (RFC 4475 §3.1.1.6). The special Contact value `*` is returned with
    uri "*".

        >>> parse_name_addr('"Doe, \\"JD\\"" <sip:jd@example.com> ; tag = 98asjd8')
        NameAddr(display_name='Doe, "JD"', uri='sip:jd@example.com', params={'tag': '98asjd8'})
    """
    display, uri, params = _split(value)
    return NameAddr(unquote(display) if display is not None and display.startswith('"') else display, uri,
                    parse_params(params))


def name_addr_uri(value: str) -> str:
    """Only the URI of a name-addr or addr-spec value, as `parse_name_addr` reads it (without decoding the display
    name and parameters); raises MessageError when it cannot be read."""
    return _split(value)[1]


def _split(value: str) -> tuple[str | None, str, str]:
    """(display name as written, quotes included, or None; URI; the parameters' text) of an address."""
    text = value.strip()
    if not text:
        raise MessageError("empty address")
    display: str | None
    if text[0] == '"':
        end = _closing_quote(text)
        if end < 0:
            raise MessageError(f"unterminated quoted display name in {value.strip()!r}")
        display = text[: end + 1]
        rest = text[end + 1 :].lstrip()
        if not rest.startswith("<"):
            raise MessageError(f"a quoted display name must be followed by <URI> in {value.strip()!r}")
    else:
        angle = text.find("<")
        semi = text.find(";")
        if angle < 0 or (0 <= semi < angle):
            uri, _, params = text.partition(";")
            uri = uri.strip()
            if not uri:
                raise MessageError(f"no URI in {value.strip()!r}")
            return None, uri, params
        display = text[:angle].strip() or None
        rest = text[angle:]
    close = rest.find(">")
    if close < 0:
        raise MessageError(f"'<' without '>' in {value.strip()!r}")
    uri = rest[1:close].strip()
    if not uri:
        raise MessageError(f"empty <> in {value.strip()!r}")
    return display, uri, rest[close + 1 :]

"""Authentication challenges and credentials (RFC 3261 §20.27, §20.44, §25.1 `challenge`; RFC 7616; RFC 8760).

    Digest realm="atlanta.example.com", nonce="84a4cc6f3082121f32b42a2187831a9e", algorithm=SHA-256, stale=FALSE

A challenge is an auth scheme followed by comma-separated `name=value` parameters whose values may be quoted
strings containing commas. The same shape serves WWW-Authenticate, Proxy-Authenticate, Authorization and
Proxy-Authorization, which is why those header fields are never split at commas as lists are.
"""

from __future__ import annotations

from typing import NamedTuple

from ._errors import MessageError
from ._lists import split_outside_quotes
from ._params import unquote


class Challenge(NamedTuple):
    """An auth scheme (as written, e.g. "Digest") and its parameters (names lower-cased, values unquoted).

    A parameter written without `=` (a bare token, as in `Bearer token68`) is kept with the value None.
    """

    scheme: str
    params: dict[str, str | None]

    @property
    def realm(self) -> str | None:
        """The protection space (RFC 3261 §22.1), None when absent."""
        return self.params.get("realm")

    @property
    def nonce(self) -> str | None:
        """The server nonce, None when absent."""
        return self.params.get("nonce")

    @property
    def algorithm(self) -> str | None:
        """The digest algorithm as written (MD5 when absent, per RFC 7616 §3.3; None is returned here)."""
        return self.params.get("algorithm")

    @property
    def stale(self) -> bool | None:
        """True when the server says only the nonce was stale (RFC 7616 §3.3), None when absent."""
        value = self.params.get("stale")
        return None if value is None else value.strip().lower() == "true"

    @property
    def qop(self) -> list[str]:
        """The quality-of-protection options offered, e.g. ["auth", "auth-int"] (empty when absent)."""
        value = self.params.get("qop")
        return [option.strip() for option in value.split(",") if option.strip()] if value else []


def parse_challenge(value: str) -> Challenge:
    """The scheme and parameters of one challenge or credentials value; raises MessageError when unreadable."""
    text = value.strip()
    if not text:
        raise MessageError("empty authentication header value")
    parts = text.split(None, 1)
    scheme = parts[0]
    if "=" in scheme or '"' in scheme or "," in scheme:
        raise MessageError(f"no auth scheme before the parameters in {text!r}")
    params: dict[str, str | None] = {}
    if len(parts) == 2:
        for item in split_outside_quotes(parts[1], ","):
            if not item:
                continue
            name, eq, raw = item.partition("=")
            name = name.strip().lower()
            if not name:
                raise MessageError(f"parameter without a name in {text!r}")
            if name not in params:
                raw = raw.strip()
                params[name] = (unquote(raw) if raw.startswith('"') else raw) if eq else None
    return Challenge(scheme, params)

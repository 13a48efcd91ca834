"""Token and range lists: Require, Unsupported, Supported, Proxy-Require (option tags, RFC 3261 §19.2), Allow
(methods, §20.5), Accept (media ranges, §20.1), Accept-Encoding (§20.2) and Accept-Language (§20.3).

    Unsupported: 100rel, timer
    Accept: application/sdp;level=1, application/x-private, text/html
    Accept-Language: da, en-gb;q=0.8, en;q=0.7
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..sip import parse_params
from ._common import Checked, Problem, ProblemKind, Reference, header_values, is_token, params_tuple, pop_qvalue

_MEDIA_RANGE = re.compile(r"(\*/\*|[A-Za-z0-9\-.!%*_+`'~]+/(\*|[A-Za-z0-9\-.!%*_+`'~]+))\Z")
_LANGUAGE_RANGE = re.compile(r"(\*|[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*)\Z")


@dataclass(frozen=True)
class ListItem:
    """One list element: its value (option tag, method, media range, coding, language), q and parameters."""

    value: str
    q: float | None
    params: tuple[tuple[str, str | None], ...]


@dataclass(frozen=True)
class TokenList(Checked):
    """The elements of a list header field (lower-cased where the grammar is case-insensitive), and problems."""

    header: str
    items: tuple[ListItem, ...]
    problems: tuple[Problem, ...]
    reference: Reference

    @property
    def values(self) -> tuple[str, ...]:
        """The element values alone, in order."""
        return tuple(item.value for item in self.items)


def _read(header: str, reference: Reference, values: str | Iterable[str], check, *, with_params: bool,
          fold_case: bool) -> TokenList:
    items: list[ListItem] = []
    problems: list[Problem] = []
    for raw in header_values(values):
        value, _, rest = raw.partition(";") if with_params else (raw, "", "")
        value = value.strip()
        if not check(value):
            problems.append(Problem(ProblemKind.NOT_A_TOKEN, raw))
            continue
        params = parse_params(rest) if with_params else {}
        q = pop_qvalue(params, problems)
        items.append(ListItem(value.lower() if fold_case else value, q, params_tuple(params)))
    return TokenList(header, tuple(items), tuple(problems), reference)


def parse_option_tags(values: str | Iterable[str], header: str = "Unsupported") -> TokenList:
    """Option tags of Require, Proxy-Require, Supported or Unsupported (tokens; compared as written, §19.2)."""
    section = {"require": "20.32", "proxy-require": "20.29", "supported": "20.37", "k": "20.37",
               "unsupported": "20.40"}.get(header.strip().lower(), "19.2")
    return _read(header, Reference(3261, section), values, is_token, with_params=False, fold_case=False)


def parse_allow(values: str | Iterable[str]) -> TokenList:
    """The methods of an Allow header field (RFC 3261 §20.5); methods are case-sensitive and kept as written."""
    return _read("Allow", Reference(3261, "20.5"), values, is_token, with_params=False, fold_case=False)


def parse_accept(values: str | Iterable[str]) -> TokenList:
    """The media ranges of an Accept header field (RFC 3261 §20.1), lower-cased, with q and parameters."""
    return _read("Accept", Reference(3261, "20.1"), values, lambda v: bool(_MEDIA_RANGE.match(v)),
                 with_params=True, fold_case=True)


def parse_accept_encoding(values: str | Iterable[str]) -> TokenList:
    """The content codings of an Accept-Encoding header field (RFC 3261 §20.2), lower-cased, with q."""
    return _read("Accept-Encoding", Reference(3261, "20.2"), values, lambda v: v == "*" or is_token(v),
                 with_params=True, fold_case=True)


def parse_accept_language(values: str | Iterable[str]) -> TokenList:
    """The language ranges of an Accept-Language header field (RFC 3261 §20.3), lower-cased, with q."""
    return _read("Accept-Language", Reference(3261, "20.3"), values, lambda v: bool(_LANGUAGE_RANGE.match(v)),
                 with_params=True, fold_case=True)

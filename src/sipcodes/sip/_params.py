"""Generic `;name=value` parameter lists (RFC 3261 §25.1 `generic-param`), as found after a URI or a Via.

Names are case-insensitive and are returned lower-cased; values keep their case (a tag is compared
case-sensitively). A value in double quotes is unquoted, with its backslash escapes resolved. A name without
`=` has the value None.
"""

from __future__ import annotations

from ._lists import split_outside_quotes


def unquote(value: str) -> str:
    """The content of a quoted string (RFC 3261 §25.1 `quoted-string`), escapes resolved; other text unchanged.

    An unterminated quoted string gives everything after the opening quote.
    """
    if not value.startswith('"'):
        return value
    out: list[str] = []
    i = 1
    n = len(value)
    while i < n:
        char = value[i]
        if char == "\\" and i + 1 < n:
            out.append(value[i + 1])
            i += 2
            continue
        if char == '"':
            break
        out.append(char)
        i += 1
    return "".join(out)


def parse_params(text: str) -> dict[str, str | None]:
    r"""The parameters in `text`, a string of `;name=value` pairs with or without the leading `;`.

    Whitespace around `;` and `=` is allowed (RFC 3261 §25.1 `SEMI`, `EQUAL`). Empty elements (`;;`) are
    skipped. When a name repeats, the first value is kept.

        >>> parse_params(';tag=98asjd8; lr ;text="Busy \\"here\\""')
        {'tag': '98asjd8', 'lr': None, 'text': 'Busy "here"'}
    """
    params: dict[str, str | None] = {}
    if not text:
        return params
    if '"' not in text and " " not in text and "\t" not in text:  # the common, compact form
        for part in text.split(";"):
            if part:
                name, eq, value = part.partition("=")
                if name:
                    name = name.lower()
                    if name not in params:
                        params[name] = value if eq else None
        return params
    for part in split_outside_quotes(text, ";") if '"' in text else text.split(";"):
        name, eq, value = part.partition("=")
        name = name.strip().lower()
        if not name:
            continue
        if name in params:
            continue
        if eq:
            value = value.strip()
            params[name] = unquote(value) if value.startswith('"') else value
        else:
            params[name] = None
    return params

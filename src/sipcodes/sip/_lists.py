"""Splitting a header value on a separator that is outside quoted strings and outside <…>.

RFC 3261 §7.3.1 lets a header field whose grammar is a comma-separated list carry several values on one line;
commas inside a quoted string (a display name) or inside angle brackets (a URI) do not separate values.
The same scan splits `;` parameter lists.
"""

from __future__ import annotations


def split_outside_quotes(value: str, separator: str) -> list[str]:
    """`value` cut at each `separator` that is outside "…" (with backslash escapes) and outside <…>.

    Parts are stripped of surrounding whitespace; empty parts are kept (callers decide what an empty value
    means). An unterminated quote or bracket runs to the end of the value rather than raising.
    """
    if '"' not in value and "<" not in value:  # the common case: nothing to protect
        return [part.strip() for part in value.split(separator)]
    parts: list[str] = []
    start = 0
    in_quotes = False
    in_angle = False
    i = 0
    n = len(value)
    while i < n:
        char = value[i]
        if in_quotes:
            if char == "\\":
                i += 1  # a quoted-pair: the next character is taken literally
            elif char == '"':
                in_quotes = False
        elif char == '"':
            in_quotes = True
        elif in_angle:
            if char == ">":
                in_angle = False
        elif char == "<":
            in_angle = True
        elif char == separator:
            parts.append(value[start:i].strip())
            start = i + 1
        i += 1
    parts.append(value[start:].strip())
    return parts


def split_list(value: str) -> list[str]:
    """The non-empty elements of a comma-separated header value (RFC 3261 §7.3.1, §25.1 `COMMA`).

    Empty elements (`a,,b`, a trailing comma) are dropped: the list grammar has no empty element and robust
    receivers skip them.
    """
    if "," not in value:
        value = value.strip()
        return [value] if value else []
    return [part for part in split_outside_quotes(value, ",") if part]

"""ITU-T Q.850 cause values and their names: what a `Reason: Q.850;cause=N` value (RFC 3326 §2) stands for.

The names are the catalog's (data/causes/<n>.toml): the standard English names of ITU-T Q.850 Table 1, shown as
written whatever the language, since they are what operators search for.
"""

from __future__ import annotations


def q850_cause_name(cause: int | None) -> str | None:
    """The Q.850 name of `cause`, None when the catalog has no such cause."""
    if cause is None:
        return None
    from .. import catalog

    return catalog.cause_name(cause)

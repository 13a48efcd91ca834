"""Placeholder until the header evidence sentences land: no evidence lines."""

from __future__ import annotations

from typing import NamedTuple


class EvidenceLine(NamedTuple):
    header: str
    value: str
    meaning: str
    reference: str

    def to_dict(self) -> dict[str, str]:
        return self._asdict()


def gather_evidence(response, request, lang, *, cert=None):
    return []

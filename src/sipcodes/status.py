"""`SIPStatus`, an IntEnum of the catalog's codes in the manner of `http.HTTPStatus`, and `classify`.

`classify` answers for any number from 100 to 699, registered or not, how a user agent treats it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import IntEnum

from . import catalog
from .catalog._vocab import CLASS_NAMES
from .errors import UnknownCode
from .i18n import N_

# Two registrations share a phrase; the 6xx one takes the name SIP stacks commonly give it.
_NAME_OVERRIDES = {606: "NOT_ACCEPTABLE_ANYWHERE"}


class _SIPStatusBase(IntEnum):
    """Members are added from the catalog; properties mirror `http.HTTPStatus`."""

    @property
    def entry(self) -> catalog.Entry:
        return catalog.get(int(self))

    @property
    def phrase(self) -> str:
        return self.entry.reason

    @property
    def description(self) -> str:
        return self.entry.summary

    @property
    def status(self) -> str:
        return self.entry.status

    @property
    def is_provisional(self) -> bool:
        return 100 <= self < 200

    @property
    def is_final(self) -> bool:
        return self >= 200

    @property
    def is_success(self) -> bool:
        return 200 <= self < 300

    @property
    def is_redirection(self) -> bool:
        return 300 <= self < 400

    @property
    def is_request_failure(self) -> bool:
        return 400 <= self < 500

    @property
    def is_server_failure(self) -> bool:
        return 500 <= self < 600

    @property
    def is_global_failure(self) -> bool:
        return 600 <= self < 700

    @property
    def is_failure(self) -> bool:
        return self >= 400


def _member_name(entry: catalog.Entry) -> str:
    return _NAME_OVERRIDES.get(entry.code) or re.sub(r"[^A-Z0-9]+", "_", entry.reason.upper()).strip("_")


def _build() -> type[_SIPStatusBase]:
    members = [(_member_name(entry), entry.code) for entry in catalog.all_entries()]
    names = [name for name, _ in members]
    duplicates = {name for name in names if names.count(name) > 1}
    if duplicates:  # a new registration must get a name in _NAME_OVERRIDES
        raise RuntimeError(f"SIPStatus member names collide: {sorted(duplicates)}")
    return _SIPStatusBase("SIPStatus", members, module=__name__, qualname="SIPStatus")


SIPStatus = _build()


@dataclass(frozen=True)
class Classification:
    """What a number from 100 to 699 means to a SIP user agent, whether or not it is registered."""

    code: int
    klass: str
    class_name: str
    final: bool
    registered: bool
    in_catalog: bool
    status: str
    treated_as: int
    explanation: str

    def to_dict(self) -> dict[str, object]:
        return {
            "code": self.code, "class": self.klass, "class_name": self.class_name, "final": self.final,
            "registered": self.registered, "in_catalog": self.in_catalog, "status": self.status,
            "treated_as": self.treated_as, "explanation": self.explanation,
        }


def classify(code: int) -> Classification:
    """Classify any integer from 100 to 699 (RFC 3261 §7.2, §8.1.3.2)."""
    if isinstance(code, bool) or not isinstance(code, int):
        raise UnknownCode(N_("classify takes an integer from 100 to 699, not {value}"), value=repr(code))
    if not 100 <= code <= 699:
        raise UnknownCode(N_("{code} is outside the SIP response code range 100-699"), code=code)
    cls = code // 100
    klass, class_name, final = f"{cls}xx", CLASS_NAMES[cls], code >= 200
    if code in catalog.codes():
        entry = catalog.get(code)
        registered = entry.status != "historic"
        if registered:
            return Classification(code, klass, class_name, final, True, True, entry.status, code,
                                  f"{code} {entry.reason} is registered with IANA ({entry.status}).")
        fallback = cls * 100
        return Classification(
            code, klass, class_name, final, False, True, entry.status, fallback,
            f"{code} {entry.reason} is historic: RFC 2543 defined it, RFC 3261 dropped it. A UAC that does not "
            f"recognise it treats it as {fallback}, as RFC 3261 §8.1.3.2 requires for unknown final responses.",
        )
    if final:
        fallback = cls * 100
        reason = catalog.get(fallback).reason
        explanation = (f"{code} is not registered. A UAC treats an unrecognised final response as the x00 "
                       f"code of its class (RFC 3261 §8.1.3.2), so {code} is handled as {fallback} {reason}.")
    else:
        fallback = 183
        explanation = (f"{code} is not registered. A UAC treats an unrecognised provisional response other "
                       f"than 100 as 183 Session Progress (RFC 3261 §8.1.3.2).")
    return Classification(code, klass, class_name, final, False, False, "unregistered", fallback, explanation)

"""Header evidence: what one SIP header field says about a failure, decoded into language-neutral facts.

Each module reads one header family and returns frozen dataclasses holding ids, enums and values, never
sentences, so that a renderer can say them in any language. No decoder raises on bad input: a value that cannot
be read gives a result whose `problems` name what was wrong (an id from `ProblemKind` plus the offending text).

    >>> from sipcodes.evidence import parse_reason
    >>> [(r.protocol_kind.value, r.cause, r.text) for r in parse_reason('Q.850;cause=17;text="User busy"')]
    [('q850', 17, 'User busy')]
"""

from ._common import Problem, ProblemKind, Reference
from ._reason import REASON_PROTOCOLS, ReasonProtocol, ReasonValue, parse_reason
from ._q850 import q850_cause_name
from ._warning import WARN_CODES, WarningValue, parse_warning
from ._retry_after import RetryAfter, parse_retry_after
from ._challenge import ALGORITHMS, ChallengeEvidence, parse_challenges
from ._lists import ListItem, TokenList, parse_accept, parse_accept_encoding, parse_accept_language, parse_allow, \
    parse_option_tags
from ._timers import DeltaSeconds, SessionExpires, parse_min_expires, parse_min_se, parse_session_expires
from ._contact import RedirectTarget, parse_redirect_contacts
from ._security import SECURITY_MECHANISMS, SecurityMechanism, parse_security_server
from ._call_info import CALL_INFO_PURPOSES, CallInfo, parse_call_info
from ._identity import (
    FRESHNESS_SECONDS, Comparison, ComparisonResult, IdentityEvidence, PassportClaims, PassportHeader,
    SignatureCheck, SignatureStatus, compare_identity, normalize_tn, parse_identity, verify_identity,
)

__all__ = [
    "ALGORITHMS", "CALL_INFO_PURPOSES", "CallInfo", "ChallengeEvidence", "Comparison", "ComparisonResult",
    "DeltaSeconds", "FRESHNESS_SECONDS", "IdentityEvidence", "ListItem", "PassportClaims", "PassportHeader",
    "Problem", "ProblemKind", "REASON_PROTOCOLS", "ReasonProtocol", "ReasonValue", "RedirectTarget",
    "Reference", "RetryAfter", "SECURITY_MECHANISMS", "SecurityMechanism", "SessionExpires", "SignatureCheck",
    "SignatureStatus", "TokenList", "WARN_CODES", "WarningValue", "compare_identity", "normalize_tn",
    "parse_accept", "parse_accept_encoding", "parse_accept_language", "parse_allow", "parse_call_info",
    "parse_challenges", "parse_identity", "parse_min_expires", "parse_min_se", "parse_option_tags",
    "parse_reason", "parse_redirect_contacts", "parse_retry_after", "parse_security_server",
    "parse_session_expires", "parse_warning", "q850_cause_name", "verify_identity",
]

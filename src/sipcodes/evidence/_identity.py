"""The Identity header field (RFC 8224 §4) and the PASSporT it carries (RFC 8225, SHAKEN claims of RFC 8588).

    Identity: eyJhbGciOiJFUzI1NiIs...In0.eyJkZXN0Ijp7...fQ.2Ef1Fx...Zfw
        ;info=<https://cert.example.org/passport.cer>;alg=ES256;ppt=shaken

Three jobs, each a function: `parse_identity` decodes the header value (base64url JSON, sizes bounded);
`compare_identity` sets the claims beside the SIP message that carried them (orig against From and
P-Asserted-Identity, dest against To and the Request-URI, iat against Date); `verify_identity` checks an ES256
signature with the `cryptography` package when the caller has the signer's certificate or public key, and
otherwise says the check needs the certificate named by x5u / info.
"""

from __future__ import annotations

import base64
import binascii
import calendar
import enum
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from email.utils import parsedate_tz

from ..sip import Message, MessageError, Request, parse_name_addr, parse_params
from ._common import Checked, Problem, ProblemKind, Reference, header_values, params_tuple, read_int

#: RFC 8224 §6.2 (step 4): the freshness window recommended between Date / iat and the time of verification.
FRESHNESS_SECONDS = 60
#: Bounds on what is decoded, so a hostile header cannot make the decoder allocate much: a real PASSporT is a few
#: hundred bytes.
MAX_IDENTITY_CHARS = 16384
MAX_PART_CHARS = 8192

_B64URL = re.compile(r"[A-Za-z0-9_-]*\Z")


@dataclass(frozen=True)
class PassportHeader:
    """The JOSE header of a PASSporT (RFC 8225 §4.1): alg, typ, x5u, and the extension type ppt (RFC 8225 §8.1)."""

    alg: str | None
    typ: str | None
    x5u: str | None
    ppt: str | None


@dataclass(frozen=True)
class PassportClaims:
    """The claims of a PASSporT (RFC 8225 §5: iat §5.1.1, orig and dest §5.2.1; attest RFC 8588 §4, origid §5).

    orig is one telephone number or one URI; dest holds lists of numbers and URIs; other_claims lists the names
    of the claims not decoded here (e.g. "mky", "rcd").

    `iat_quoted` is True when iat came as a JSON string of digits ("1443208345") rather than a number. RFC 8225
    §5.1.1 makes iat a NumericDate, a JSON number, and RFC 8225 §9.4 encodes numbers as numbers; erratum 6656
    (reported against RFC 8588, whose §6 example quotes it, as do RFC 9410's examples) says the same. Such
    PASSporTs are seen in practice, so a string of digits is read as the number it spells and flagged here rather
    than dropped; any other string is still a BAD_CLAIM.
    """

    orig_tn: str | None
    orig_uri: str | None
    dest_tn: tuple[str, ...]
    dest_uri: tuple[str, ...]
    iat: int | None
    attest: str | None
    origid: str | None
    other_claims: tuple[str, ...]
    iat_quoted: bool = False


@dataclass(frozen=True)
class IdentityEvidence(Checked):
    """One Identity header value decoded. `header`/`claims` are None when that part could not be decoded;
    `payload_omitted` is True for the compact form whose claims are rebuilt from the SIP message (RFC 8225 §7).
    """

    passport: str
    header: PassportHeader | None
    claims: PassportClaims | None
    payload_omitted: bool
    info: str | None
    alg: str | None
    ppt: str | None
    params: tuple[tuple[str, str | None], ...]
    problems: tuple[Problem, ...]
    reference: Reference = Reference(8224, "4")


class ComparisonResult(str, enum.Enum):
    """How a PASSporT claim compares with the message."""

    MATCH = "match"
    DIFFER = "differ"
    ABSENT_IN_MESSAGE = "absent-in-message"
    ABSENT_IN_PASSPORT = "absent-in-passport"


@dataclass(frozen=True)
class Comparison:
    """One claim set beside one message field (or the observation time): values compared and the result.

    For "iat", `difference_seconds` is the message time minus iat (positive when the PASSporT is older).
    """

    claim: str
    field: str
    result: ComparisonResult
    passport_value: str | None
    message_value: str | None
    reference: Reference
    difference_seconds: int | None = None


class SignatureStatus(str, enum.Enum):
    """The outcome of a signature check."""

    VALID = "valid"
    INVALID = "invalid"
    NOT_VERIFIABLE_OFFLINE = "not-verifiable-offline"
    UNSUPPORTED_ALGORITHM = "unsupported-algorithm"
    PAYLOAD_OMITTED = "payload-omitted"
    UNREADABLE_PASSPORT = "unreadable-passport"
    UNREADABLE_KEY = "unreadable-key"


@dataclass(frozen=True)
class SignatureCheck:
    """The outcome, and where the signer's certificate can be fetched (x5u from the PASSporT, info parameter)."""

    status: SignatureStatus
    x5u: str | None
    info: str | None
    reference: Reference = Reference(7518, "3.4")


def _b64url(part: str) -> bytes | None:
    """The bytes of unpadded base64url text (RFC 7515 §2), None when it is not that."""
    if not _B64URL.match(part) or len(part) % 4 == 1:
        return None
    try:
        return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
    except (binascii.Error, ValueError):
        return None


def _json_object(part: str, what: str, problems: list[Problem]) -> dict | None:
    if len(part) > MAX_PART_CHARS:
        problems.append(Problem(ProblemKind.TOO_LONG, what))
        return None
    raw = _b64url(part)
    if raw is None:
        problems.append(Problem(ProblemKind.BAD_BASE64, part[:200]))
        return None
    try:
        value = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):
        problems.append(Problem(ProblemKind.BAD_JSON, what))
        return None
    if not isinstance(value, dict):
        problems.append(Problem(ProblemKind.BAD_JSON, what))
        return None
    return value


def _string(value: object) -> str | None:
    return value if isinstance(value, str) else None


def _strings(value: object) -> tuple[str, ...]:
    """A claim that is a string or a list of strings (dest holds lists, RFC 8225 §5.2.1; some send a string)."""
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list):
        return tuple(item for item in value if isinstance(item, str))
    return ()


def _claims(payload: dict, problems: list[Problem]) -> PassportClaims:
    orig = payload.get("orig")
    dest = payload.get("dest")
    iat = payload.get("iat")
    for name in ("orig", "dest", "iat"):  # the mandatory claims: RFC 8225 §5.1.1 (iat), §5.2.1 (orig, dest)
        if name not in payload:
            problems.append(Problem(ProblemKind.MISSING_CLAIM, name))
    orig_tn = orig_uri = None
    if isinstance(orig, dict):
        orig_tn = _string(orig.get("tn"))
        orig_uri = _string(orig.get("uri"))
        if orig_tn is None and orig_uri is None:
            problems.append(Problem(ProblemKind.BAD_CLAIM, "orig"))
    elif orig is not None:
        problems.append(Problem(ProblemKind.BAD_CLAIM, "orig"))
    dest_tn: tuple[str, ...] = ()
    dest_uri: tuple[str, ...] = ()
    if isinstance(dest, dict):
        dest_tn = _strings(dest.get("tn"))
        dest_uri = _strings(dest.get("uri"))
        if not dest_tn and not dest_uri:
            problems.append(Problem(ProblemKind.BAD_CLAIM, "dest"))
    elif dest is not None:
        problems.append(Problem(ProblemKind.BAD_CLAIM, "dest"))
    iat_quoted = False
    if isinstance(iat, str) and read_int(iat) is not None:  # "1443208345": see PassportClaims.iat_quoted
        iat, iat_quoted = read_int(iat), True
    if iat is not None and (isinstance(iat, bool) or not isinstance(iat, int)):
        problems.append(Problem(ProblemKind.BAD_CLAIM, "iat"))
        iat = None
    known = {"orig", "dest", "iat", "attest", "origid"}
    return PassportClaims(orig_tn, orig_uri, dest_tn, dest_uri, iat, _string(payload.get("attest")),
                          _string(payload.get("origid")), tuple(name for name in payload if name not in known),
                          iat_quoted)


def _one(raw: str) -> IdentityEvidence:
    problems: list[Problem] = []
    text = raw.strip()
    if len(text) > MAX_IDENTITY_CHARS:
        return IdentityEvidence(text[:200], None, None, False, None, None, None, (),
                                (Problem(ProblemKind.TOO_LONG, text[:200]),))
    passport, _, rest = text.partition(";")
    passport = passport.strip()
    params = parse_params(rest)
    info: str | None = None
    raw_info = params.pop("info", None)
    if raw_info is None:
        problems.append(Problem(ProblemKind.MISSING_PARAMETER, "info"))
    elif raw_info.startswith("<") and raw_info.endswith(">") and len(raw_info) > 2:
        info = raw_info[1:-1].strip()
    else:  # RFC 8224 §4: ident-info-uri = LAQUOT absoluteURI RAQUOT
        problems.append(Problem(ProblemKind.BAD_PARAMETER, f"info={raw_info}"))
        info = raw_info.strip("<>") or None
    alg = params.pop("alg", None)
    ppt = params.pop("ppt", None)
    parts = passport.split(".")
    header: PassportHeader | None = None
    claims: PassportClaims | None = None
    payload_omitted = False
    if len(parts) != 3 or not parts[0] or not parts[2]:
        problems.append(Problem(ProblemKind.BAD_COMPACT_FORM, passport[:200]))
    else:
        jose = _json_object(parts[0], "header", problems)
        if jose is not None:
            header = PassportHeader(_string(jose.get("alg")), _string(jose.get("typ")), _string(jose.get("x5u")),
                                    _string(jose.get("ppt")))
        if not parts[1]:
            payload_omitted = True
        else:
            payload = _json_object(parts[1], "payload", problems)
            if payload is not None:
                claims = _claims(payload, problems)
        if len(parts[2]) > MAX_PART_CHARS or _b64url(parts[2]) is None:
            problems.append(Problem(ProblemKind.BAD_BASE64, parts[2][:200]))
    return IdentityEvidence(passport, header, claims, payload_omitted, info, alg, ppt, params_tuple(params),
                            tuple(problems))


def parse_identity(values: str | Iterable[str]) -> tuple[IdentityEvidence, ...]:
    """Every Identity header value given (one per header line; a request may carry several)."""
    return tuple(_one(raw) for raw in header_values(values, split=False))


# -- comparing the claims with the message --------------------------------------------------------------------------

_VISUAL_SEPARATORS = str.maketrans("", "", "-.() \t")


def normalize_tn(number: str) -> str | None:
    """A telephone number reduced for comparison, after RFC 8224 §8.3 but only in part (no national-to-international
    conversion): visual separators and a leading "+" dropped,
    digits only; None when other characters remain (then it is not a telephone number).

        >>> normalize_tn("+1 (215) 555-1212")
        '12155551212'
    """
    reduced = number.translate(_VISUAL_SEPARATORS)
    if reduced.startswith("+"):
        reduced = reduced[1:]
    return reduced if reduced and reduced.isascii() and reduced.isdigit() else None


def _uri_user(uri: str) -> str | None:
    """The telephone number or user part of a tel:, sip: or sips: URI, parameters removed."""
    scheme, colon, rest = uri.partition(":")
    if not colon:
        return None
    scheme = scheme.lower()
    if scheme == "tel":
        return rest.split(";", 1)[0]
    if scheme in ("sip", "sips") and "@" in rest:
        return rest.split("@", 1)[0].split(";", 1)[0].split(":", 1)[0]
    return None


def _address_uri(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return parse_name_addr(value).uri
    except MessageError:
        return None


def _same_uri(a: str, b: str) -> bool:
    """URIs compared on scheme, user and host, ignoring case of scheme/host and URI parameters (a loose match)."""
    def key(uri: str) -> str:
        scheme, _, rest = uri.partition(":")
        rest = rest.split(";", 1)[0].split("?", 1)[0]
        user, at, host = rest.rpartition("@")
        return f"{scheme.lower()}:{user}{at}{host.lower()}"
    return key(a) == key(b)


def _match_identity(tn: tuple[str, ...], uris: tuple[str, ...], message_uri: str) -> bool:
    user = _uri_user(message_uri)
    number = normalize_tn(user) if user is not None else None
    if number is not None and any(normalize_tn(t) == number for t in tn):
        return True
    return any(_same_uri(u, message_uri) for u in uris)


def _compare_address(claim: str, tn: tuple[str, ...], uris: tuple[str, ...], field: str,
                     message_uri: str | None, reference: Reference) -> Comparison:
    shown = ", ".join(tn + uris) or None
    if not tn and not uris:
        return Comparison(claim, field, ComparisonResult.ABSENT_IN_PASSPORT, None, message_uri, reference)
    if message_uri is None:
        return Comparison(claim, field, ComparisonResult.ABSENT_IN_MESSAGE, shown, None, reference)
    result = ComparisonResult.MATCH if _match_identity(tn, uris, message_uri) else ComparisonResult.DIFFER
    return Comparison(claim, field, result, shown, message_uri, reference)


def _sip_date(value: str | None) -> int | None:
    """Seconds since the epoch of a SIP Date value (RFC 3261 §20.17, an RFC 1123 date in GMT), None if unreadable."""
    if not value:
        return None
    try:
        parsed = parsedate_tz(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if parsed is None:
        return None
    try:
        return calendar.timegm(parsed[:6]) - (parsed[9] or 0)
    except (ValueError, OverflowError):
        return None


def _compare_time(iat: int | None, field: str, when: int | None, freshness: int) -> Comparison:
    reference = Reference(8224, "6.2")
    if iat is None:
        return Comparison("iat", field, ComparisonResult.ABSENT_IN_PASSPORT, None,
                          None if when is None else str(when), reference)
    if when is None:
        return Comparison("iat", field, ComparisonResult.ABSENT_IN_MESSAGE, str(iat), None, reference)
    difference = when - iat
    result = ComparisonResult.MATCH if abs(difference) <= freshness else ComparisonResult.DIFFER
    return Comparison("iat", field, result, str(iat), str(when), reference, difference)


def compare_identity(evidence: IdentityEvidence, message: Message, *, request_uri: str | None = None,
                     observed_at: float | None = None, freshness: int = FRESHNESS_SECONDS) -> tuple[Comparison, ...]:
    """The PASSporT claims of `evidence` set beside the request that carried it.

    orig is compared with From and, when present, P-Asserted-Identity (the header fields RFC 8224 §4.1 takes the
    originator from); dest with To (RFC 8224 §4.1) and with the Request-URI (which retargeting may change), from
    `message` when it is a Request or from `request_uri`; iat with Date and, when `observed_at` (seconds since the
    epoch, e.g. the capture time) is given, with that time. A time within `freshness` seconds matches.
    Telephone numbers are compared after `normalize_tn`. A PASSporT without claims gives no comparison.
    """
    claims = evidence.claims
    if claims is None:
        return ()
    try:
        headers = message.headers
        orig_tn = (claims.orig_tn,) if claims.orig_tn else ()
        orig_uri = (claims.orig_uri,) if claims.orig_uri else ()
        out = [_compare_address("orig", orig_tn, orig_uri, "From", _address_uri(headers.get("from")),
                                Reference(8224, "4.1"))]
        pai_values = headers.get_all("p-asserted-identity")
        for value in pai_values:
            out.append(_compare_address("orig", orig_tn, orig_uri, "P-Asserted-Identity", _address_uri(value),
                                        Reference(8224, "4.1")))
        out.append(_compare_address("dest", claims.dest_tn, claims.dest_uri, "To", _address_uri(headers.get("to")),
                                    Reference(8224, "4.1")))
        target = request_uri if request_uri is not None else (message.uri if isinstance(message, Request) else None)
        if target is not None:
            out.append(_compare_address("dest", claims.dest_tn, claims.dest_uri, "Request-URI", target,
                                        Reference(8224, "4.1")))
        out.append(_compare_time(claims.iat, "Date", _sip_date(headers.get("date")), freshness))
        if observed_at is not None:
            out.append(_compare_time(claims.iat, "observed-at", int(observed_at), freshness))
        return tuple(out)
    except (AttributeError, TypeError, ValueError, OverflowError):
        return ()


# -- the signature --------------------------------------------------------------------------------------------------

def _load_key(certificate_pem: bytes | str | None, public_key: object):
    from cryptography import x509
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import load_pem_public_key

    if public_key is None and certificate_pem is not None:
        data = certificate_pem.encode() if isinstance(certificate_pem, str) else certificate_pem
        try:
            if b"BEGIN CERTIFICATE" in data:
                public_key = x509.load_pem_x509_certificate(data).public_key()
            else:
                public_key = load_pem_public_key(data)
        except (ValueError, TypeError):
            return None
    if isinstance(public_key, (bytes, str)):
        try:
            public_key = load_pem_public_key(public_key.encode() if isinstance(public_key, str) else public_key)
        except (ValueError, TypeError):
            return None
    if isinstance(public_key, ec.EllipticCurvePublicKey) and isinstance(public_key.curve, ec.SECP256R1):
        return public_key
    return None


def verify_identity(evidence: IdentityEvidence, *, certificate_pem: bytes | str | None = None,
                    public_key: object = None) -> SignatureCheck:
    """Check the ES256 signature (JWS, RFC 7515 §5.2; ECDSA P-256 SHA-256, RFC 7518 §3.4) of a full-form PASSporT.

    Give the signer's certificate (PEM) or public key (a `cryptography` EC key or PEM text); without either the
    status is NOT_VERIFIABLE_OFFLINE and `x5u` / `info` say where the certificate is published. Only P-256 keys
    are accepted, as ES256 requires. The certificate's validity and chain are not checked here.
    """
    x5u = evidence.header.x5u if evidence.header else None
    parts = evidence.passport.split(".")
    if evidence.header is None or len(parts) != 3:
        return SignatureCheck(SignatureStatus.UNREADABLE_PASSPORT, x5u, evidence.info)
    if evidence.header.alg != "ES256":
        return SignatureCheck(SignatureStatus.UNSUPPORTED_ALGORITHM, x5u, evidence.info)
    if evidence.payload_omitted:
        return SignatureCheck(SignatureStatus.PAYLOAD_OMITTED, x5u, evidence.info)
    if certificate_pem is None and public_key is None:
        return SignatureCheck(SignatureStatus.NOT_VERIFIABLE_OFFLINE, x5u, evidence.info)
    key = _load_key(certificate_pem, public_key)
    if key is None:
        return SignatureCheck(SignatureStatus.UNREADABLE_KEY, x5u, evidence.info)
    signature = _b64url(parts[2])
    if signature is None or len(signature) != 64:  # ES256: R and S, 32 octets each (RFC 7518 §3.4)
        return SignatureCheck(SignatureStatus.INVALID, x5u, evidence.info)
    from cryptography.exceptions import InvalidSignature
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

    der = encode_dss_signature(int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big"))
    try:
        key.verify(der, f"{parts[0]}.{parts[1]}".encode("ascii"), ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return SignatureCheck(SignatureStatus.INVALID, x5u, evidence.info)
    return SignatureCheck(SignatureStatus.VALID, x5u, evidence.info)

"""What each header field of a failure response says, in the reader's language, with the RFC section behind it.

`gather_evidence(response, request, lang)` reads the header fields of `response` (and, for the STIR codes, the
Identity header fields of the `request` it answers) through the language-neutral decoders of `sipcodes.evidence`
and says, for each one, what its value tells about this failure: one `EvidenceLine` per fact, with the decoded
values filled into a translated sentence.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from typing import NamedTuple

from .. import catalog, i18n, sip
from ..evidence import (
    ALGORITHMS, CALL_INFO_PURPOSES, Comparison, ComparisonResult, IdentityEvidence, Problem, ProblemKind,
    Reference, ReasonProtocol, SignatureStatus, compare_identity, parse_accept, parse_accept_encoding,
    parse_accept_language, parse_allow, parse_call_info, parse_challenges, parse_identity, parse_min_expires,
    parse_min_se, parse_option_tags, parse_reason, parse_redirect_contacts, parse_retry_after,
    parse_security_server, parse_session_expires, parse_warning, q850_cause_name, verify_identity,
)
from ..i18n import N_

MAX_VALUE_CHARS = 300
_SHOWN_CHARS = 80  # offending text quoted inside a sentence


class EvidenceLine(NamedTuple):
    """One fact read from one header field: the field, its value as sent, what it means here, and where that is
    defined ("RFC 3261 §20.33")."""

    header: str
    value: str
    meaning: str
    reference: str

    def to_dict(self) -> dict:
        return {"header": self.header, "value": self.value, "meaning": self.meaning, "reference": self.reference}


# -- small helpers -------------------------------------------------------------------------------------------------

def reference_text(reference: Reference) -> str:
    """ "RFC 3261 §20.33", or "RFC 8688" for a reference to a whole document."""
    return f"RFC {reference.rfc} §{reference.section}" if reference.section else f"RFC {reference.rfc}"


def one_line(value: str, limit: int = MAX_VALUE_CHARS) -> str:
    """`value` on one line (runs of white space made one space), cut to `limit` characters with "…"."""
    text = re.sub(r"\s+", " ", value).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _shown(text: str | None) -> str:
    return one_line(text or "", _SHOWN_CHARS)


class _Say:
    """Translation and number formatting for one language."""

    def __init__(self, lang: str) -> None:
        from babel import Locale, UnknownLocaleError

        self.lang = lang
        self._ = i18n.translator(lang)
        try:
            self.locale = Locale.parse(lang)
        except (UnknownLocaleError, ValueError, TypeError):
            self.locale = Locale.parse("en")

    def number(self, value: float) -> str:
        from babel.numbers import format_decimal

        return format_decimal(value, locale=self.locale)

    def seconds(self, seconds: int) -> str:
        """ "300 s (5 min)": the seconds as sent, and the same span in larger units when it is a minute or more."""
        text = self._("%(n)s s") % {"n": self.number(seconds)}
        if seconds < 60:
            return text
        return f"{text} ({self.span(seconds)})"

    def span(self, seconds: int) -> str:
        """A span in days, hours, minutes and seconds, units in the language's short form ("1 h 30 min")."""
        from babel.lists import format_list
        from babel.units import format_unit

        parts = []
        rest = seconds
        for unit, size in (("duration-day", 86400), ("duration-hour", 3600), ("duration-minute", 60),
                           ("duration-second", 1)):
            count, rest = divmod(rest, size)
            if count:
                parts.append(format_unit(count, unit, length="short", locale=self.locale))
            if len(parts) == 2:  # two units are precise enough for a reader ("2 days 3 hr")
                break
        return format_list(parts, style="unit-narrow", locale=self.locale) if parts else "0"

    def join(self, items: list[str]) -> str:
        return ", ".join(items)


def _q_text(say: _Say, q: float | None) -> str:
    return "" if q is None else f" (q={say.number(q)})"


# -- problems ------------------------------------------------------------------------------------------------------

_PROBLEMS: dict[ProblemKind, str] = {
    ProblemKind.EMPTY: N_("The value is empty."),
    ProblemKind.NOT_A_TOKEN: N_("“%(text)s” is not a valid token."),
    ProblemKind.NOT_AN_INTEGER: N_("“%(text)s” is not a whole number."),
    ProblemKind.OUT_OF_RANGE: N_("%(text)s is outside the range of values allowed here."),
    ProblemKind.MISSING_PARAMETER: N_("The %(text)s parameter is missing."),
    ProblemKind.BAD_PARAMETER: N_("The parameter “%(text)s” has a value that cannot be read."),
    ProblemKind.BAD_QVALUE: N_("The q value “%(text)s” is not a number from 0 to 1 with at most three decimals."),
    ProblemKind.UNTERMINATED: N_("A quoted string or comment is not closed: “%(text)s”."),
    ProblemKind.UNEXPECTED_TEXT: N_("Unexpected text: “%(text)s”."),
    ProblemKind.NOT_QUOTED: N_("The text “%(text)s” is not in double quotes."),
    ProblemKind.BAD_ADDRESS: N_("“%(text)s” is not a readable address."),
    ProblemKind.BAD_SCHEME: N_("“%(text)s” does not start with an authentication scheme."),
    ProblemKind.TOO_LONG: N_("The value is too long to decode."),
    ProblemKind.BAD_BASE64: N_("“%(text)s” is not base64url text."),
    ProblemKind.BAD_JSON: N_("The PASSporT %(text)s is not a JSON object."),
    ProblemKind.BAD_COMPACT_FORM: N_("The PASSporT is not three base64url parts joined by dots."),
    ProblemKind.MISSING_CLAIM: N_("The PASSporT has no %(text)s claim."),
    ProblemKind.BAD_CLAIM: N_("The PASSporT's %(text)s claim has the wrong form."),
    ProblemKind.BAD_DATE: N_("“%(text)s” is not a readable date."),
}


def _problems(say: _Say, problems: tuple[Problem, ...]) -> str:
    """One sentence per problem, prefixed so the reader knows the value is malformed; "" when there are none."""
    if not problems:
        return ""
    sentences = [say._(_PROBLEMS[p.kind]) % {"text": _shown(p.text)} for p in problems if p.kind in _PROBLEMS]
    return say._("Malformed:") + " " + " ".join(sentences)


def _with_problems(say: _Say, meaning: str, problems: tuple[Problem, ...]) -> str:
    extra = _problems(say, problems)
    return f"{meaning} {extra}".strip() if extra else meaning


# -- Reason (RFC 3326 §2, RFC 9410) ---------------------------------------------------------------------------------

def _sip_reason(code: int | None) -> str | None:
    from .. import catalog
    from ..errors import SipcodesError

    if code is None:
        return None
    try:
        return catalog.reason(code)
    except (SipcodesError, ValueError, KeyError, OSError):
        return None


def _reason(say: _Say, raw: str, response: sip.Response, request: sip.Request | None) -> list[EvidenceLine]:
    _ = say._
    out = []
    for value in parse_reason(raw):
        reference = reference_text(value.reference)
        cause = value.cause
        if value.protocol_kind is ReasonProtocol.SIP and cause is not None:
            phrase = _sip_reason(cause)
            if phrase:
                meaning = _("SIP cause %(cause)s (%(reason)s): the request ended for the reason this status code "
                            "gives.") % {"cause": cause, "reason": phrase}
            else:
                meaning = _("SIP cause %(cause)s, which is not a registered SIP response code.") % {"cause": cause}
        elif value.protocol_kind is ReasonProtocol.Q850 and cause is not None:
            name = q850_cause_name(cause)
            if name:
                meaning = _("ISDN/ISUP cause %(cause)s, “%(name)s” (ITU-T Q.850): the reason the telephone network "
                            "gave for ending the call.") % {"cause": cause, "name": name}
            else:
                meaning = _("ISDN/ISUP cause %(cause)s (ITU-T Q.850), a value without a standard name in the Q.850 "
                            "table.") % {"cause": cause}
        elif value.protocol_kind is ReasonProtocol.STIR and cause is not None:
            phrase = _sip_reason(cause) or "?"
            meaning = _("STIR error %(cause)s (%(reason)s): a verification service found this problem with an "
                        "Identity header field of the request.") % {"cause": cause, "reason": phrase}
            if response.status < 300:
                meaning += " " + _("The call was let through all the same; the error is reported so that the "
                                  "signer can fix it.")
            if value.ppi:
                reference = reference_text(Reference(9410, "5"))
                meaning += " " + _("The ppi parameter names the PASSporT concerned: %(ppi)s.") % {
                    "ppi": _shown(value.ppi)}
        elif value.protocol_kind is ReasonProtocol.OTHER:
            meaning = _("Reason protocol %(protocol)s, cause %(cause)s: a protocol other than SIP, Q.850 and "
                        "STIR.") % {"protocol": _shown(value.protocol) or "?",
                                    "cause": "?" if cause is None else cause}
        else:
            meaning = _("The reason names no cause.")
        if value.text:
            meaning += " " + _("Its text: “%(text)s”.") % {"text": _shown(value.text)}
        out.append(EvidenceLine("Reason", one_line(raw), _with_problems(say, meaning, value.problems), reference))
    return out


# -- Warning (RFC 3261 §20.43) --------------------------------------------------------------------------------------

_WARNINGS: dict[str, str] = {
    "incompatible-network-protocol": N_("Warning %(code)s: a network protocol in the session description is not "
                                        "available; offer a network type the far end supports."),
    "incompatible-network-address-formats": N_("Warning %(code)s: a network address format in the session "
                                               "description is not available (for example IP6 where only IP4 "
                                               "works); offer an address type the far end supports."),
    "incompatible-transport-protocol": N_("Warning %(code)s: a transport protocol in the session description is "
                                          "not available; offer a transport (such as RTP/AVP) the far end "
                                          "supports."),
    "incompatible-bandwidth-units": N_("Warning %(code)s: a bandwidth unit in the session description was not "
                                       "understood; correct or remove that bandwidth line."),
    "media-type-not-available": N_("Warning %(code)s: a media type in the session description (audio, video…) is "
                                   "not available; offer only media types the far end supports."),
    "incompatible-media-format": N_("Warning %(code)s: a media format (codec) in the session description is not "
                                    "available; offer a codec the far end supports."),
    "attribute-not-understood": N_("Warning %(code)s: a media attribute in the session description is not "
                                   "supported; remove or correct that attribute."),
    "session-description-parameter-not-understood": N_("Warning %(code)s: a session description parameter other "
                                                       "than those of codes 300 to 306 was not understood."),
    "multicast-not-available": N_("Warning %(code)s: the site where the user is does not support multicast; offer "
                                  "unicast instead."),
    "unicast-not-available": N_("Warning %(code)s: the site where the user is does not support unicast, usually "
                                "because of a firewall."),
    "insufficient-bandwidth": N_("Warning %(code)s: the bandwidth in the session description, or that the media "
                                 "needs, is more than is known to be available; offer less (fewer streams, a "
                                 "lower-rate codec)."),
    "miscellaneous-warning": N_("Warning %(code)s: a miscellaneous warning whose text is meant for a person to "
                                "read or log; a system that receives it must not act on it automatically."),
}


def _warning(say: _Say, raw: str, response: sip.Response, request: sip.Request | None) -> list[EvidenceLine]:
    _ = say._
    out = []
    for value in parse_warning(raw):
        reference = reference_text(value.reference)
        registered = catalog.warnings(say.lang).get(value.code) if value.code is not None else None
        if value.code is None:
            meaning = _("The warning code cannot be read.")
        elif value.code_id in _WARNINGS:
            meaning = _(_WARNINGS[value.code_id]) % {"code": value.code}
        elif registered is not None:  # registered after RFC 3261 (RFC 5630, RFC 8373…): the catalog explains it
            meaning = _("Warning %(code)s (%(text)s):") % {"code": value.code, "text": registered.text} + " " + \
                registered.summary
            first = registered.references[0]
            reference = reference_text(Reference(first.rfc, first.section))
        elif 300 <= value.code <= 399:
            meaning = _("Warning %(code)s is in the SIP range 3xx but is not one of the codes RFC 3261 defines; only "
                        "its text says what it means.") % {"code": value.code}
        else:
            meaning = _("Warning %(code)s is outside the 3xx range of SIP warning codes.") % {"code": value.code}
        if value.agent:
            meaning += " " + _("Added by %(agent)s.") % {"agent": _shown(value.agent)}
        if value.text:
            meaning += " " + _("Its text: “%(text)s”.") % {"text": _shown(value.text)}
        out.append(EvidenceLine("Warning", one_line(raw), _with_problems(say, meaning, value.problems), reference))
    return out


# -- Retry-After (RFC 3261 §20.33) ----------------------------------------------------------------------------------

def _retry_after(say: _Say, raw: str, response: sip.Response, request: sip.Request | None) -> list[EvidenceLine]:
    _ = say._
    value = parse_retry_after(raw)
    if value.seconds is None:
        meaning = _("No waiting time can be read from this value.")
    elif value.seconds == 0:
        meaning = _("The waiting time given is 0 seconds: no delay is asked for before trying again.")
    else:
        meaning = _("Try again after %(time)s.") % {"time": say.seconds(value.seconds)}
    if value.duration is not None:
        meaning += " " + _("Once reachable again, the called party expects to stay so for %(time)s.") % {
            "time": say.seconds(value.duration)}
    if value.comment:
        meaning += " " + _("Comment: “%(text)s”.") % {"text": _shown(value.comment)}
    return [EvidenceLine("Retry-After", one_line(raw), _with_problems(say, meaning, value.problems),
                         reference_text(value.reference))]


# -- WWW-Authenticate / Proxy-Authenticate (RFC 3261 §22, §20.27, §20.44; RFC 7616 §3.3; RFC 8760) ----------------

def _challenge(header: str, section: str):
    def explain(say: _Say, raw: str, response: sip.Response, request: sip.Request | None) -> list[EvidenceLine]:
        _ = say._
        out = []
        resent = request is not None and (
            "authorization" in request.headers if header == "WWW-Authenticate"
            else "proxy-authorization" in request.headers)
        for challenge in parse_challenges(raw):
            reference = reference_text(Reference(3261, section))
            if challenge.scheme is None:
                meaning = _("The challenge cannot be read.")
            elif challenge.scheme.lower() != "digest":
                meaning = _("A %(scheme)s challenge (not Digest) for realm “%(realm)s”.") % {
                    "scheme": _shown(challenge.scheme), "realm": _shown(challenge.realm) or "?"}
            else:
                meaning = _("Credentials are asked for realm “%(realm)s” with Digest algorithm %(algorithm)s.") % {
                    "realm": _shown(challenge.realm) or "?", "algorithm": _shown(challenge.algorithm)}
                if not challenge.algorithm_given:
                    meaning += " " + _("No algorithm is named, which means MD5.")
                elif not challenge.algorithm_known:
                    meaning += " " + _("%(algorithm)s is not one of the Digest algorithms MD5, SHA-256 and "
                                       "SHA-512-256 (or their -sess forms); a client that does not know it cannot "
                                       "answer this challenge.") % {"algorithm": _shown(challenge.algorithm)}
                elif challenge.algorithm in ALGORITHMS and challenge.algorithm != "MD5":
                    reference = reference_text(ALGORITHMS[challenge.algorithm])
                if challenge.qop:
                    meaning += " " + _("Quality of protection offered: %(qop)s.") % {
                        "qop": say.join([_shown(q) for q in challenge.qop])}
                if challenge.stale:
                    reference = reference_text(Reference(7616, "3.3"))
                    meaning += " " + _("stale=true: the request was refused only because its nonce had expired, "
                                       "not because of the username or password; send it again computed with the "
                                       "new nonce, without asking the user again.")
                elif resent:
                    reference = reference_text(Reference(7616, "3.3"))
                    meaning += " " + _("The request already carried credentials and the challenge does not say "
                                       "stale=true: the username or password was not accepted.")
            out.append(EvidenceLine(header, one_line(raw), _with_problems(say, meaning, challenge.problems),
                                    reference))
        return out
    return explain


# -- option tags, Allow, Accept… (RFC 3261 §19.2, §20.x) -----------------------------------------------------------

#: Option tags of the IANA "Option Tags" registry, with the RFC that defines each.
OPTION_TAG_RFCS: dict[str, int] = {
    "100rel": 3262, "199": 6228, "answermode": 5373, "early-session": 3959, "eventlist": 4662,
    "from-change": 4916, "geolocation": 6442, "gruu": 5627, "histinfo": 7044, "ice": 5768, "join": 3911,
    "norefersub": 4488, "outbound": 5626, "path": 3327, "precondition": 3312, "pref": 3840, "privacy": 3323,
    "replaces": 3891, "resource-priority": 4412, "sdp-anat": 4092, "sec-agree": 3329, "tdialog": 4538,
    "timer": 4028,
}


def _tag_text(tag: str) -> str:
    rfc = OPTION_TAG_RFCS.get(tag)
    return f"{tag} (RFC {rfc})" if rfc else tag


def _unsupported(say: _Say, raw: str, response: sip.Response, request: sip.Request | None) -> list[EvidenceLine]:
    _ = say._
    tags = parse_option_tags(raw, "Unsupported")
    reference = reference_text(tags.reference)
    out = [EvidenceLine("Unsupported", item.value,
                        _("The far end does not support option tag %(tag)s: send the request again without it in "
                          "Require and Proxy-Require.") % {"tag": _tag_text(item.value)}, reference)
           for item in tags.items]
    if tags.problems or not out:
        out.append(EvidenceLine("Unsupported", one_line(raw), _with_problems(
            say, _("No option tag can be read here.") if not out else "", tags.problems).strip(), reference))
    return out


def _require(say: _Say, raw: str, response: sip.Response, request: sip.Request | None) -> list[EvidenceLine]:
    _ = say._
    tags = parse_option_tags(raw, "Require")
    reference = reference_text(tags.reference)
    supported = set()
    if request is not None:
        for line in request.headers.get_lines("Supported"):
            supported.update(parse_option_tags(line, "Supported").values)
    out = []
    for item in tags.items:
        if response.status == 421:
            meaning = _("The server needs extension %(tag)s to handle this request: send it again with the tag in "
                        "Supported, if the client implements that extension.") % {"tag": _tag_text(item.value)}
            if item.value in supported:
                meaning += " " + _("The request did list it in Supported.")
        elif response.status < 300:
            meaning = _("The response relies on extension %(tag)s, which the client has to apply.") % {
                "tag": _tag_text(item.value)}
        else:
            meaning = _("The response names extension %(tag)s as required.") % {"tag": _tag_text(item.value)}
        out.append(EvidenceLine("Require", item.value, meaning, reference))
    if tags.problems or not out:
        out.append(EvidenceLine("Require", one_line(raw), _with_problems(
            say, _("No option tag can be read here.") if not out else "", tags.problems).strip(), reference))
    return out


def _supported(say: _Say, raw: str, response: sip.Response, request: sip.Request | None) -> list[EvidenceLine]:
    _ = say._
    tags = parse_option_tags(raw, "Supported")
    if tags.items:
        meaning = _("The far end supports these extensions: %(tags)s.") % {
            "tags": say.join([_tag_text(v) for v in tags.values])}
    else:
        meaning = _("The far end lists no extension.")
    return [EvidenceLine("Supported", one_line(raw), _with_problems(say, meaning, tags.problems),
                         reference_text(tags.reference))]


def _allow(say: _Say, raw: str, response: sip.Response, request: sip.Request | None) -> list[EvidenceLine]:
    _ = say._
    methods = parse_allow(raw)
    meaning = _("Methods the far end allows here: %(methods)s.") % {"methods": say.join(list(methods.values))}
    if request is not None and methods.items and request.method not in methods.values:
        meaning += " " + _("%(method)s, the method of the request, is not among them.") % {
            "method": _shown(request.method)}
    return [EvidenceLine("Allow", one_line(raw), _with_problems(say, meaning, methods.problems),
                         reference_text(methods.reference))]


def _ranges(say: _Say, values) -> str:
    return say.join([_shown(item.value) + _q_text(say, item.q) for item in values.items])


def _accept(say: _Say, raw: str, response: sip.Response, request: sip.Request | None) -> list[EvidenceLine]:
    _ = say._
    values = parse_accept(raw)
    meaning = _("Body formats the far end accepts: %(list)s.") % {"list": _ranges(say, values)}
    content_type = request.headers.get("content-type") if request is not None else None
    if content_type and response.status == 415:
        meaning += " " + _("The request's body was %(type)s.") % {"type": _shown(content_type.split(";")[0])}
    return [EvidenceLine("Accept", one_line(raw), _with_problems(say, meaning, values.problems),
                         reference_text(values.reference))]


def _accept_encoding(say: _Say, raw: str, response: sip.Response,
                     request: sip.Request | None) -> list[EvidenceLine]:
    _ = say._
    values = parse_accept_encoding(raw)
    meaning = _("Content codings the far end accepts: %(list)s.") % {"list": _ranges(say, values)}
    encoding = request.headers.get("content-encoding") if request is not None else None
    if encoding and response.status == 415:
        meaning += " " + _("The request's body was encoded with %(coding)s.") % {"coding": _shown(encoding)}
    return [EvidenceLine("Accept-Encoding", one_line(raw), _with_problems(say, meaning, values.problems),
                         reference_text(values.reference))]


def _accept_language(say: _Say, raw: str, response: sip.Response,
                     request: sip.Request | None) -> list[EvidenceLine]:
    _ = say._
    values = parse_accept_language(raw)
    meaning = _("Languages the far end accepts: %(list)s.") % {"list": _ranges(say, values)}
    return [EvidenceLine("Accept-Language", one_line(raw), _with_problems(say, meaning, values.problems),
                         reference_text(values.reference))]


# -- intervals (RFC 3261 §20.23, RFC 4028 §4, §5) -------------------------------------------------------------------

def _min_expires(say: _Say, raw: str, response: sip.Response, request: sip.Request | None) -> list[EvidenceLine]:
    _ = say._
    value = parse_min_expires(raw)
    if value.seconds is None:
        meaning = _("No interval can be read from this value.")
    else:
        meaning = i18n.ngettext(
            say.lang, "The server accepts no registration or subscription shorter than %(time)s: send the request "
            "again with an expiry of at least %(seconds)s second.", "The server accepts no registration or "
            "subscription shorter than %(time)s: send the request again with an expiry of at least %(seconds)s "
            "seconds.", value.seconds) % {"time": say.seconds(value.seconds), "seconds": say.number(value.seconds)}
    return [EvidenceLine("Min-Expires", one_line(raw), _with_problems(say, meaning, value.problems),
                         reference_text(value.reference))]


def _min_se(say: _Say, raw: str, response: sip.Response, request: sip.Request | None) -> list[EvidenceLine]:
    _ = say._
    value = parse_min_se(raw)
    if value.seconds is None:
        meaning = _("No interval can be read from this value.")
    else:
        meaning = i18n.ngettext(
            say.lang, "The far end accepts no session interval shorter than %(time)s: send the request again with "
            "Session-Expires of at least %(seconds)s second.", "The far end accepts no session interval shorter "
            "than %(time)s: send the request again with Session-Expires of at least %(seconds)s seconds.",
            value.seconds) % {"time": say.seconds(value.seconds), "seconds": say.number(value.seconds)}
    return [EvidenceLine("Min-SE", one_line(raw), _with_problems(say, meaning, value.problems),
                         reference_text(value.reference))]


def _session_expires(say: _Say, raw: str, response: sip.Response,
                     request: sip.Request | None) -> list[EvidenceLine]:
    _ = say._
    value = parse_session_expires(raw)
    if value.seconds is None:
        meaning = _("No interval can be read from this value.")
    else:
        meaning = _("The session is to be refreshed within %(time)s.") % {"time": say.seconds(value.seconds)}
        if value.refresher == "uac":
            meaning += " " + _("The refresher is the side that sent the request (uac).")
        elif value.refresher == "uas":
            meaning += " " + _("The refresher is the side that answered the request (uas).")
    return [EvidenceLine("Session-Expires", one_line(raw), _with_problems(say, meaning, value.problems),
                         reference_text(value.reference))]


# -- Contact of a redirection (RFC 3261 §8.1.3.4, §20.10) ----------------------------------------------------------
# RFC 3261 §8.1.3.4 lets a client try the targets in any order; ordering them by decreasing q is the common way it
# names, and the one given here.

def _contacts(say: _Say, raws: list[str], response: sip.Response) -> list[EvidenceLine]:
    _ = say._
    pairs = []
    for raw in raws:
        targets = parse_redirect_contacts(raw)
        if targets:
            pairs.append((raw, targets[0]))

    def rank(pair) -> tuple[int, float]:
        target = pair[1]
        return (1, 0.0) if target.uri is None else (0, -(1.0 if target.q is None else target.q))

    pairs.sort(key=rank)
    out = []
    for position, (raw, target) in enumerate(pairs, 1):
        reference = reference_text(Reference(3261, "8.1.3.4"))
        if target.uri is None:
            meaning = _("This address cannot be read.")
        else:
            meaning = _("Target %(rank)s of %(count)s by preference (highest q first, the usual order of trying): "
                        "%(uri)s") % {
                "rank": position, "count": len(pairs), "uri": _shown(target.uri)}
            meaning += (f" (q={say.number(target.q)})." if target.q is not None
                        else " " + _("(no q given; ranked like q=1).") if len(pairs) > 1 else ".")
            if target.expires is not None:
                meaning += " " + _("Valid for %(time)s.") % {"time": say.seconds(target.expires)}
        out.append(EvidenceLine("Contact", one_line(raw), _with_problems(say, meaning, target.problems),
                                reference))
    return out


# -- Security-Server (RFC 3329) -------------------------------------------------------------------------------------

def _security_server(say: _Say, raw: str, response: sip.Response,
                     request: sip.Request | None) -> list[EvidenceLine]:
    _ = say._
    mechanisms = parse_security_server(raw)
    names = [m.mechanism + _q_text(say, m.q) for m in mechanisms if m.mechanism]
    meaning = _("The server offers these security mechanisms, most preferred first: %(list)s. The client picks "
                "the most preferred one it also supports, turns it on, and sends the request again with this "
                "list copied into Security-Verify.") % {"list": say.join(names) or "?"}
    problems = tuple(p for m in mechanisms for p in m.problems)
    return [EvidenceLine("Security-Server", one_line(raw), _with_problems(say, meaning, problems),
                         reference_text(Reference(3329, "2.1")))]


# -- Call-Info (RFC 3261 §20.9, RFC 8688 §3.1) ----------------------------------------------------------------------

def _call_info(say: _Say, raw: str, response: sip.Response, request: sip.Request | None) -> list[EvidenceLine]:
    _ = say._
    out = []
    for value in parse_call_info(raw):
        reference = reference_text(value.reference)
        if value.uri is None:
            meaning = _("The address cannot be read.")
        elif value.purpose == "jwscard":
            reference = reference_text(CALL_INFO_PURPOSES["jwscard"])
            meaning = _("A signed jCard (purpose=jwscard) at %(uri)s names who rejected the call and how to "
                        "contact them, for instance to contest the blocking.") % {"uri": _shown(value.uri)}
        elif value.purpose:
            meaning = _("Further information (purpose=%(purpose)s) at %(uri)s.") % {
                "purpose": _shown(value.purpose), "uri": _shown(value.uri)}
        else:
            meaning = _("Further information at %(uri)s (no purpose given).") % {
                "uri": _shown(value.uri)}
        out.append(EvidenceLine("Call-Info", one_line(raw), _with_problems(say, meaning, value.problems),
                                reference))
    return out


# -- Identity (RFC 8224, RFC 8225, RFC 8588) ------------------------------------------------------------------------

#: RFC 8588 §4 values of the attest claim; what each level vouches for follows the SHAKEN definitions that RFC 8588
#: carries over (ATIS-1000074): A and B both mean the signer originated the call for a customer it can identify, and
#: differ in whether it verified that customer's right to the calling number; C means the signer is only where the
#: call entered its network and has no relationship with whoever started it.
_ATTEST = {
    "A": N_("Attestation A, full: the signing provider originated the call, knows the customer who placed it, and "
            "has verified that this customer may use the calling number."),
    "B": N_("Attestation B, partial: the signing provider originated the call and knows the customer who placed it, "
            "but has not verified that this customer may use the calling number."),
    "C": N_("Attestation C, gateway: the signing provider is where the call entered its network (an international "
            "gateway, for instance) and has no relationship with whoever started the call; the lowest level."),
}
_STIR_CODES = (428, 436, 437, 438)


def _utc(seconds: int) -> str:
    try:
        return time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(seconds))
    except (OverflowError, OSError, ValueError):
        return str(seconds)


def _comparison(say: _Say, comparison: Comparison) -> str | None:
    _ = say._
    if comparison.result is ComparisonResult.DIFFER:
        if comparison.claim == "iat":
            gap = abs(comparison.difference_seconds or 0)
            return _("The PASSporT's iat is %(iat)s but %(field)s gives %(when)s: %(gap)s apart, outside the "
                     "freshness window.") % {
                "iat": _utc(int(comparison.passport_value)), "field": _field(say, comparison.field),
                "when": _utc(int(comparison.message_value)), "gap": say.seconds(gap)}
        return _("The PASSporT's %(claim)s is %(passport)s but %(field)s has %(message)s.") % {
            "claim": comparison.claim, "passport": _shown(comparison.passport_value),
            "field": _field(say, comparison.field), "message": _shown(comparison.message_value)}
    if comparison.result is ComparisonResult.ABSENT_IN_MESSAGE and comparison.field == "Date":
        return _("The request has no readable Date header to compare the PASSporT's iat with.")
    return None


def _field(say: _Say, field: str) -> str:
    """The message field a claim is compared with, with its article ("the To header", "the Request-URI")."""
    if field == "observed-at":
        return say._("the capture time")
    if field == "Request-URI":
        return say._("the Request-URI")
    return say._("the %(field)s header") % {"field": field}


def _identity_lines(say: _Say, raw: str, evidence: IdentityEvidence, message: sip.Message,
                    request_uri: str | None, cert: bytes | None, observed_at: float | None) -> list[EvidenceLine]:
    _ = say._
    value = one_line(raw)
    out = []
    header, claims = evidence.header, evidence.claims
    parts = []
    if header is not None:
        ppt = _shown(header.ppt or evidence.ppt)
        alg = _shown(header.alg) or "?"
        parts.append(_("PASSporT signed with %(alg)s, extension %(ppt)s.") % {"alg": alg, "ppt": ppt} if ppt
                     else _("PASSporT signed with %(alg)s.") % {"alg": alg})
    if claims is not None:
        orig = claims.orig_tn or claims.orig_uri or "?"
        dest = ", ".join(claims.dest_tn + claims.dest_uri) or "?"
        parts.append(_("It asserts orig %(orig)s and dest %(dest)s.") % {"orig": _shown(orig), "dest": _shown(dest)})
        if claims.iat is not None:
            parts.append(_("Issued at %(iat)s.") % {"iat": _utc(claims.iat)})
    elif evidence.payload_omitted:
        parts.append(_("Compact form: the claims are not carried and have to be rebuilt from the request."))
    summary = " ".join(parts) or _("The PASSporT cannot be decoded.")
    out.append(EvidenceLine("Identity", value, _with_problems(say, summary, evidence.problems),
                            reference_text(evidence.reference)))
    if claims is not None and claims.attest in _ATTEST:
        out.append(EvidenceLine("Identity", value, _(_ATTEST[claims.attest]), reference_text(Reference(8588, "4"))))
    if claims is not None and claims.iat_quoted:
        out.append(EvidenceLine("Identity", value, _(
            "The iat claim is written as a string; a PASSporT gives it as a JSON number (NumericDate), as erratum "
            "6656 on RFC 8588 also notes. It is read as the number it spells."), "RFC 8225 §5.1.1"))
    differences = []
    for comparison in compare_identity(evidence, message, request_uri=request_uri, observed_at=observed_at):
        sentence = _comparison(say, comparison)
        if sentence:
            differences.append(EvidenceLine("Identity", value, sentence, reference_text(comparison.reference)))
    out.extend(differences)
    check = verify_identity(evidence, certificate_pem=cert)
    where = check.x5u or check.info
    if check.status is SignatureStatus.VALID:
        meaning, reference = _("The signature is valid for the certificate given."), check.reference
    elif check.status is SignatureStatus.INVALID:
        meaning, reference = _("The signature does not verify with the certificate given: the PASSporT was "
                               "changed after signing, or signed with another key."), check.reference
    elif check.status is SignatureStatus.UNREADABLE_KEY:
        meaning, reference = _("The certificate given cannot be used: it holds no P-256 public key, the key type "
                               "ES256 signatures need."), check.reference
    elif check.status is SignatureStatus.NOT_VERIFIABLE_OFFLINE:
        meaning = (_("The signature cannot be verified offline: that needs the signer's certificate, published at "
                     "%(url)s.") % {"url": _shown(where)} if where else
                   _("The signature cannot be verified offline: that needs the signer's certificate, and the "
                     "PASSporT names none."))
        reference = Reference(8225, "4.1")
    elif check.status is SignatureStatus.UNSUPPORTED_ALGORITHM:
        meaning, reference = _("The signature algorithm is %(alg)s, not ES256, and is not checked.") % {
            "alg": _shown(header.alg if header else None) or "?"}, Reference(8225, "4.1")
    elif check.status is SignatureStatus.PAYLOAD_OMITTED:
        meaning, reference = _("In compact form the signature covers claims rebuilt from the request; it is not "
                               "checked."), Reference(8225, "7")
    else:
        meaning, reference = _("The PASSporT cannot be decoded, so its signature cannot be checked."), check.reference
    out.append(EvidenceLine("Identity", value, meaning, reference_text(reference)))
    return out


def _identities(say: _Say, message: sip.Message, request: sip.Request | None, cert: bytes | None,
                observed_at: float | None) -> list[EvidenceLine]:
    out = []
    request_uri = request.uri if request is not None else None
    for raw in message.headers.get_lines("Identity"):
        for evidence in parse_identity(raw):
            out.extend(_identity_lines(say, raw, evidence, message, request_uri, cert, observed_at))
    return out


# -- the whole response ---------------------------------------------------------------------------------------------

_Explain = Callable[[_Say, str, sip.Response, "sip.Request | None"], list[EvidenceLine]]
_BY_HEADER: dict[str, _Explain] = {
    "reason": _reason,
    "warning": _warning,
    "retry-after": _retry_after,
    "www-authenticate": _challenge("WWW-Authenticate", "20.44"),
    "proxy-authenticate": _challenge("Proxy-Authenticate", "20.27"),
    "unsupported": _unsupported,
    "require": _require,
    "supported": _supported,
    "allow": _allow,
    "accept": _accept,
    "accept-encoding": _accept_encoding,
    "accept-language": _accept_language,
    "min-expires": _min_expires,
    "min-se": _min_se,
    "session-expires": _session_expires,
    "security-server": _security_server,
    "call-info": _call_info,
}
#: Header fields read element by element (their grammar is a comma-separated list).
_ELEMENTS = {"reason", "warning", "call-info"}


def gather_evidence(response: sip.Response, request: sip.Request | None, lang: str, *,
                    cert: bytes | None = None, observed_at: float | None = None) -> list[EvidenceLine]:
    """What each header field of `response` tells about this failure, in `lang`.

    `request` is the request `response` answers (None when it was not captured); it supplies the method, the
    credentials sent and, for 428, 436, 437 and 438, the Identity header fields whose PASSporT is decoded, set
    beside From / To / P-Asserted-Identity / Date and, with `cert` (the signer's certificate or public key, PEM),
    checked. `observed_at` (seconds since the epoch) is compared with iat too when given. Never raises on odd
    header values: what cannot be read is said to be malformed.
    """
    say = _Say(lang)
    out: list[EvidenceLine] = []
    headers = response.headers
    for name in headers.names():
        key = name.lower()
        if key == "contact":
            if 300 <= response.status < 400 or response.status == 485:
                out.extend(_guarded(say, name, " ".join(headers.get_lines(name)),
                                    lambda: _contacts(say, headers.get_all("contact"), response)))
            continue
        if key == "identity":
            out.extend(_guarded(say, name, headers.get(name) or "",
                                lambda: _identities(say, response, request, cert, observed_at)))
            continue
        explain = _BY_HEADER.get(key)
        if explain is None:
            continue
        raws = headers.get_all(name) if key in _ELEMENTS else headers.get_lines(name)
        for raw in raws:
            out.extend(_guarded(say, name, raw, lambda: explain(say, raw, response, request)))
    if response.status == 503 and "retry-after" not in headers:
        out.append(EvidenceLine("Retry-After", "", say._(
            "The 503 gives no Retry-After, so the client has to treat it as it would a 500 response."),
            reference_text(Reference(3261, "21.5.4"))))
    if response.status in _STIR_CODES and request is not None:
        if "identity" in request.headers:
            out.extend(_guarded(say, "Identity", request.headers.get("identity") or "",
                                lambda: _identities(say, request, request, cert, observed_at)))
        elif response.status == 428:
            out.append(EvidenceLine("Identity", "", say._(
                "The request carries no Identity header field, and the server wants one."),
                reference_text(Reference(8224, "6.2.2"))))
    return out


def _guarded(say: _Say, name: str, raw: str, produce: Callable[[], list[EvidenceLine]]) -> list[EvidenceLine]:
    """The lines `produce` gives; a value that trips a decoder gives one line saying it cannot be read."""
    try:
        return produce()
    except (ValueError, TypeError, KeyError, IndexError, AttributeError, OverflowError, RecursionError):
        return [EvidenceLine(name, one_line(raw), say._("This value cannot be read."), "")]

"""Closed sets of ids that catalog data files may use, with their English labels.

Data files name these ids; renderers show the labels. A data file that uses an id not listed here is rejected
when it is loaded, so a typo can never reach a page.
"""

from ..i18n import N_

STATUSES = {
    "current": N_("current"),
    "deprecated": N_("deprecated (registered, but its defining RFC says not to send it)"),
    "historic": N_("historic (defined by RFC 2543, dropped by RFC 3261, never registered with IANA)"),
}

# short names, shown in badges and tables (templates translate `entry.status` through these messages)
STATUS_NAMES = {"current": N_("current"), "deprecated": N_("deprecated"), "historic": N_("historic")}

CLASS_NAMES = {
    1: N_("Provisional"),
    2: N_("Successful"),
    3: N_("Redirection"),
    4: N_("Request Failure"),
    5: N_("Server Failure"),
    6: N_("Global Failure"),
}

# What each code says, in a few words: one id per code, so that a comparison always starts from what separates
# the meanings of its two codes (RFC sections are in each code's references).
MEANINGS = {
    "next-hop-trying": N_("the next hop has the request and is working on it"),  # 100
    "ringing": N_("the called device is alerting its user"),  # 180
    "being-forwarded": N_("a server is forwarding the call to other destinations"),  # 181
    "queued": N_("the callee is unavailable for now, so the call waits in a queue"),  # 182
    "session-progress": N_("the far end reports call progress that no other 1xx describes"),  # 183
    "early-dialog-terminated": N_("one early dialog of the INVITE has ended"),  # 199
    "success": N_("the request succeeded"),  # 200
    "accepted-deprecated": N_("the SUBSCRIBE or REFER was accepted, just as 200 would say"),  # 202
    "no-notification": N_("the subscription request succeeded and no NOTIFY will follow for it"),  # 204
    "multiple-choices": N_("the address resolved to several locations to choose from"),  # 300
    "moved-permanently": N_("the user has moved for good to the Contact address"),  # 301
    "moved-temporarily": N_("the user can be reached at the Contact address for now"),  # 302
    "use-proxy": N_("the target must be reached through the proxy given in Contact"),  # 305
    "alternative-service": N_("the call failed, but the body describes alternative services"),  # 380
    "bad-request": N_("the request is malformed and could not be understood"),  # 400
    "uas-credentials-required": N_("the registrar or user agent wants credentials before it accepts the request"),  # 401
    "payment-required": N_("payment is required, a meaning SIP reserves for future use"),  # 402
    "forbidden": N_("the server understood the request and refuses to fulfil it"),  # 403
    "not-found": N_("the user does not exist in that domain, or the server does not handle the domain"),  # 404
    "method-not-allowed": N_("the method is known but not allowed for this address"),  # 405
    "not-acceptable": N_("an answer could only come in a format the Accept header field rules out"),  # 406
    "proxy-credentials-required": N_("a proxy wants credentials before it routes the request"),  # 407
    "request-timeout": N_("no final response could be produced in time"),  # 408
    "conflict": N_("the request conflicted with the current state of the resource"),  # 409
    "gone": N_("the user was once reachable here but is permanently gone"),  # 410
    "length-required": N_("the server refuses a request that does not state its Content-Length"),  # 411
    "conditional-request-failed": N_("no event state matches the entity-tag in SIP-If-Match"),  # 412
    "body-too-large": N_("the request's body is larger than the server will process"),  # 413
    "uri-too-long": N_("the Request-URI is longer than the server will interpret"),  # 414
    "unsupported-media-type": N_("the body's type, encoding or language is not supported"),  # 415
    "unsupported-uri-scheme": N_("the scheme of the Request-URI is not supported"),  # 416
    "unknown-resource-priority": N_("no Resource-Priority value in the request is understood"),  # 417
    "bad-extension": N_("an extension listed in Require or Proxy-Require is not supported"),  # 420
    "extension-required": N_("the server needs an extension the request did not list in Supported"),  # 421
    "session-interval-too-small": N_("the Session-Expires interval is below the server's minimum"),  # 422
    "interval-too-brief": N_("the requested expiration interval is shorter than the server accepts"),  # 423
    "bad-location-information": N_("the location information in the request cannot be used"),  # 424
    "bad-alert-message": N_("the emergency alert message in the request is malformed"),  # 425
    "identity-required": N_("a signed Identity header field is required"),  # 428
    "referrer-identity-required": N_("a valid Referred-By token is required"),  # 429
    "flow-failed": N_("the flow to the registered device has failed"),  # 430
    "anonymity-disallowed": N_("requests from callers who hide their identity are refused"),  # 433
    "bad-identity-info": N_("the credential that the Identity header field points to could not be obtained"),  # 436
    "unsupported-credential": N_("the credential that signed the Identity header field is not accepted"),  # 437
    "invalid-identity-header": N_("no Identity header field carries a valid signature"),  # 438
    "first-hop-lacks-outbound": N_("the first-hop proxy does not support SIP Outbound"),  # 439
    "max-breadth-exceeded": N_("forking the request would exceed its Max-Breadth"),  # 440
    "bad-info-package": N_("the INFO uses an Info Package the peer has not agreed to receive"),  # 469
    "consent-needed": N_("some recipients in the URI list have not given their consent"),  # 470
    "temporarily-unavailable": N_("the callee exists but is not available right now"),  # 480
    "no-matching-dialog": N_("no dialog or transaction matches the request"),  # 481
    "loop-detected": N_("the request came back to a server it had already passed"),  # 482
    "too-many-hops": N_("the request used up its Max-Forwards count of hops"),  # 483
    "address-incomplete": N_("the called address is incomplete"),  # 484
    "ambiguous": N_("the called address matches more than one user"),  # 485
    "busy-here": N_("the device reached is busy"),  # 486
    "request-terminated": N_("a CANCEL or BYE, or the INVITE's Expires time, ended the request before it completed"),  # 487
    "not-acceptable-here": N_("the device reached cannot take the session as offered"),  # 488
    "bad-event": N_("the event package named in the request is not supported"),  # 489
    "request-pending": N_("the responding side has its own request on the dialog still pending"),  # 491
    "undecipherable": N_("the encrypted body cannot be decrypted"),  # 493
    "security-agreement-required": N_("a security mechanism must be agreed on first"),  # 494
    "server-internal-error": N_("the server hit an unexpected error while handling this request"),  # 500
    "not-implemented": N_("the server does not implement what the request needs"),  # 501
    "bad-gateway": N_("the next server returned an invalid response"),  # 502
    "service-unavailable": N_("the server is temporarily overloaded or in maintenance"),  # 503
    "server-timeout": N_("a server the responding server relied on did not answer in time"),  # 504
    "version-not-supported": N_("the SIP version of the request is not supported"),  # 505
    "message-too-large": N_("the whole message is longer than the server can process"),  # 513
    "push-service-not-supported": N_("the push notification service the request names is not supported"),  # 555
    "precondition-failure": N_("the preconditions the session offer requires cannot be met"),  # 580
    "busy-everywhere": N_("the callee is busy and no other device will answer"),  # 600
    "decline": N_("the called user explicitly refuses the call"),  # 603
    "does-not-exist-anywhere": N_("the user does not exist anywhere"),  # 604
    "not-acceptable-anywhere": N_("the user wants to communicate, but none of the user's devices can support the offered session"),  # 606
    "unwanted": N_("the called user marks the call as unwanted"),  # 607
    "rejected": N_("an intermediary, not the called user, rejected the call"),  # 608
}

SENDERS = {
    "uas": N_("user agent server (the called phone, softphone or application)"),
    "proxy": N_("proxy server"),
    "edge-proxy": N_("edge proxy (the first hop of a SIP Outbound flow)"),
    "registrar": N_("registrar"),
    "redirect-server": N_("redirect server"),
    "b2bua": N_("B2BUA or SBC"),
    "pstn-gateway": N_("PSTN gateway"),
    "notifier": N_("notifier (the server side of a subscription)"),
    "event-state-compositor": N_("event state compositor (the server that accepts PUBLISH)"),
    "stir-verifier": N_("STIR verification service"),
    "stir-authenticator": N_("STIR authentication service"),
    "push-proxy": N_("SIP proxy that supports push notifications"),
    "referral-recipient": N_("REFER recipient"),
    "any-element": N_("any SIP element that received the request"),
}

METHODS = (
    "ACK", "BYE", "CANCEL", "INFO", "INVITE", "MESSAGE", "NOTIFY", "OPTIONS", "PRACK", "PUBLISH", "REFER",
    "REGISTER", "SUBSCRIBE", "UPDATE",
)
# "*" in `answers` means the code can answer a request of any method.
ANY_METHOD = "*"

HEADERS = (
    "Accept", "Accept-Encoding", "Accept-Language", "Accept-Resource-Priority", "AlertMsg-Error", "Allow",
    "Allow-Events", "Authentication-Info", "Call-Info", "Contact", "Content-Encoding", "Content-Type", "Error-Info",
    "Expires", "Feature-Caps", "Flow-Timer", "Geolocation-Error", "Min-Expires", "Min-SE", "Path", "Permission-Missing",
    "Proxy-Authenticate", "RSeq", "Reason", "Record-Route", "Recv-Info", "Require", "Retry-After",
    "Security-Server", "Service-Route", "Session-Expires", "SIP-ETag", "Supported", "Unsupported", "Warning",
    "WWW-Authenticate",
)

NEXT_STEPS = {
    "wait-for-final": N_("keep waiting: a final response is still to come"),
    "done": N_("the request succeeded; nothing to retry"),
    "retry-unchanged": N_("the same request may be sent again unchanged"),
    "retry-modified": N_("retry after changing the request"),
    "retry-later": N_("retry later (after Retry-After, if present)"),
    "try-other-destination": N_("try another destination (the Contact URIs, another route or server)"),
    "stop": N_("stop: retrying the same request will fail the same way"),
    # steps of single codes, each standing alone
    "request-ended": N_("nothing to retry: a CANCEL, a BYE or the Expires time ended the request, which did not fail"),  # 487
    "retry-via-proxy": N_("send the same request again through the proxy named in Contact"),  # 305
    "follow-alternative": N_("follow the alternative service described in the body, if its type is understood"),  # 380
    "retry-after-random-wait": N_("retry after a random wait: 2.1 to 4 s if the client chose the Call-ID, otherwise "
                                  "0 to 2 s"),  # 491
}
# Steps that never combine with another one.
STANDALONE_STEPS = ("wait-for-final", "done", "request-ended", "retry-via-proxy", "follow-alternative",
                    "retry-after-random-wait")

RETRY_CHANGES = {
    "add-credentials": N_("answer the challenge with credentials (Authorization or Proxy-Authorization)"),
    "raise-session-interval": N_("raise Session-Expires to at least the Min-SE value"),
    "raise-expires": N_("raise Expires to at least the Min-Expires value"),
    "remove-extension": N_("drop the option tags the server listed in Unsupported"),
    "add-extension": N_("support and use the extensions the server listed in Require"),
    "change-session-offer": N_("offer other media, codecs or transports (see Warning and Accept)"),
    "change-body-format": N_("send the body with a type, encoding or language the server accepts"),
    "complete-address": N_("send the complete number or address"),
    "add-identity": N_("add a valid Identity header field (sign the call)"),
    "fix-identity": N_("sign again so that the Identity header field matches the request as it is delivered"),
    "fix-identity-info": N_("make the info URI of the Identity header field reachable and serve the credential there"),
    "fix-request-syntax": N_("correct the malformed request"),
    "shorten-request-uri": N_("shorten the Request-URI"),  # 414
    "shrink-body": N_("omit the body or send a smaller one"),  # 413
    "shrink-message": N_("send a smaller message, with fewer or shorter header fields or a smaller body"),  # 513
    "use-sip-2-0": N_("send the request as SIP/2.0"),  # 505
    "use-supported-scheme": N_("use a URI scheme the server supports (usually sip or sips)"),
    "add-referrer-token": N_("add a valid Referred-By token"),
    "fix-location": N_("correct or supply the location information"),
    "fix-alert-info": N_("correct the alert message sent with the request"),
    "establish-security-agreement": N_("negotiate a security mechanism from Security-Server"),
    "use-supported-event-package": N_("use an event package listed in Allow-Events"),
    "use-supported-info-package": N_("use an Info Package the recipient listed in Recv-Info"),
    "obtain-consent": N_("obtain permission from the target before relaying to it"),
    "use-known-resource-priority": N_("use a Resource-Priority namespace and value the server accepts"),
    "reveal-identity": N_("send the request without requesting anonymity"),
    "send-initial-publish": N_("publish again without SIP-If-Match (create new event state)"),
    "create-new-flow": N_("register again to create a new flow"),
    "register-without-outbound": N_("register without SIP Outbound through this first hop"),
    "retry-without-push": N_("retry without the push notification parameters"),
    "send-decipherable-body": N_("send a body the recipient can decrypt, or an unencrypted one"),
    "reduce-parallel-forks": N_("send the request with fewer parallel branches"),
}

DIALOG_EFFECTS = {
    "none": N_("no effect on dialogs"),
    "creates-early": N_("with a To tag, in answer to INVITE, creates an early dialog"),
    "confirms": N_("creates or confirms the dialog (for INVITE, SUBSCRIBE and REFER)"),
    "reports-early-terminated": N_("tells upstream that one early dialog has been terminated"),
    "ends-early-dialogs": N_("as a final response to INVITE, ends the early dialogs that INVITE created"),
    "ends-dialog": N_("in answer to a request inside a dialog, tells the UAC to end the dialog"),
}

FORKING_EFFECTS = {
    "not-forwarded": N_("not forwarded by proxies: it only stops retransmissions on this hop"),
    "forwarded-immediately": N_("a forking proxy forwards it upstream at once"),
    "best-response": N_("a forking proxy holds it and keeps other branches going, then sends the best final response"),
    "may-recurse": N_("a forking proxy may recurse on the Contact URIs instead of forwarding it"),
    "aggregates-challenges": N_("a forking proxy merges the challenges of all branches into the response it sends"),
    "cancels-all-branches": N_("a forking proxy cancels every pending branch and starts no new ones"),
    # RFC 3261 §16.7 step 6: 500 replaces 503 only when 503 is the sole response; otherwise another one is chosen
    "converted-to-500": N_("a proxy should not forward it unless it knows every request it could proxy would get it "
                           "too; if it is the only response, the proxy should send 500, otherwise the best other response"),
}

ACK_BEHAVIOURS = {
    "none": N_("not acknowledged: provisional responses get no ACK"),
    "end-to-end": N_("in answer to INVITE, the UAC core sends the ACK end to end, as a new transaction (RFC 3261 §13.2.2.4)"),
    "hop-by-hop": N_("in answer to INVITE, each client transaction sends the ACK hop by hop (RFC 3261 §17.1.1.3)"),
}


#: How a call ends, by the final response it got (the `outcome` fact of each final code) or by what the capture
#: shows of the call (the last three: a retried challenge, no final response before Timer B or F, no end seen).
OUTCOMES = {
    "answered": N_("answered"),
    "busy": N_("busy"),
    "declined": N_("declined"),
    "no-answer": N_("not answered"),
    "cancelled": N_("cancelled"),
    "redirected": N_("redirected"),
    "rejected": N_("rejected"),
    "network-failure": N_("failed in the network"),
    "timed-out": N_("timed out"),
    "challenged-then-answered": N_("challenged, then answered"),
    "unfinished": N_("unfinished"),
}
#: The outcomes a final response code can have as its `outcome` fact.
CODE_OUTCOMES = frozenset(OUTCOMES) - {"challenged-then-answered", "unfinished"}

#: Q.850 cause classes in value order, each with the range it covers (Q.850 groups the values in blocks).
CAUSE_CLASSES = (
    ("normal-event", N_("normal event")),                                  # 1-31
    ("resource-unavailable", N_("resource unavailable")),                  # 32-47
    ("service-not-available", N_("service or option not available")),     # 48-63
    ("service-not-implemented", N_("service or option not implemented")),  # 64-79
    ("invalid-message", N_("invalid message")),                            # 80-95
    ("protocol-error", N_("protocol error")),                              # 96-111
    ("interworking", N_("interworking")),                                  # 112-127
)
CAUSE_CLASS_NAMES = dict(CAUSE_CLASSES)

#: Q.850 location values (the `location` field of a cause; RFC 8606 carries it in a Reason header field as the
#: abbreviation): value -> (abbreviation, where the cause was generated).
CAUSE_LOCATIONS = {
    0: ("U", N_("the user")),
    1: ("LPN", N_("a private network serving the local user")),
    2: ("LN", N_("the public network serving the local user")),
    3: ("TN", N_("a transit network")),
    4: ("RLN", N_("the public network serving the remote user")),
    5: ("RPN", N_("a private network serving the remote user")),
    7: ("INTL", N_("an international network")),
    10: ("BI", N_("a network beyond the interworking point")),
}

#: What a router with several routes or carriers (a least-cost router, an SBC) should do when a final failure
#: response (300-699) comes back on one route: the `failover` fact of each code 300-699.
FAILOVER_ACTIONS = {
    "next-route": N_("try the request on another route or carrier"),
    "stop": N_("stop: return the response to the caller; another route will not help"),
    "retry-later": N_("retry on the same route later"),
    "retry-modified": N_("retry on the same route after changing the request as the response says"),
}

#: What a `failover` fact rests on: an RFC section the entry cites, or common practice where none is cited.
FAILOVER_BASES = {
    "rfc": N_("an RFC section says so"),
    "practice": N_("common carrier and SBC practice; no RFC section is cited for it"),
}

#: Where an INVITE request answered with a final code counts in the session metrics of RFC 6076 §4 (the
#: `session_setup` fact): in the numerators of SER and SEER (§4.6: 200 only), of SEER alone (§4.7: the callee's own
#: state or choice), left out of the SER and SEER denominators (§4.6, §4.7: redirections), in the numerator of ISA
#: (§4.8), or only as an attempt.
SESSION_SETUP = frozenset({"established", "effective", "redirected", "ineffective", "attempt"})

#: Where a REGISTER request answered with a final code counts in the registration metrics of RFC 6076 §4 (the
#: `registration` fact): the one success that ends a Registration Request Delay (§4.1: 200 OK), a challenge that
#: is no failure (§4.2: 401, 402, 407), an Ineffective Registration Attempt (§4.2: any other 4xx, any 5xx or 6xx),
#: or another answer, counted as a request only (other 2xx, every 3xx).
REGISTRATION = frozenset({"registered", "challenged", "ineffective", "other"})

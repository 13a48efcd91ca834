"""Closed sets of ids that catalog data files may use, with their English labels.

Data files name these ids; renderers show the labels. A data file that uses an id not listed here is rejected
when it is loaded, so a typo can never reach a page.
"""

STATUSES = {
    "current": "current",
    "deprecated": "deprecated (registered, but its defining RFC says not to send it)",
    "historic": "historic (defined by RFC 2543, dropped by RFC 3261, never registered with IANA)",
}

CLASS_NAMES = {
    1: "Provisional",
    2: "Successful",
    3: "Redirection",
    4: "Request Failure",
    5: "Server Failure",
    6: "Global Failure",
}

SENDERS = {
    "uas": "user agent server (the called phone, softphone or application)",
    "proxy": "proxy server",
    "edge-proxy": "edge proxy (the first hop of a SIP Outbound flow)",
    "registrar": "registrar",
    "redirect-server": "redirect server",
    "b2bua": "B2BUA or SBC",
    "pstn-gateway": "PSTN gateway",
    "notifier": "notifier (the server side of a subscription)",
    "event-state-compositor": "event state compositor (the server that accepts PUBLISH)",
    "stir-verifier": "STIR verification service",
    "stir-authenticator": "STIR authentication service",
    "push-proxy": "SIP proxy that supports push notifications",
    "referral-recipient": "REFER recipient",
    "any-element": "any SIP element that received the request",
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
    "wait-for-final": "keep waiting: a final response is still to come",
    "done": "the request succeeded; nothing to retry",
    "retry-unchanged": "the same request may be sent again unchanged",
    "retry-modified": "retry after changing the request",
    "retry-later": "retry later (after Retry-After, if present)",
    "try-other-destination": "try another destination (the Contact URIs, another route or server)",
    "stop": "stop: retrying the same request will fail the same way",
}

RETRY_CHANGES = {
    "add-credentials": "answer the challenge with credentials (Authorization or Proxy-Authorization)",
    "raise-session-interval": "raise Session-Expires to at least the Min-SE value",
    "raise-expires": "raise Expires to at least the Min-Expires value",
    "remove-extension": "drop the option tags the server listed in Unsupported",
    "add-extension": "support and use the extensions the server listed in Require",
    "change-session-offer": "offer other media, codecs or transports (see Warning and Accept)",
    "change-body-format": "send the body with a type, encoding or language the server accepts",
    "complete-address": "send the complete number or address",
    "add-identity": "add a valid Identity header field (sign the call)",
    "fix-identity": "sign again so that the Identity header field matches the request as it is delivered",
    "fix-identity-info": "make the info URI of the Identity header field reachable and serve the credential there",
    "fix-request-syntax": "correct the malformed request",
    "shrink-request": "make the request smaller (shorter Request-URI, smaller body, or a transport such as TCP)",
    "use-supported-scheme": "use a URI scheme the server supports (usually sip or sips)",
    "add-referrer-token": "add a valid Referred-By token",
    "fix-location": "correct or supply the location information",
    "fix-alert-info": "correct the alert message sent with the request",
    "establish-security-agreement": "negotiate a security mechanism from Security-Server",
    "use-supported-event-package": "use an event package listed in Allow-Events",
    "use-supported-info-package": "use an Info Package the recipient listed in Recv-Info",
    "obtain-consent": "obtain permission from the target before relaying to it",
    "use-known-resource-priority": "use a Resource-Priority namespace and value the server accepts",
    "reveal-identity": "send the request without requesting anonymity",
    "send-initial-publish": "publish again without SIP-If-Match (create new event state)",
    "create-new-flow": "register again to create a new flow",
    "register-without-outbound": "register without SIP Outbound through this first hop",
    "retry-without-push": "retry without the push notification parameters",
    "send-decipherable-body": "send a body the recipient can decrypt, or an unencrypted one",
    "reduce-parallel-forks": "send the request with fewer parallel branches",
}

DIALOG_EFFECTS = {
    "none": "no effect on dialogs",
    "creates-early": "with a To tag, in answer to INVITE, creates an early dialog",
    "confirms": "creates or confirms the dialog (for INVITE, SUBSCRIBE and REFER)",
    "reports-early-terminated": "tells upstream that one early dialog has been terminated",
    "ends-early-dialogs": "as a final response to INVITE, ends the early dialogs that INVITE created",
    "ends-dialog": "in answer to a request inside a dialog, tells the UAC to end the dialog",
}

FORKING_EFFECTS = {
    "not-forwarded": "not forwarded by proxies: it only stops retransmissions on this hop",
    "forwarded-immediately": "a forking proxy forwards it upstream at once",
    "best-response": "a forking proxy holds it and keeps other branches going, then sends the best final response",
    "may-recurse": "a forking proxy may recurse on the Contact URIs instead of forwarding it",
    "aggregates-challenges": "a forking proxy merges the challenges of all branches into the response it sends",
    "cancels-all-branches": "a forking proxy cancels every pending branch and starts no new ones",
    "converted-to-500": "a proxy does not pass it upstream as is; it sends 500 unless it can tell that every route fails",
}

ACK_BEHAVIOURS = {
    "none": "not acknowledged: provisional responses get no ACK",
    "end-to-end": "in answer to INVITE, the UAC core sends the ACK end to end, as a new transaction (RFC 3261 §13.2.2.4)",
    "hop-by-hop": "in answer to INVITE, each client transaction sends the ACK hop by hop (RFC 3261 §17.1.1.3)",
}

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
}

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
    "shrink-request": N_("make the request smaller (shorter Request-URI, smaller body, or a transport such as TCP)"),
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
                           "too; if it is the only response, the proxy sends 500, otherwise the best other response"),
}

ACK_BEHAVIOURS = {
    "none": N_("not acknowledged: provisional responses get no ACK"),
    "end-to-end": N_("in answer to INVITE, the UAC core sends the ACK end to end, as a new transaction (RFC 3261 §13.2.2.4)"),
    "hop-by-hop": N_("in answer to INVITE, each client transaction sends the ACK hop by hop (RFC 3261 §17.1.1.3)"),
}

"""Header values that the SIPp scenarios of make-captures.sh cannot compute themselves; writes them into DIR.

    python3 make_headers.py DIR

- a P-256 key and a self-signed certificate (the certificate goes to ./cert.pem beside this script, for tests that
  check signatures with --cert; the key is written only to DIR and thrown away);
- identity-wrong-dest: an Identity header field (RFC 8224 §4) carrying a full-form ES256 PASSporT (RFC 8225) signed
  with that key, whose orig matches the From number and whose dest names a number other than the To number;
- identity-bad-signature: orig and dest both match, but signed by another key (invalid against cert.pem);
- dategmt: the Date header field value matching the iat of both PASSporTs;
- auth1, auth2: Authorization header field values (Digest, SHA-256 as in RFC 8760, qop=auth) answering the two
  fixed nonces that the UAS of the 401 scenario sends, for user "alice", password "secret", realm "example.net".
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import os
import sys
import time
from email.utils import formatdate

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.x509.oid import NameOID

HERE = os.path.dirname(os.path.abspath(__file__))
X5U = "https://cert.example.net/sipcodes-test.pem"
FROM_TN = "12155551212"   # From: sip:+12155551212@example.com
TO_TN = "12155550100"     # To: sip:+12155550100@example.net
OTHER_TN = "12155550199"  # the dest of the wrong-dest PASSporT
REQUEST_URI = "sip:+12155550100@127.0.0.1:5070"
REALM, USER, PASSWORD = "example.net", "alice", "secret"
NONCES = ("5a1e7d2c0b9f4e3a8d6c", "9c3b1f0e7a5d2c4b6e8f")  # must match scenarios/401-uas.xml
CNONCE = "0a4f113b"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def passport(key: ec.EllipticCurvePrivateKey, dest_tn: str, iat: int) -> str:
    header = {"alg": "ES256", "ppt": "shaken", "typ": "passport", "x5u": X5U}
    payload = {"attest": "A", "dest": {"tn": [dest_tn]}, "iat": iat, "orig": {"tn": FROM_TN},
               "origid": "123e4567-e89b-12d3-a456-426614174000"}
    signing_input = ".".join(b64url(json.dumps(part, sort_keys=True, separators=(",", ":")).encode())
                             for part in (header, payload))
    r, s = decode_dss_signature(key.sign(signing_input.encode("ascii"), ec.ECDSA(hashes.SHA256())))
    signature = r.to_bytes(32, "big") + s.to_bytes(32, "big")  # JWS ES256: R || S (RFC 7518 §3.4)
    return f"{signing_input}.{b64url(signature)};info=<{X5U}>;alg=ES256;ppt=shaken"


def certificate(key: ec.EllipticCurvePrivateKey) -> bytes:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "sipcodes test STI certificate")])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc))
            .not_valid_after(datetime.datetime(2036, 1, 1, tzinfo=datetime.timezone.utc))
            .sign(key, hashes.SHA256()))
    return cert.public_bytes(serialization.Encoding.PEM)


def digest_authorization(nonce: str) -> str:
    def h(text: str) -> str:
        return hashlib.sha256(text.encode()).hexdigest()
    ha1 = h(f"{USER}:{REALM}:{PASSWORD}")
    ha2 = h(f"INVITE:{REQUEST_URI}")
    response = h(f"{ha1}:{nonce}:00000001:{CNONCE}:auth:{ha2}")
    return (f'Digest username="{USER}", realm="{REALM}", nonce="{nonce}", uri="{REQUEST_URI}", '
            f'response="{response}", algorithm=SHA-256, cnonce="{CNONCE}", qop=auth, nc=00000001')


def main(out: str) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    other = ec.generate_private_key(ec.SECP256R1())
    iat = int(time.time())
    with open(os.path.join(HERE, "cert.pem"), "wb") as fh:
        fh.write(certificate(key))
    values = {
        "identity-wrong-dest": passport(key, OTHER_TN, iat),
        "identity-bad-signature": passport(other, TO_TN, iat),
        "dategmt": formatdate(iat, usegmt=True),
        "auth1": digest_authorization(NONCES[0]),
        "auth2": digest_authorization(NONCES[1]),
    }
    for name, value in values.items():
        with open(os.path.join(out, name), "w") as fh:
            fh.write(value)


if __name__ == "__main__":
    main(sys.argv[1])

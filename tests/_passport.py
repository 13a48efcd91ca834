"""What the PASSporT tests share: a P-256 signer with a self-signed certificate, and ES256 PASSporTs it signs."""

from __future__ import annotations

import base64
import datetime
import json

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.x509.oid import NameOID

IAT = 1443208345  # 2015-09-25T19:12:25Z
DATE = "Fri, 25 Sep 2015 19:12:25 GMT"
X5U = "https://cert.example.org/passport.cer"


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def make_signer():
    """A fresh P-256 key and a self-signed certificate (PEM) for it."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "SHAKEN test signer")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now)
            .not_valid_after(now + datetime.timedelta(days=1)).sign(key, hashes.SHA256()))
    return key, cert.public_bytes(serialization.Encoding.PEM)


def passport(key, claims: dict, header: dict | None = None) -> str:
    """A full-form PASSporT signed with ES256 (JWS compact serialisation, raw R||S signature)."""
    header = header or {"alg": "ES256", "typ": "passport", "ppt": "shaken", "x5u": X5U}
    signing_input = f"{b64(json.dumps(header).encode())}.{b64(json.dumps(claims).encode())}"
    r, s = decode_dss_signature(key.sign(signing_input.encode(), ec.ECDSA(hashes.SHA256())))
    return f"{signing_input}.{b64(r.to_bytes(32, 'big') + s.to_bytes(32, 'big'))}"

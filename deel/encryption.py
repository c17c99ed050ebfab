"""Encrypting secrets at rest (key-box secrets) with Fernet, for apps below payments.

The key is settings.DEEL_FIELD_ENCRYPTION_KEY (a Fernet key, required in production);
without it (development, tests) a key is derived from SECRET_KEY, the same derivation as
payments.crypto, so whoever has only the database cannot read the secrets. The key is
never in the repository.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


class SecretUnreadable(Exception):
    """The stored token does not decrypt with the present key (the key was changed)."""


def _fernet() -> Fernet:
    key = getattr(settings, "DEEL_FIELD_ENCRYPTION_KEY", "")
    if not key:
        digest = hashlib.sha256(f"deel-field-encryption:{settings.SECRET_KEY}".encode()).digest()
        key = base64.urlsafe_b64encode(digest).decode()
    return Fernet(key.encode() if isinstance(key, str) else key)


def encrypt_bytes(plain: bytes) -> str:
    return _fernet().encrypt(plain).decode()


def decrypt_bytes(token: str) -> bytes:
    try:
        return _fernet().decrypt(token.encode())
    except InvalidToken:
        raise SecretUnreadable from None

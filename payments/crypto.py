"""Encrypting a cooperative's secrets (Stripe keys) at rest with Fernet.

The key comes from settings.DEEL_FIELD_ENCRYPTION_KEY (a Fernet key); without it, a key
is derived from SECRET_KEY, so secrets stay unreadable to whoever has only the database.
"""

from __future__ import annotations

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings


def _fernet() -> Fernet:
    key = getattr(settings, "DEEL_FIELD_ENCRYPTION_KEY", "")
    if not key:
        digest = hashlib.sha256(f"deel-field-encryption:{settings.SECRET_KEY}".encode()).digest()
        key = base64.urlsafe_b64encode(digest).decode()
    return Fernet(key.encode() if isinstance(key, str) else key)


def encrypt(plain: str) -> str:
    if not plain:
        return ""
    return _fernet().encrypt(plain.encode()).decode()


def decrypt(token: str) -> str:
    """The plain text, or "" when there is none or the key changed (the treasurer re-enters it)."""
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        return ""

"""Keyed hashes and signatures, each purpose with its own key derived from the secret."""

from __future__ import annotations

import hashlib
import hmac

from pydantic import SecretStr


def derive_key(secret: SecretStr, purpose: str) -> bytes:
    """Separate keys per purpose, so one hash can never be replayed as another."""
    return hmac.new(secret.get_secret_value().encode(), purpose.encode(), hashlib.sha256).digest()


def keyed_hash(key: bytes, value: str) -> str:
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


class DerivedKeys:
    """The per-purpose keys of one process, derived once from the configured secret."""

    def __init__(self, secret: SecretStr) -> None:
        self.email_lookup = derive_key(secret, "email-lookup")
        self.ip_hash = derive_key(secret, "ip-hash")
        self.tokens = derive_key(secret, "signed-tokens")
        self.sealed = derive_key(secret, "sealed-tokens")  # AES-256-GCM (tokens.seal)
        self.codes = derive_key(secret, "verification-codes")
        self.webhooks = derive_key(secret, "webhook-signing")
        self.csrf = derive_key(secret, "csrf-tokens")
        self.console = derive_key(secret, "console-sessions")

"""The two keys of a lesson: a short public pupil code and a long secret teacher token (kept hashed)."""

from __future__ import annotations

import hashlib
import re
import secrets

# No 0/O, 1/I/L: a code read off a projector is typed right. 31 symbols ** 6 = 8.9e8 codes.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6
TOKEN_BYTES = 24  # 192 bits
_TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{20,100}")
_CODE_SPACING = re.compile(r"[\s\-.]+")


def new_pupil_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def new_teacher_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def normalise_code(text: str | None) -> str | None:
    """'abc-d2f ' -> 'ABCD2F'; None when it cannot be a pupil code (checked before any database query)."""
    code = _CODE_SPACING.sub("", str(text or "")).upper()[: CODE_LENGTH + 1]
    return code if len(code) == CODE_LENGTH and all(c in CODE_ALPHABET for c in code) else None


def token_digest(token: str | None) -> str | None:
    """What the database keeps of a teacher token (sha256): a copied backup gives no teacher links.

    None when the text cannot be a token."""
    token = str(token or "")
    return hashlib.sha256(token.encode()).hexdigest() if _TOKEN_RE.fullmatch(token) else None

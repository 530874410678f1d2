"""Why a delivery failed, in words an operator can act on and without personal data.

Exception messages are not logged or stored as they are: an SMTP server's answer can echo
the recipient's address. Each kind of failure is described from the facts that are safe
(the SMTP status code, the operating system's error text, an HTTP status).
"""

from __future__ import annotations

import smtplib

MAX_REASON = 500


class SafeReason(Exception):
    """A delivery failure whose message holds no personal data (an HTTP status, say)."""


def failure_reason(error: BaseException) -> str:
    name = type(error).__name__
    return f"{name}: {_detail(error)}"[:MAX_REASON] if _detail(error) else name


def _detail(error: BaseException) -> str:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = sorted({str(code) for code, _text in error.recipients.values()})
        return f"the mail server refused the recipient (SMTP {', '.join(codes)})"
    if isinstance(error, smtplib.SMTPResponseException):
        return f"the mail server answered SMTP {error.smtp_code}"
    if isinstance(error, smtplib.SMTPServerDisconnected | SafeReason):
        return str(error)
    if isinstance(error, TimeoutError):
        return "timed out"
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    if type(error).__module__.startswith("httpx"):
        # httpx's transport errors say what failed (connection refused, TLS), no payload.
        return str(error)
    return ""

"""Whatever in a text a mail client could turn into a link, and whether it leads here.

Mail that staff write goes from the privacy address, where a phishing link would be most
believed: a breach notice (issue 28) and a request's extension or refusal reasons. So a
URL of any scheme, a `www.` or bare host name, or an e-mail address in such a text must lead
to this service (`PRIVACY_API_PUBLIC_BASE_URL`, or the address `serve` serves) or be the
contact point; the callers refuse anything else before a mail exists."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import SplitResult, unquote, urlsplit

# Any scheme with an authority, and the opaque schemes a mail client makes clickable.
_SCHEMED = re.compile(
    r"(?i)(?<![\w.+-])(?:[a-z][a-z0-9+.-]*://|(?:mailto|tel|sms|callto|javascript|data|"
    r"vbscript|file):)\S*"
)
_EMAIL = re.compile(r"(?i)(?<![\w.+-])[\w.+-]+@((?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,63})")
# A host name as autolinkers find one: labels of letters in any script (a look-alike
# letter is a different host), a top-level label of two letters or more, whatever stands
# before it ("//evil.example", "@evil.example", "https:evil.example" are links too). Two
# labels, the first of one letter, without a path are an abbreviation ("m.in.", "e.g.");
# with a path ("t.co/x") or a third label ("a.evil.example"), a host.
_HOST = re.compile(
    r"(?i)(?<![\w.])((?:[^\W_](?:[\w-]*[^\W_])?\.)+(?:xn--[a-z0-9-]+|[^\W\d_]{2,63}))"
    r"(?![\w-])([/:?#]\S*)?"
)
# An IPv4 address with a port or path is a link too (bare, it may be a version or a time).
_IP = re.compile(r"(?<![\w.])(\d{1,3}(?:\.\d{1,3}){3})((?::\d+)?[/?#]\S*)")
# Dots a reader sees as dots: an autolinker may too.
_DOTS = str.maketrans({"\u3002": ".", "\uff61": ".", "\uff0e": "."})
_TOKEN = re.compile(r"(?i)[?&;]token=")
_TRAILING = ".,;:!?)]}'\"»”’"


def _port(parts: SplitResult) -> int | None:
    return parts.port or {"http": 80, "https": 443}.get(parts.scheme)


def _ours(url: str, base: SplitResult) -> bool:
    if "\\" in url or "@" in url.partition("?")[0]:
        return False  # user info or a backslash: where a browser goes is not what one reads
    if _TOKEN.search(unquote(url)):  # "?%74oken=" is read as "token" too
        return False  # someone's signed link (a package, a status page) is nobody else's
    try:
        parts = urlsplit(url)
        port = _port(parts)
    except ValueError:
        return False
    return (
        parts.scheme.lower() == base.scheme
        and (parts.hostname or "") == base.hostname
        and port == _port(base)
        and (parts.path or "/").startswith(base.path.rstrip("/") + "/")
    )


def foreign_links(text: str, *, base_url: str, contact_email: str) -> list[str]:
    """Every link-like piece of `text` that is not one of this service's pages or the
    contact address, as written."""
    base = urlsplit(base_url.strip())
    normal = unicodedata.normalize("NFKC", text).translate(_DOTS)
    found: list[str] = []
    for match in _SCHEMED.finditer(normal):
        url = match.group(0).rstrip(_TRAILING)
        if not _ours(url, base):
            found.append(url)
    rest = _SCHEMED.sub(" ", normal)
    for match in _EMAIL.finditer(rest):
        if match.group(0).lower() != contact_email.lower():
            found.append(match.group(0))
    rest = _EMAIL.sub(" ", rest)
    for match in _HOST.finditer(rest):
        host, path = match.group(1), (match.group(2) or "").rstrip(_TRAILING)
        if host.index(".") == 1 and host.count(".") == 1 and not path:
            continue
        if not _ours(f"{base.scheme}://{host}{path or '/'}", base):
            found.append(f"{host}{path}")
    for match in _IP.finditer(rest):
        url = f"{base.scheme}://{match.group(1)}{match.group(2).rstrip(_TRAILING)}"
        if not _ours(url, base):
            found.append(match.group(0).rstrip(_TRAILING))
    return found

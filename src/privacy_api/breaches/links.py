"""What an Art. 34 notice may point people to: this service's own pages, nothing else.

A notice goes from the privacy address to everyone a breach reached, the moment a
phishing mail would be most believed. So whatever in its text a mail client could turn
into a link (a URL of any scheme, a `www.` or bare host name, an e-mail address) must
lead to this service (`PRIVACY_API_PUBLIC_BASE_URL`, or the address `serve` serves) or be
the breach's contact point; anything else is refused before a second key is asked."""

from __future__ import annotations

from privacy_api.breaches.schemas import SubjectNotification
from privacy_api.core.http.errors import Unprocessable
from privacy_api.core.security.outbound_links import foreign_links


class ForeignLink(Unprocessable):
    slug, title = "breach-notice-foreign-link", "A notice may link only to this service's pages"


def check_notice(notification: SubjectNotification, *, base_url: str, contact_email: str) -> None:
    """422 naming each foreign link and where it is; nothing is stored then."""
    where: list[str] = []
    for lang, text in sorted(notification.message.items()):
        for part, value in text.model_dump().items():
            for link in foreign_links(value, base_url=base_url, contact_email=contact_email):
                where.append(f"{lang}.{part}: {link}")
    if where:
        base = base_url.rstrip("/")
        raise ForeignLink(
            f"A breach notice may link only to this service's own pages ({base}/...) and "
            f"name only the contact point {contact_email}; found: {'; '.join(where[:10])}.",
            allowed_base=base,
            found=where,
        )

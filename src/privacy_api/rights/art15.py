"""What Art. 15(1) requires besides the copy, in the person's language, from the register.

Every period, hold, recipient and authority is read from the register (and the wording of
periods from the policy's own sentences), so the answer never states a number twice.
"""

from __future__ import annotations

from typing import Any

from privacy_api.policy.render import activity_retention, basis_phrase, years
from privacy_api.register.art30 import region_text
from privacy_api.register.complaint import complaint_json
from privacy_api.register.spec import Activity, Lang, RegisterSpec

_SOURCES = {
    "en": {
        "subject": "you, when you gave it to us",
        "usage": "your use of the Site (onetagger.com, app.onetagger.com, help.onetagger.com)",
        "payment_provider": "our payment provider, when you pay",
    },
    "pl": {
        "subject": "od Ciebie, gdy nam je przekazałeś(-aś)",
        "usage": "z Twojego korzystania z Witryny (onetagger.com, app.onetagger.com, "
        "help.onetagger.com)",
        "payment_provider": "od naszego dostawcy płatności, gdy dokonujesz płatności",
    },
}
_SYSTEMS = {
    "en": "our own system that provides the Service",
    "pl": "nasz własny system świadczący Usługę",
}
_RIGHTS = {
    "en": (
        ("15", "access to your data and a copy of it"),
        ("16", "rectification of inaccurate data"),
        ("17", "erasure, unless the law or an active contract or claim requires us to keep it"),
        ("18", "restriction of processing while a question is checked"),
        ("19", "that we tell every recipient of a rectification, erasure or restriction"),
        ("20", "your data in a machine-readable form, for you or an organisation you name"),
        (
            "21",
            "objection to processing based on our legitimate interest, and at any time "
            "to direct marketing",
        ),
    ),
    "pl": (
        ("15", "dostęp do swoich danych i ich kopia"),
        ("16", "sprostowanie nieprawidłowych danych"),
        (
            "17",
            "usunięcie danych, chyba że prawo, aktywna umowa lub roszczenie wymagają ich "
            "zachowania",
        ),
        ("18", "ograniczenie przetwarzania na czas wyjaśnienia sprawy"),
        ("19", "poinformowanie każdego odbiorcy o sprostowaniu, usunięciu lub ograniczeniu"),
        (
            "20",
            "otrzymanie danych w formacie nadającym się do odczytu maszynowego, dla siebie "
            "lub wskazanej organizacji",
        ),
        (
            "21",
            "sprzeciw wobec przetwarzania opartego na naszym prawnie uzasadnionym interesie, "
            "a wobec marketingu bezpośredniego w każdej chwili",
        ),
    ),
}
_ARTICLE = {"en": "GDPR Art. {}", "pl": "art. {} RODO"}


def _hold(spec: RegisterSpec, activity: Activity, lang: Lang) -> dict[str, Any] | None:
    hold = spec.retention_of(activity).hold
    if hold is None:
        return None
    return {
        "data_categories": [spec.category_title(c, lang) for c in hold.categories],
        "years": hold.years,
        "period": years(hold.years, lang),
        "reason": hold.reason.of(lang),
    }


def _recipients(
    spec: RegisterSpec, activity: Activity, lang: Lang, systems: list[str]
) -> dict[str, Any]:
    return {
        # By name where the register knows it, by category otherwise.
        "subprocessors": [
            {
                "category": s.title.of(lang),
                **({"name": s.name} if s.name else {}),
                "region": region_text(s, lang),
            }
            for s in spec.recipients_of(activity)
        ],
        # Not our processors: they receive the data directly and keep it by their own policy.
        "independent_recipients": [
            {"name": r.name, "title": r.title.of(lang), "privacy_policy": r.privacy_policy}
            for r in spec.disclosed_to(activity)
        ],
        # Art. 19: the systems that receive our orders for this person's data.
        "systems": [f"{_SYSTEMS[lang]}: {name}" for name in systems],
    }


def _processing(
    spec: RegisterSpec, activity: Activity, lang: Lang, systems: dict[str, list[str]]
) -> dict[str, Any]:
    rule = spec.retention_of(activity)
    reached = sorted({n for p in activity.properties for n in systems.get(p, [])})
    return {
        # An identifier, not a text: the same in every language.
        "activity": activity.key,
        "title": activity.title.of(lang),
        "purposes": [spec.purpose_title(p, lang) for p in activity.purposes],
        "legal_basis": basis_phrase(activity, lang),
        "data_categories": [spec.category_title(c, lang) for c in activity.data_categories],
        "source": [_SOURCES[lang][s] for s in activity.sources],
        "recipients": _recipients(spec, activity, lang, reached),
        "transfers_outside_eea": [
            {
                "recipient": s.name or s.title.of(lang),
                "region": region_text(s, lang),
                "safeguard": s.safeguard_title.of(lang),
            }
            for s in spec.recipients_of(activity)
            if s.outside_eea is not False
        ],
        "retention": {
            "period_months": rule.period_months,
            "text": activity_retention(spec, activity, lang),
            "statutory_hold": _hold(spec, activity, lang),
        },
    }


def activities_held(
    spec: RegisterSpec, records: set[str], *, profile: bool, consents: bool, requests: bool
) -> list[str]:
    """Every activity that processes what the package holds (issue 29): the activities its
    records are filed under; the account activity for the profile (e-mail, name, attributes:
    the activity whose end erases the subject); the stores behind the consent and request
    histories."""
    held = set(records)
    for activity in spec.activities:
        if profile and activity.erases_subject:
            held.add(activity.key)
        if consents and activity.store == "consent_events":
            held.add(activity.key)
        if requests and activity.store == "dsar_tickets":
            held.add(activity.key)
    return sorted(held)


def article_15(
    spec: RegisterSpec, activities: list[str], lang: Lang, systems: dict[str, list[str]]
) -> dict[str, Any]:
    """Art. 15(1)(a)-(h) for the activities that hold the person's data; `systems` maps a
    property to the downstream systems registered for it."""
    authority = spec.controller.supervisory_authority
    controller = spec.controller
    complaint = complaint_json(spec, lang)
    return {
        "lang": lang,
        "controller": {
            "name": controller.name,
            "address": controller.postal_address.of(lang),
            "email": controller.email,
            "contact_point": spec.contact_point.title.of(lang),
            "contact_email": spec.contact_point.email,
        },
        "processing": [
            _processing(spec, a, lang, systems) for a in spec.activities if a.key in activities
        ],
        "rights": [
            {"article": _ARTICLE[lang].format(number), "right": text}
            for number, text in _RIGHTS[lang]
        ],
        # Art. 77: the authority of the person's choice; the lead one (also under the
        # keys "authority" ... "url"), the reader's own where their language tells it, all.
        "right_to_complain": {
            "article": _ARTICLE[lang].format("77"),
            **complaint,
            "authority": authority.name.of(lang),
            "address": authority.postal_address.of(lang),
            "email": authority.email,
            "url": authority.url,
        },
    }

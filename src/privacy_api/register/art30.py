"""The record of processing activities (GDPR Art. 30(1)) as an authority would ask for it."""

from __future__ import annotations

import csv
import io
from typing import Any

from privacy_api.policy.render import activity_retention, basis_phrase
from privacy_api.register.spec import Activity, Lang, RegisterSpec, Subprocessor

# A region the register does not record is not stated as a fact: the policy's own words.
_REGION_UNKNOWN = {
    "en": "not recorded; may be outside the EEA, under the Standard Contractual Clauses",
    "pl": "nieustalony; może to być poza EOG, na podstawie standardowych klauzul umownych",
}


def region_text(sub: Subprocessor, lang: Lang) -> str:
    return sub.region_title.of(lang) if sub.region_title else _REGION_UNKNOWN[lang]


# Stable: a spreadsheet or a script reading the CSV relies on these names and their order.
CSV_COLUMNS = (
    "activity",
    "title",
    "controller",
    "contact_point",
    "purposes",
    "legal_basis",
    "data_subjects",
    "data_categories",
    "recipients",
    "transfers_outside_eea",
    "retention",
    "statutory_hold",
    "security_measures",
)
# OWASP "CSV injection": a cell a spreadsheet would read as a formula is quoted as text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _recipient(spec: RegisterSpec, key: str, lang: Lang) -> dict[str, Any]:
    sub = spec.subprocessors_by_key[key]
    return {
        "category": sub.title.of(lang),
        "name": sub.name,
        "region": region_text(sub, lang),
        "safeguard": sub.safeguard_title.of(lang),
        "dpa_signed_on": sub.dpa_signed_on.isoformat() if sub.dpa_signed_on else None,
    }


def _activity(spec: RegisterSpec, activity: Activity, lang: Lang) -> dict[str, Any]:
    rule = spec.retention_of(activity)
    recipients = [_recipient(spec, k, lang) for k in activity.recipients]
    # Recipients that are not our processors (the platforms of the social buttons).
    recipients += [
        {
            "category": r.title.of(lang),
            "name": r.name,
            "region": None,
            "safeguard": None,
            "dpa_signed_on": None,
            "independent": True,
            "privacy_policy": r.privacy_policy,
        }
        for r in spec.disclosed_to(activity)
    ]
    return {
        "activity": activity.key,
        "title": activity.title.of(lang),
        "purposes": [spec.purpose_title(p, lang) for p in activity.purposes],
        "legal_basis": basis_phrase(activity, lang),
        "data_subjects": [spec.data_subject_categories[d].of(lang) for d in activity.data_subjects],
        "data_categories": [spec.category_title(c, lang) for c in activity.data_categories],
        "recipients": recipients,
        "transfers_outside_eea": [
            {
                "recipient": s.title.of(lang),
                "region": region_text(s, lang),
                "safeguard": s.safeguard_title.of(lang),
            }
            for s in spec.recipients_of(activity)
            if s.outside_eea is not False
        ],
        "retention": {
            "period_months": rule.period_months,
            "clock": rule.clock,
            "action": rule.action,
            "text": activity_retention(spec, activity, lang),
            "statutory_hold": None
            if rule.hold is None
            else {
                "years": rule.hold.years,
                "data_categories": [spec.category_title(c, lang) for c in rule.hold.categories],
                "reason": rule.hold.reason.of(lang),
            },
        },
    }


def art30_record(spec: RegisterSpec, *, version: int, lang: Lang) -> dict[str, Any]:
    """Art. 30(1)(a)-(g): controller and contact, then each activity, then the measures."""
    controller = spec.controller
    return {
        "register_version": version,
        "lang": lang,
        "controller": {
            "name": controller.name,
            "company_number": controller.company_number,
            "address": controller.postal_address.of(lang),
            "email": controller.email,
        },
        "contact_point": {
            "title": spec.contact_point.title.of(lang),
            "email": spec.contact_point.email,
        },
        "activities": [_activity(spec, a, lang) for a in spec.activities],
        "security_measures": [m.of(lang) for m in spec.security_measures],
    }


def _cell(value: str) -> str:
    return "'" + value if value.startswith(_FORMULA_START) else value


def _joined(items: list[str]) -> str:
    return "; ".join(items)


def art30_csv(record: dict[str, Any]) -> str:
    """One row per activity, lists joined by "; ", every cell safe to open in a spreadsheet."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    controller, contact = record["controller"], record["contact_point"]
    measures = _joined(record["security_measures"])
    for a in record["activities"]:
        hold = a["retention"]["statutory_hold"]
        row = (
            a["activity"],
            a["title"],
            f"{controller['name']}, {controller['address']}, {controller['email']}",
            f"{contact['title']}, {contact['email']}",
            _joined(a["purposes"]),
            a["legal_basis"],
            _joined(a["data_subjects"]),
            _joined(a["data_categories"]),
            _joined(
                [r["category"] + (f" ({r['name']})" if r["name"] else "") for r in a["recipients"]]
            ),
            _joined(
                [
                    f"{t['recipient']}: {t['region']}, {t['safeguard']}"
                    for t in a["transfers_outside_eea"]
                ]
            ),
            a["retention"]["text"],
            ""
            if hold is None
            else _joined([str(hold["years"]), *hold["data_categories"], hold["reason"]]),
            measures,
        )
        writer.writerow([_cell(str(v)) for v in row])
    return buffer.getvalue()

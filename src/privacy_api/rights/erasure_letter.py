"""The erasure's answer as the person reads it (issue 29): first what was erased about them
(the account, its address), then what else was erased, then what is kept and why, in plain
sentences in their language. Worded from the erasure's result, which `rights.erasure` owns."""

from __future__ import annotations

from typing import Any

from privacy_api.register.spec import RegisterSpec
from privacy_api.rights.summary import as_lang, records, store_title

_WORDS = {
    "en": {
        "first": "We erased your account and the data it held: your name, your e-mail "
        "address ({email}) and the other details of your profile.",
        "first_again": "Your account, with your name, your e-mail address ({email}) and your "
        "profile, had been erased already; we looked again and erased anything added since.",
        "erased_title": "What else we erased:",
        "anonymised_title": "What we anonymised (it can no longer be linked to you):",
        "kept_title": "What we keep, and why:",
        "kept_none": "We keep nothing else about you.",
        "erased": "{title}: we erased {records}.",
        "anonymised": "{title}: we anonymised {records}.",
        "kept": "{category}, {records}{until}: {reason}.",
        "until": ", until {day}",
    },
    "pl": {
        "first": "Usunęliśmy Twoje konto i dane, które zawierało: Twoje imię i nazwisko, "
        "Twój adres e-mail ({email}) oraz pozostałe dane Twojego profilu.",
        "first_again": "Twoje konto wraz z imieniem i nazwiskiem, adresem e-mail ({email}) i "
        "profilem zostało już wcześniej usunięte; sprawdziliśmy ponownie i usunęliśmy to, co "
        "dodano od tamtej pory.",
        "erased_title": "Co jeszcze usunęliśmy:",
        "anonymised_title": "Co zanonimizowaliśmy (nie można już tego powiązać z Tobą):",
        "kept_title": "Co zachowujemy i dlaczego:",
        "kept_none": "Nie przechowujemy żadnych innych Twoich danych.",
        "erased": "{title}: usunęliśmy {records}.",
        "anonymised": "{title}: zanonimizowaliśmy {records}.",
        "kept": "{category}, {records}{until}: {reason}.",
        "until": ", do {day}",
    },
}


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def erasure_letter(
    result: dict[str, Any], spec: RegisterSpec, lang: str, *, email: str
) -> dict[str, Any] | None:
    """The mail's sentences for an erasure's result; None for any other outcome."""
    if result.get("outcome") != "erased":
        return None
    code = as_lang(lang)
    words = _WORDS[code]

    def title(key: str) -> str:
        return store_title(spec, key, code)

    kept = [
        _capital(
            words["kept"].format(
                category=spec.category_title(r["category"], code),
                records=records(r["records"], code),
                until=words["until"].format(day=r["until"][:10]) if r.get("until") else "",
                reason=r["reason"],
            )
        )
        for r in result.get("retained", [])
    ]
    erased = [
        words["erased"].format(title=title(k), records=records(n, code))
        for k, n in result.get("erased", {}).items()
    ]
    anonymised = [
        words["anonymised"].format(title=title(k), records=records(n, code))
        for k, n in result.get("anonymised", {}).items()
    ]
    first = words["first_again" if result.get("repeated") else "first"].format(email=email)
    parts = [first]
    for heading, lines in (
        (words["erased_title"], erased),
        (words["anonymised_title"], anonymised),
        (words["kept_title"], kept),
    ):
        if lines:
            parts.append("\n".join([heading, *(f" - {line}" for line in lines)]))
    if not kept:
        parts.append(words["kept_none"])
    return {"text": "\n\n".join(parts), "first": first, "erased": erased, "kept": kept}

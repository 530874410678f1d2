"""The lines of a completion e-mail that say what was done, in the person's language."""

from __future__ import annotations

from typing import Any

from privacy_api.policy.render import _polish_plural
from privacy_api.register.spec import Lang, RegisterSpec

_WORDS = {
    "en": ("erased", "anonymised", "kept", "until"),
    "pl": ("usunięto", "zanonimizowano", "zachowano", "do"),
}
# A result's outcome as a sentence; a code the mail does not know is not shown raw.
_OUTCOMES = {
    "en": {
        "erased": "your data was erased",
        "package": "your data is ready to download",
        "rectified": "your data was rectified",
        "restricted": "processing of your data was restricted",
        "no_data_held": "we hold no data about you",
        "objection_upheld": "your objection was upheld",
        "objection_refused": "your objection was refused",
        "objection_pending": "your objection is being considered",
    },
    "pl": {
        "erased": "Twoje dane zostały usunięte",
        "package": "Twoje dane są gotowe do pobrania",
        "rectified": "Twoje dane zostały sprostowane",
        "restricted": "przetwarzanie Twoich danych zostało ograniczone",
        "no_data_held": "nie przechowujemy żadnych Twoich danych",
        "objection_upheld": "Twój sprzeciw został uwzględniony",
        "objection_refused": "Twój sprzeciw nie został uwzględniony",
        "objection_pending": "Twój sprzeciw jest rozpatrywany",
    },
}
_DONE = {"en": "request completed", "pl": "żądanie zostało zrealizowane"}


def records(n: int, lang: Lang) -> str:
    if lang == "pl":
        return f"{n} {_polish_plural(n, 'rekord', 'rekordy', 'rekordów')}"
    return f"{n} record" if n == 1 else f"{n} records"


def as_lang(lang: str) -> Lang:
    return "pl" if lang == "pl" else "en"


def store_title(spec: RegisterSpec, key: str, lang: str) -> str:
    """An activity's title, or for a store outside the activities its category's title."""
    activity = spec.activity(key)
    return activity.title.of(lang) if activity is not None else spec.category_title(key, lang)


def summary_lines(result: dict[str, Any], spec: RegisterSpec, lang: str) -> list[str]:
    code = as_lang(lang)
    erased, anonymised, kept, until = _WORDS[code]

    def title(key: str) -> str:
        return store_title(spec, key, code)

    lines = [
        f"{erased}: {records(n, code)} ({title(k)})" for k, n in result.get("erased", {}).items()
    ]
    lines += [
        f"{anonymised}: {records(n, code)} ({title(k)})"
        for k, n in result.get("anonymised", {}).items()
    ]
    lines += [
        f"{kept}: {records(r['records'], code)} ({title(r['activity'])}: "
        f"{spec.category_title(r['category'], code)}) - {r['reason']}"
        + (f", {until} {r['until'][:10]}" if r["until"] else "")
        for r in result.get("retained", [])
    ]
    return lines or [_OUTCOMES[code].get(str(result.get("outcome", "")), _DONE[code])]

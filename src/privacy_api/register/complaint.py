"""Art. 77 as the policy (§3) says it: the competent authority of the person's choice.

One wording for every place that tells a person where to complain (the policy text, the
centre, refusals and other answers, art15.json), so none of them narrows the choice to the
lead authority. The authorities themselves come from the register.
"""

from __future__ import annotations

from typing import Any

from privacy_api.register.spec import ComplaintAuthority, Lang, RegisterSpec

# The reader's own authority, by the language they read in: a Polish reader is shown the
# Polish authority (the policy is published in Polish for readers in Poland).
_READER_COUNTRY = {"pl": "PL"}

CHOICE = {
    "en": (
        "You have the right to lodge a complaint with the competent data protection authority "
        "of your choice (GDPR Art. 77), in particular in the EU or EEA country where you live, "
        "where you work or where the infringement took place."
    ),
    "pl": (
        "Masz prawo złożyć skargę do wybranego przez siebie właściwego organu ochrony danych "
        "(art. 77 RODO), w szczególności w państwie UE lub EOG, w którym mieszkasz, pracujesz "
        "lub w którym doszło do naruszenia."
    ),
}
LEAD = {
    "en": "Our lead supervisory authority is the {name}, {address}, {url}.",
    "pl": "Naszym wiodącym organem nadzorczym jest {name}, {address}, {url}.",
}
LOCAL = {
    "pl": "W Polsce jest to {name}, {address}, {url}.",
}


def reader_authority(spec: RegisterSpec, lang: str) -> ComplaintAuthority | None:
    """The authority of the reader's own country, where their language tells it."""
    country = _READER_COUNTRY.get(lang)
    return spec.authority_of(country) if country else None


def _filled(template: str, authority: ComplaintAuthority, lang: str) -> str:
    return template.format(
        name=authority.name.of(lang), address=authority.address.of(lang), url=authority.url
    )


def complaint_sentences(spec: RegisterSpec, lang: Lang) -> list[str]:
    """The choice, the reader's own authority (if known), then the lead authority."""
    sentences = [CHOICE[lang]]
    local = reader_authority(spec, lang)
    if local is not None and local.country != spec.controller.supervisory_authority.country:
        sentences.append(_filled(LOCAL[lang], local, lang))
    sentences.append(_filled(LEAD[lang], spec.lead_authority(), lang))
    return sentences


def authority_json(authority: ComplaintAuthority, lang: str) -> dict[str, Any]:
    return {
        "country": authority.country,
        "name": authority.name.of(lang),
        "address": authority.address.of(lang),
        "url": authority.url,
        "note": authority.note.of(lang) if authority.note is not None else None,
    }


def complaint_json(spec: RegisterSpec, lang: Lang) -> dict[str, Any]:
    """The route as data: the choice, the lead authority, the reader's own, and every one."""
    local = reader_authority(spec, lang)
    return {
        "choice": CHOICE[lang],
        "text": " ".join(complaint_sentences(spec, lang)),
        "lead_authority": authority_json(spec.lead_authority(), lang),
        "your_authority": authority_json(local, lang) if local is not None else None,
        "authorities": [authority_json(a, lang) for a in spec.authorities()],
    }

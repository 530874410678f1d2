"""The policy text, rendered from the register so it states exactly what the engine enforces."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from importlib import resources
from typing import TYPE_CHECKING, Literal

from privacy_api.register.complaint import complaint_sentences
from privacy_api.register.cookie_policy import PAGE_PATH as COOKIE_POLICY_PATH
from privacy_api.register.spec import Activity, Lang, RegisterSpec, RetentionRule

if TYPE_CHECKING:
    from jinja2 import Environment

__all__ = ["Lang"]

_CLOCK = {
    "en": {
        "last_session": "your last session",
        "last_visit": "your last visit to the Site",
        "last_marketing_contact": "our last marketing communication with you",
        "record_time": "the time the data was recorded",
        "account_closed": "the closure of your account",
        "request_closed": "the answer to your request",
        "message_sent": "the e-mail's delivery (codes and links as soon as they have expired)",
        "order_answered": "the system's answer",
    },
    "pl": {
        "last_session": "Twojej ostatniej sesji",
        "last_visit": "Twojej ostatniej wizyty w Witrynie",
        "last_marketing_contact": "naszej ostatniej komunikacji marketingowej z Tobą",
        "record_time": "zapisania danych",
        "account_closed": "zamknięcia Twojego konta",
        "request_closed": "udzielenia odpowiedzi na Twoje żądanie",
        "message_sent": "doręczenia e-maila (kody i linki zaraz po ich wygaśnięciu)",
        "order_answered": "odpowiedzi systemu",
    },
}
_ACTION = {
    "en": {"erase": "we delete", "anonymise": "we anonymise"},
    "pl": {"erase": "usuwamy", "anonymise": "anonimizujemy"},
}
# Each basis is a label and its article; what the obligation or the interest is comes from
# the activity itself (its `basis_detail`), so no label names another activity's law.
_BASIS = {
    "en": {
        "consent": ("your consent", "GDPR Art. 6(1)(a)"),
        "contract": ("performance of our contract with you", "GDPR Art. 6(1)(b)"),
        "legal_obligation": ("a legal obligation", "GDPR Art. 6(1)(c)"),
        "legitimate_interest": ("our legitimate interest", "GDPR Art. 6(1)(f)"),
    },
    "pl": {
        "consent": ("Twoja zgoda", "art. 6 ust. 1 lit. a RODO"),
        "contract": ("wykonanie umowy między Tobą a nami", "art. 6 ust. 1 lit. b RODO"),
        "legal_obligation": ("obowiązek prawny", "art. 6 ust. 1 lit. c RODO"),
        "legitimate_interest": ("nasz prawnie uzasadniony interes", "art. 6 ust. 1 lit. f RODO"),
    },
}
# "Whichever is sooner": the second clock of a rule, as the policy says it. Data that exists
# because of the account (its clock is the last session) is kept "as long as you have an
# account"; other data (a visitor's analytics) also goes at the closure, if there is one.
_OR_AT: dict[str, dict[tuple[str, str | None], str]] = {
    "en": {
        ("account_closed", "last_session"): (
            "We keep this data only as long as you have an account with us: {action} it when "
            "you close your account, or within {period} of {clock}, whichever is sooner."
        ),
        ("account_closed", None): (
            "{Action} this data within {period} of {clock}, or when you close your account "
            "if you have one, whichever is sooner."
        ),
    },
    "pl": {
        ("account_closed", "last_session"): (
            "Przechowujemy te dane tylko tak długo, jak długo posiadasz u nas konto: {action} "
            "je po zamknięciu konta albo w ciągu {period} od {clock}, w zależności od tego, "
            "co nastąpi wcześniej."
        ),
        ("account_closed", None): (
            "Dane te {action} w ciągu {period} od {clock} albo po zamknięciu Twojego konta, "
            "jeśli je posiadasz, w zależności od tego, co nastąpi wcześniej."
        ),
    },
}


def _polish_plural(n: int, one: str, few: str, many: str) -> str:
    if n == 1:
        return one
    if n % 10 in (2, 3, 4) and n % 100 not in (12, 13, 14):
        return few
    return many


def months(n: int, lang: Lang) -> str:
    if lang == "pl":
        return f"{n} {_polish_plural(n, 'miesiąca', 'miesięcy', 'miesięcy')}"
    return f"{n} month" if n == 1 else f"{n} months"


def years(n: int, lang: Lang) -> str:
    if lang == "pl":
        return f"{n} {_polish_plural(n, 'rok', 'lata', 'lat')}"
    return f"{n} year" if n == 1 else f"{n} years"


def retention_sentence(
    rule: RetentionRule, lang: Lang, spec: RegisterSpec, *, own_copy: bool = False
) -> str:
    """The rule as the policy says it. `own_copy`: others receive the data directly and
    keep it by their own rules, so the sentence promises only what we hold ourselves."""
    action, clock = _ACTION[lang][rule.action], _CLOCK[lang][rule.clock]
    if own_copy:
        period = months(rule.period_months, lang)
        if lang == "pl":
            return f"To, co z tych danych przechowujemy sami, {action} w ciągu {period} od {clock}."
        return f"Whatever of this data we hold ourselves, {action} within {period} of {clock}."
    if rule.or_at is not None:
        forms = _OR_AT[lang]
        form = forms.get((rule.or_at, rule.clock)) or forms[(rule.or_at, None)]
        sentence = form.format(
            action=_ACTION[lang][rule.action],
            Action=_ACTION[lang][rule.action].capitalize(),
            period=months(rule.period_months, lang),
            clock=clock,
        )
    elif lang == "pl":
        sentence = f"Dane te {action} w ciągu {months(rule.period_months, lang)} od {clock}."
    else:
        sentence = (
            f"{action.capitalize()} this data within {months(rule.period_months, lang)} of {clock}."
        )
    if rule.hold is not None:
        held = ", ".join(spec.category_title(c, lang) for c in rule.hold.categories)
        hold_clock = _CLOCK[lang][rule.hold.clock]
        if lang == "pl":
            sentence += (
                f" Wyjątek: {held} przechowujemy przez {years(rule.hold.years, lang)} "
                f"od {hold_clock} ({rule.hold.reason.pl})."
            )
        else:
            sentence += (
                f" Except: we keep {held} for {years(rule.hold.years, lang)} from "
                f"{hold_clock} ({rule.hold.reason.en})."
            )
    return sentence


def activity_retention(spec: RegisterSpec, activity: Activity, lang: Lang) -> str:
    """An activity's retention sentence, as every published text states it."""
    return retention_sentence(
        spec.retention_of(activity), lang, spec, own_copy=bool(activity.disclosed_to)
    )


def basis_phrase(activity: Activity, lang: Lang) -> str:
    parts = []
    for basis in activity.legal_basis:
        label, article = _BASIS[lang][basis]
        detail = activity.basis_detail.get(basis)
        parts.append(
            f"{label} ({article}): {detail.of(lang)}" if detail else f"{label} ({article})"
        )
    return "; ".join(parts)


@functools.cache
def _templates() -> Environment:
    # jinja2 is imported on the first rendering, not at start-up (PERFORMANCE.md: cold start).
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    return Environment(
        loader=PackageLoader("privacy_api.policy", "templates"),
        # Templates are named "*.html.j2": select_autoescape(["html"]) alone matched none
        # of them, and register texts reached the page unescaped.
        autoescape=select_autoescape(["html", "html.j2"], default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def render_policy_text(spec: RegisterSpec, *, lang: Lang, version: str) -> str:
    template = _templates().get_template(f"policy.{lang}.txt.j2")
    return template.render(
        spec=spec,
        version=version,
        lang=lang,
        rule_of=spec.retention_of,
        retention_sentence=lambda rule: retention_sentence(rule, lang, spec),
        retention_of=lambda activity: activity_retention(spec, activity, lang),
        basis=lambda activity: basis_phrase(activity, lang),
        purposes=lambda a: ", ".join(spec.purpose_title(p, lang) for p in a.purposes),
        categories=lambda a: ", ".join(spec.category_title(c, lang) for c in a.data_categories),
        analytics=[a for a in spec.activities if a.consent_purpose == "analytics"],
        complaint=complaint_sentences(spec, lang),
        authorities=spec.authorities(),
        disclosed=spec.disclosed_to,
        cookie_policy_path=COOKIE_POLICY_PATH,
    )


@functools.cache
def stylesheet() -> bytes:
    """The page's styles, served from here: the CSP allows no inline style."""
    return resources.files("privacy_api.policy").joinpath("templates/policy.css").read_bytes()


_SECTION = re.compile(r"^(\d+)\.\s+\S")
_SUBSECTION = re.compile(r"^\d+\.\d+\s+\S")
_ITEM = " - "


@dataclass
class Block:
    """A piece of the policy as a page shows it: a heading, a paragraph (its lines kept,
    as in the controller's address) or a list."""

    kind: Literal["title", "h2", "h3", "p", "ul"]
    lines: list[str] = field(default_factory=list)


def _chunk_blocks(chunk: list[str]) -> list[Block]:
    blocks: list[Block] = []
    first = chunk[0]
    if _SUBSECTION.match(first) or _SECTION.match(first):
        blocks.append(Block("h3" if _SUBSECTION.match(first) else "h2", [first]))
        chunk = chunk[1:]
    for line in chunk:
        kind: Literal["p", "ul"] = "ul" if line.startswith(_ITEM) else "p"
        text = line.removeprefix(_ITEM) if kind == "ul" else line
        if blocks and blocks[-1].kind == kind:
            blocks[-1].lines.append(text)
        else:
            blocks.append(Block(kind, [text]))
    return blocks


def policy_blocks(text: str) -> list[Block]:
    """The policy text (one source: the templates above) in headings, paragraphs and
    lists: "1. ..." opens a section, "1.1 ..." a subsection, " - " a list item."""
    chunks: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.strip():
            chunks[-1].append(line.rstrip())
        elif chunks[-1]:
            chunks.append([])
    chunks = [c for c in chunks if c]
    if not chunks:
        return []
    blocks = [Block("title", chunks[0][:1])]
    if chunks[0][1:]:
        blocks.extend(_chunk_blocks(chunks[0][1:]))
    for chunk in chunks[1:]:
        blocks.extend(_chunk_blocks(chunk))
    return blocks


def render_policy_body(text: str) -> str:
    """The policy as HTML headings, paragraphs and lists (escaped), below its title."""
    blocks = [b for b in policy_blocks(text) if b.kind != "title"]
    return (
        _templates()
        .get_template("policy_body.html.j2")
        .render(blocks=blocks, cookie_policy_path=COOKIE_POLICY_PATH)
    )


def render_policy_html(text: str, *, lang: Lang, version: str) -> str:
    title = next((b.lines[0] for b in policy_blocks(text) if b.kind == "title"), "")
    return (
        _templates()
        .get_template("policy.html.j2")
        .render(title=title, body=render_policy_body(text), lang=lang, version=version)
    )

"""What changed between the registers of two policy versions, and whether it is material.

Material (policy §5: people are asked again and told): a new purpose (a new activity, a new
purpose of an activity, a new consent purpose), a longer retention period or statutory
hold, a new legal basis, a new sub-processor. Removals and shortenings are listed but ask
nobody again: they only narrow what a person accepted.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from privacy_api.policy.render import Lang, months, years
from privacy_api.register.spec import Activity, RegisterSpec, RetentionRule, Subprocessor, Text


@dataclass
class Changes:
    material: bool = False
    lines: dict[Lang, list[str]] = field(default_factory=lambda: {"pl": [], "en": []})

    def add(self, *, pl: str, en: str, material: bool) -> None:
        self.lines["pl"].append(pl)
        self.lines["en"].append(en)
        self.material = self.material or material

    def summary(self) -> Text:
        return Text(pl="\n".join(self.lines["pl"]), en="\n".join(self.lines["en"]))


def _sub_name(sub: Subprocessor) -> str:
    return f"{sub.name or sub.category} ({sub.region or 'region not recorded'})"


def _sub_key(sub: Subprocessor) -> tuple[str, str | None, str | None]:
    return (sub.category, sub.name, sub.region)


def _period(rule: RetentionRule, lang: Lang) -> str:
    return months(rule.period_months, lang)


def _longer(old: RetentionRule, new: RetentionRule) -> bool:
    if new.period_months > old.period_months:
        return True
    old_hold = old.hold.years if old.hold else 0
    return new.hold is not None and new.hold.years > old_hold


def _activity_changes(old_spec: RegisterSpec, new_spec: RegisterSpec, changes: Changes) -> None:
    old_by_key = old_spec.activities_by_key
    new_by_key = new_spec.activities_by_key
    for key in sorted(new_by_key.keys() - old_by_key.keys()):
        title = new_by_key[key].title
        changes.add(
            pl=f"Nowa czynność przetwarzania: {title.pl}.",
            en=f"New processing activity: {title.en}.",
            material=True,
        )
    for key in sorted(old_by_key.keys() - new_by_key.keys()):
        title = old_by_key[key].title
        changes.add(
            pl=f"Zakończona czynność przetwarzania: {title.pl}.",
            en=f"Processing activity ended: {title.en}.",
            material=False,
        )
    for key in sorted(old_by_key.keys() & new_by_key.keys()):
        _one_activity(old_spec, old_by_key[key], new_spec, new_by_key[key], changes)


def _one_activity(
    old_spec: RegisterSpec, old: Activity, new_spec: RegisterSpec, new: Activity, changes: Changes
) -> None:
    title = new.title
    added_bases = sorted(set(new.legal_basis) - set(old.legal_basis))
    removed_bases = sorted(set(old.legal_basis) - set(new.legal_basis))
    if added_bases or removed_bases:
        changes.add(
            pl=f"{title.pl}: zmieniono podstawę prawną.",
            en=f"{title.en}: legal basis changed.",
            material=bool(added_bases),
        )
    if set(new.purposes) - set(old.purposes):
        changes.add(
            pl=f"{title.pl}: nowy cel przetwarzania.",
            en=f"{title.en}: new purpose of processing.",
            material=True,
        )
    if set(new.data_categories) != set(old.data_categories):
        changes.add(
            pl=f"{title.pl}: zmieniono kategorie danych.",
            en=f"{title.en}: categories of data changed.",
            material=False,
        )
    old_rule, new_rule = old_spec.retention_of(old), new_spec.retention_of(new)
    if old_rule != new_rule:
        changes.add(
            pl=f"{title.pl}: okres przechowywania {_period(old_rule, 'pl')} → "
            f"{_period(new_rule, 'pl')}"
            + (
                f", wyjątek {years(old_rule.hold.years, 'pl')} → {years(new_rule.hold.years, 'pl')}"
                if old_rule.hold and new_rule.hold and old_rule.hold.years != new_rule.hold.years
                else ""
            )
            + ".",
            en=f"{title.en}: retention period {_period(old_rule, 'en')} → "
            f"{_period(new_rule, 'en')}"
            + (
                f", hold {years(old_rule.hold.years, 'en')} → {years(new_rule.hold.years, 'en')}"
                if old_rule.hold and new_rule.hold and old_rule.hold.years != new_rule.hold.years
                else ""
            )
            + ".",
            material=_longer(old_rule, new_rule),
        )


def _subprocessor_changes(old_spec: RegisterSpec, new_spec: RegisterSpec, changes: Changes) -> None:
    old_subs = {_sub_key(s): s for s in old_spec.subprocessors}
    new_subs = {_sub_key(s): s for s in new_spec.subprocessors}
    for key in sorted(new_subs.keys() - old_subs.keys(), key=str):
        name = _sub_name(new_subs[key])
        changes.add(
            pl=f"Nowy podmiot przetwarzający: {name}.",
            en=f"New sub-processor: {name}.",
            material=True,
        )
    for key in sorted(old_subs.keys() - new_subs.keys(), key=str):
        name = _sub_name(old_subs[key])
        changes.add(
            pl=f"Usunięty podmiot przetwarzający: {name}.",
            en=f"Sub-processor removed: {name}.",
            material=False,
        )


def _purpose_changes(old_spec: RegisterSpec, new_spec: RegisterSpec, changes: Changes) -> None:
    for key in sorted(new_spec.consent_purposes.keys() - old_spec.consent_purposes.keys()):
        title = new_spec.consent_purposes[key].title
        changes.add(
            pl=f"Nowy cel wymagający zgody: {title.pl}.",
            en=f"New purpose asking for consent: {title.en}.",
            material=True,
        )


def compare(old: RegisterSpec, new: RegisterSpec) -> Changes:
    """The changes a person would see, in pl and en; empty when none is listed."""
    changes = Changes()
    _activity_changes(old, new, changes)
    _purpose_changes(old, new, changes)
    _subprocessor_changes(old, new, changes)
    return changes


def rewritten() -> Changes:
    """The register the latest version showed no longer reads under today's schema (it
    predates fields the text now needs): no field-by-field summary, so the reader is asked
    to read the whole text, and the change counts as material (users are told)."""
    changes = Changes()
    changes.add(
        pl="Polityka została zredagowana na nowo; prosimy o zapoznanie się z całym tekstem.",
        en="The policy was rewritten; please read the whole text.",
        material=True,
    )
    return changes


def other_wording() -> Changes:
    """The rendered text changed in none of the ways above (e.g. the controller's address)."""
    changes = Changes()
    changes.add(
        pl="Zmiany redakcyjne bez zmiany zasad przetwarzania.",
        en="Editorial changes; how data is processed is unchanged.",
        material=False,
    )
    return changes

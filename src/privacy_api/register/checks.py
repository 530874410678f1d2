"""Checking a register file: its shape (the models in spec.py), then the rules that tie its
parts together; every problem is reported at once, by where it is."""

from __future__ import annotations

from pydantic import ValidationError

from privacy_api.register.cookies import cookie_errors
from privacy_api.register.spec import (
    EEA_COUNTRIES,
    STORE_CLOCKS,
    SUBJECT_CLOCKS,
    Activity,
    RegisterSpec,
)


class RegisterInvalid(ValueError):
    """The file is not a valid register; `errors` lists every problem found."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__("; ".join(errors))
        self.errors = errors


def _structure_errors(exc: ValidationError) -> list[str]:
    return [
        f"{'.'.join(str(p) for p in err['loc']) or '(top)'}: {err['msg']}" for err in exc.errors()
    ]


def _activity_errors(spec: RegisterSpec, activity: Activity) -> list[str]:
    where = f"activities.{activity.key}"
    errors: list[str] = []
    basis = set(activity.legal_basis)
    retention = activity.retention
    if retention.period not in spec.retention_periods:
        errors.append(f"{where}.retention.period: unknown period {retention.period!r}")
    hold = retention.statutory_hold
    if hold is not None:
        if hold.hold not in spec.statutory_holds:
            errors.append(f"{where}.retention.statutory_hold: unknown hold {hold.hold!r}")
        stray = sorted(set(hold.categories) - set(activity.data_categories))
        if stray:
            errors.append(f"{where}.retention.statutory_hold: categories not declared: {stray}")
    if "consent" in basis and activity.consent_purpose is None:
        errors.append(f"{where}: legal basis 'consent' needs a consent_purpose")
    if activity.consent_purpose is not None:
        purpose = spec.consent_purposes.get(activity.consent_purpose)
        if purpose is None:
            errors.append(f"{where}.consent_purpose: unknown purpose {activity.consent_purpose!r}")
        elif not purpose.optional:
            errors.append(f"{where}.consent_purpose: a consent purpose must be refusable")
        if "consent" not in basis:
            errors.append(f"{where}: a consent_purpose needs 'consent' among the legal bases")
    if activity.portability_applies and not {"consent", "contract"} & basis:
        errors.append(f"{where}: portability applies only on consent or contract (Art. 20)")
    if activity.objection_applies and "legitimate_interest" not in basis:
        errors.append(f"{where}: objection applies only to legitimate interest (Art. 21)")
    stray_detail = sorted(set(activity.basis_detail) - basis)
    if stray_detail:
        errors.append(f"{where}.basis_detail: not among the legal bases: {stray_detail}")
    if "legal_obligation" in basis and "legal_obligation" not in activity.basis_detail:
        errors.append(f"{where}.basis_detail: a legal obligation must name its law")
    unknown = sorted(set(activity.disclosed_to) - set(spec.independent_by_key))
    if unknown:
        errors.append(f"{where}.disclosed_to: unknown recipients {unknown}")
    errors.extend(_store_errors(spec, activity, where))
    for field, known, values in (
        ("data_categories", spec.category_titles, activity.data_categories),
        ("purposes", spec.purpose_titles, activity.purposes),
        ("data_subjects", spec.data_subject_categories, activity.data_subjects),
        ("recipients", spec.subprocessors_by_key, activity.recipients),
    ):
        untitled = sorted(set(values) - set(known))
        if untitled:
            errors.append(f"{where}.{field}: no en/pl title in the register for {untitled}")
    missing = sorted(set(activity.properties) - set(spec.properties))
    if missing:
        errors.append(f"{where}.properties: undeclared properties {missing}")
    return errors


def _store_errors(spec: RegisterSpec, activity: Activity, where: str) -> list[str]:
    """A store's rule runs on its own table by its own clock; records' rules by a subject's."""
    period = spec.retention_periods.get(activity.retention.period)
    if period is None:
        return []
    if activity.store is None:
        if period.clock not in SUBJECT_CLOCKS:
            return [f"{where}.retention: clock {period.clock!r} is only for the service's stores"]
        if activity.kept_on_erasure is not None:
            return [f"{where}.kept_on_erasure: only for the service's stores"]
        return []
    errors: list[str] = []
    if period.clock not in STORE_CLOCKS[activity.store]:
        allowed = sorted(STORE_CLOCKS[activity.store])
        errors.append(f"{where}.retention: store {activity.store!r} runs by {allowed}")
    if activity.erases_subject or activity.retention.statutory_hold is not None:
        errors.append(f"{where}: a store has no erases_subject and no statutory_hold")
    return errors


def _cross_errors(spec: RegisterSpec) -> list[str]:
    errors: list[str] = []
    keys = [a.key for a in spec.activities]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        errors.append(f"activities: duplicate keys {duplicates}")
    necessary = spec.consent_purposes.get("necessary")
    if necessary is None or necessary.optional:
        errors.append("consent_purposes.necessary: must exist and not be optional")
    for activity in spec.activities:
        errors.extend(_activity_errors(spec, activity))
    errors.extend(cookie_errors(spec))
    stores = [a.store for a in spec.activities if a.store is not None]
    if len(stores) != len(set(stores)):
        errors.append("activities: each store is described by one activity")
    if "downstream_orders" in stores and spec.order_payload_days is None:
        errors.append(
            "order_payload_days: required where an activity describes downstream_orders "
            "(how long an unacknowledged order keeps its payload)"
        )
    subs = [s.key for s in spec.subprocessors]
    if len(set(subs)) != len(subs):
        errors.append("subprocessors: duplicate keys")
    if sum(a.erases_subject for a in spec.activities) > 1:
        errors.append("activities: at most one activity may have erases_subject")
    errors.extend(_authority_errors(spec))
    for key, period in spec.retention_periods.items():
        if period.or_at is not None and (
            period.or_at == period.clock or period.or_at not in SUBJECT_CLOCKS - {"record_time"}
        ):
            errors.append(
                f"retention_periods.{key}.or_at: a subject's event other than the period's clock"
            )
    return errors


def _authority_errors(spec: RegisterSpec) -> list[str]:
    countries = [a.country for a in spec.authorities()]
    errors: list[str] = []
    twice = sorted({c for c in countries if countries.count(c) > 1})
    if twice:
        errors.append(f"complaint_authorities: more than one authority for {twice}")
    missing = sorted(EEA_COUNTRIES - set(countries))
    if missing:
        errors.append(f"complaint_authorities: no authority for {missing}")
    return errors


def parse_register(document: object) -> RegisterSpec:
    """Validate a register document; raise RegisterInvalid listing every problem."""
    if not isinstance(document, dict):
        raise RegisterInvalid(["(top): the register must be a mapping"])
    try:
        spec = RegisterSpec.model_validate(document)
    except ValidationError as exc:
        raise RegisterInvalid(_structure_errors(exc)) from exc
    errors = _cross_errors(spec)
    if errors:
        raise RegisterInvalid(errors)
    return spec

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.affected_read import AffectedRead
    from ..models.assessment_read import AssessmentRead
    from ..models.authority_notification_read import AuthorityNotificationRead


T = TypeVar("T", bound="BreachRead")


@_attrs_define
class BreachRead:
    """
    Attributes:
        affected (AffectedRead | None):
        approximate_records (int | None):
        approximate_subjects (int | None):
        assessment (AssessmentRead | None):
        authority_due_at (datetime.datetime):
        authority_notification (AuthorityNotificationRead | None):
        authority_overdue (bool):
        became_aware_at (datetime.datetime):
        closed_at (datetime.datetime | None):
        contact_email (str):
        created_at (datetime.datetime):
        created_by (str):
        data_categories (list[str]):
        data_subject_categories (list[str]):
        id (str):
        likely_consequences (None | str):
        measures (None | str):
        missing_facts (list[str]): Art. 33(3) facts not yet given
        nature (str):
        status (str):
        subjects_notified_at (datetime.datetime | None):
        updated_at (datetime.datetime):
    """

    affected: AffectedRead | None
    approximate_records: int | None
    approximate_subjects: int | None
    assessment: AssessmentRead | None
    authority_due_at: datetime.datetime
    authority_notification: AuthorityNotificationRead | None
    authority_overdue: bool
    became_aware_at: datetime.datetime
    closed_at: datetime.datetime | None
    contact_email: str
    created_at: datetime.datetime
    created_by: str
    data_categories: list[str]
    data_subject_categories: list[str]
    id: str
    likely_consequences: None | str
    measures: None | str
    missing_facts: list[str]
    nature: str
    status: str
    subjects_notified_at: datetime.datetime | None
    updated_at: datetime.datetime
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.affected_read import AffectedRead  # noqa: PLC0415
        from ..models.assessment_read import AssessmentRead  # noqa: PLC0415
        from ..models.authority_notification_read import AuthorityNotificationRead  # noqa: PLC0415

        affected: dict[str, Any] | None
        if isinstance(self.affected, AffectedRead):
            affected = self.affected.to_dict()
        else:
            affected = self.affected

        approximate_records: int | None
        approximate_records = self.approximate_records

        approximate_subjects: int | None
        approximate_subjects = self.approximate_subjects

        assessment: dict[str, Any] | None
        if isinstance(self.assessment, AssessmentRead):
            assessment = self.assessment.to_dict()
        else:
            assessment = self.assessment

        authority_due_at = self.authority_due_at.isoformat()

        authority_notification: dict[str, Any] | None
        if isinstance(self.authority_notification, AuthorityNotificationRead):
            authority_notification = self.authority_notification.to_dict()
        else:
            authority_notification = self.authority_notification

        authority_overdue = self.authority_overdue

        became_aware_at = self.became_aware_at.isoformat()

        closed_at: None | str
        if isinstance(self.closed_at, datetime.datetime):
            closed_at = self.closed_at.isoformat()
        else:
            closed_at = self.closed_at

        contact_email = self.contact_email

        created_at = self.created_at.isoformat()

        created_by = self.created_by

        data_categories = self.data_categories

        data_subject_categories = self.data_subject_categories

        id = self.id

        likely_consequences: None | str
        likely_consequences = self.likely_consequences

        measures: None | str
        measures = self.measures

        missing_facts = self.missing_facts

        nature = self.nature

        status = self.status

        subjects_notified_at: None | str
        if isinstance(self.subjects_notified_at, datetime.datetime):
            subjects_notified_at = self.subjects_notified_at.isoformat()
        else:
            subjects_notified_at = self.subjects_notified_at

        updated_at = self.updated_at.isoformat()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "affected": affected,
                "approximate_records": approximate_records,
                "approximate_subjects": approximate_subjects,
                "assessment": assessment,
                "authority_due_at": authority_due_at,
                "authority_notification": authority_notification,
                "authority_overdue": authority_overdue,
                "became_aware_at": became_aware_at,
                "closed_at": closed_at,
                "contact_email": contact_email,
                "created_at": created_at,
                "created_by": created_by,
                "data_categories": data_categories,
                "data_subject_categories": data_subject_categories,
                "id": id,
                "likely_consequences": likely_consequences,
                "measures": measures,
                "missing_facts": missing_facts,
                "nature": nature,
                "status": status,
                "subjects_notified_at": subjects_notified_at,
                "updated_at": updated_at,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.affected_read import AffectedRead  # noqa: PLC0415
        from ..models.assessment_read import AssessmentRead  # noqa: PLC0415
        from ..models.authority_notification_read import AuthorityNotificationRead  # noqa: PLC0415

        d = dict(src_dict)

        def _parse_affected(data: object) -> AffectedRead | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                affected_type_0 = AffectedRead.from_dict(data)

                return affected_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AffectedRead | None, data)

        affected = _parse_affected(d.pop("affected"))

        def _parse_approximate_records(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        approximate_records = _parse_approximate_records(d.pop("approximate_records"))

        def _parse_approximate_subjects(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        approximate_subjects = _parse_approximate_subjects(d.pop("approximate_subjects"))

        def _parse_assessment(data: object) -> AssessmentRead | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                assessment_type_0 = AssessmentRead.from_dict(data)

                return assessment_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AssessmentRead | None, data)

        assessment = _parse_assessment(d.pop("assessment"))

        authority_due_at = datetime.datetime.fromisoformat(d.pop("authority_due_at"))

        def _parse_authority_notification(data: object) -> AuthorityNotificationRead | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                authority_notification_type_0 = AuthorityNotificationRead.from_dict(data)

                return authority_notification_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(AuthorityNotificationRead | None, data)

        authority_notification = _parse_authority_notification(d.pop("authority_notification"))

        authority_overdue = d.pop("authority_overdue")

        became_aware_at = datetime.datetime.fromisoformat(d.pop("became_aware_at"))

        def _parse_closed_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                closed_at_type_0 = datetime.datetime.fromisoformat(data)

                return closed_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        closed_at = _parse_closed_at(d.pop("closed_at"))

        contact_email = d.pop("contact_email")

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        created_by = d.pop("created_by")

        data_categories = cast(list[str], d.pop("data_categories"))

        data_subject_categories = cast(list[str], d.pop("data_subject_categories"))

        id = d.pop("id")

        def _parse_likely_consequences(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        likely_consequences = _parse_likely_consequences(d.pop("likely_consequences"))

        def _parse_measures(data: object) -> None | str:
            if data is None:
                return data
            return cast(None | str, data)

        measures = _parse_measures(d.pop("measures"))

        missing_facts = cast(list[str], d.pop("missing_facts"))

        nature = d.pop("nature")

        status = d.pop("status")

        def _parse_subjects_notified_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                subjects_notified_at_type_0 = datetime.datetime.fromisoformat(data)

                return subjects_notified_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        subjects_notified_at = _parse_subjects_notified_at(d.pop("subjects_notified_at"))

        updated_at = datetime.datetime.fromisoformat(d.pop("updated_at"))

        breach_read = cls(
            affected=affected,
            approximate_records=approximate_records,
            approximate_subjects=approximate_subjects,
            assessment=assessment,
            authority_due_at=authority_due_at,
            authority_notification=authority_notification,
            authority_overdue=authority_overdue,
            became_aware_at=became_aware_at,
            closed_at=closed_at,
            contact_email=contact_email,
            created_at=created_at,
            created_by=created_by,
            data_categories=data_categories,
            data_subject_categories=data_subject_categories,
            id=id,
            likely_consequences=likely_consequences,
            measures=measures,
            missing_facts=missing_facts,
            nature=nature,
            status=status,
            subjects_notified_at=subjects_notified_at,
            updated_at=updated_at,
        )

        breach_read.additional_properties = d
        return breach_read

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties

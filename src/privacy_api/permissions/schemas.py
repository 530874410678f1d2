"""Shapes of the permission checks."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from privacy_api.permissions.service import Reason
from privacy_api.subjects.schemas import SubjectIdField

MAX_SUBJECTS = 10_000
ActivityKey = Annotated[str, Field(min_length=1, max_length=64)]


class PermissionRead(BaseModel):
    subject_id: str
    activity: str
    allowed: bool
    legal_basis: list[str]
    reasons: list[Reason] = Field(description="Empty when allowed")


class PermissionCheck(BaseModel):
    model_config = ConfigDict(extra="forbid")

    activity: ActivityKey
    subject_ids: list[SubjectIdField] = Field(min_length=1, max_length=MAX_SUBJECTS)


class SubjectPermission(BaseModel):
    subject_id: str
    allowed: bool
    reasons: list[Reason]


class PermissionsRead(BaseModel):
    activity: str
    legal_basis: list[str]
    results: list[SubjectPermission] = Field(description="One per distinct id, in order asked")

"""Records as the properties report them and as staff read them."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field
from typing_extensions import TypedDict

from privacy_api.core.http.types import Timestamp
from privacy_api.subjects.schemas import PropertyKey, SubjectIdField

MAX_BATCH = 10_000
RegisterKey = Annotated[str, Field(min_length=1, max_length=64)]


# A TypedDict, not a model: a batch of 1,000 validates in two thirds of the time, and the
# validated dicts are the rows as stored (records.service.add_records).
class RecordIn(TypedDict):
    """A personal-data record as a property reports it."""

    __pydantic_config__ = ConfigDict(extra="forbid")  # type: ignore[misc]

    subject_id: SubjectIdField
    activity: Annotated[RegisterKey, Field(description="A processing activity key of the register")]
    category: Annotated[RegisterKey, Field(description="One of the activity's data categories")]
    property: PropertyKey
    data: Annotated[
        dict[str, Any], Field(description="The record itself: a JSON object, size-limited")
    ]
    occurred_at: Timestamp


class RecordBatch(BaseModel):
    model_config = ConfigDict(extra="forbid")

    records: list[RecordIn] = Field(min_length=1, max_length=MAX_BATCH)


class RecordPatch(BaseModel):
    """Art. 16: a JSON Merge Patch (RFC 7396) of the record's data."""

    model_config = ConfigDict(extra="forbid")

    data: dict[str, Any] = Field(
        min_length=1,
        description="Fields to correct; null removes one, an object merges into an object",
    )


class RecordRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    subject_id: str | None
    activity: str
    category: str
    property: str
    data: dict[str, Any] | None
    occurred_at: datetime
    recorded_at: datetime
    register_version: int
    anonymised_at: datetime | None


class BatchStored(BaseModel):
    stored: int
    register_version: int

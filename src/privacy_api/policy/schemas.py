"""Policy versions and the rendered policy as callers see them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from privacy_api.register.spec import Text


class PolicyVersionCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")

    version: date = Field(description="The version's date, e.g. 2026-12-01")
    material: bool = Field(
        description="A material change: users who accepted an earlier version must be told"
    )
    changelog: Text


class PolicyVersionRead(BaseModel):
    version: date
    published_at: datetime
    material: bool
    changelog: Text
    register_version: int


class PolicyDocument(BaseModel):
    version: date
    published_at: datetime
    material: bool
    lang: Literal["pl", "en"]
    register_version: int
    text: str

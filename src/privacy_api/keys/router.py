"""The caller's view of its own key."""

from __future__ import annotations

from pydantic import BaseModel

from privacy_api.core.http.routing import api_router
from privacy_api.core.security.auth import AnyKey

router = api_router(tags=["keys"])


class WhoAmI(BaseModel):
    name: str
    scopes: list[str]


@router.get("/whoami")
async def whoami(caller: AnyKey) -> WhoAmI:
    """The name and scopes of the API key that made this request."""
    return WhoAmI(name=caller.name, scopes=sorted(caller.scopes))

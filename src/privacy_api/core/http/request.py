"""Per-app objects that routers need beside the session: engine, settings, derived keys."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from privacy_api.config import Settings
from privacy_api.core.data.db import Database
from privacy_api.core.data.hot import HotPath
from privacy_api.core.http.streaming import StreamSlots
from privacy_api.core.security.secrets import DerivedKeys


@dataclass(frozen=True)
class AppContext:
    db: Database
    hot: HotPath
    settings: Settings
    keys: DerivedKeys
    exports: StreamSlots  # this process's package downloads in flight


async def _context(request: Request) -> AppContext:
    context: AppContext = request.app.state.context
    return context


Context = Annotated[AppContext, Depends(_context)]

"""Per-app objects that routers need beside the session: engine, settings, derived keys."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request

from privacy_api.config import Settings
from privacy_api.core.db import Database
from privacy_api.core.hot import HotPath
from privacy_api.core.secrets import DerivedKeys
from privacy_api.core.streaming import StreamSlots


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

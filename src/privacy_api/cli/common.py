"""What every command group shares: who runs it, where output goes, the database."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable

from privacy_api.config import Settings
from privacy_api.core.data.db import Database

Handler = Callable[[argparse.Namespace, Settings], int]


def cli_actor() -> str:
    """Who runs a CLI command, as the audit trail names them."""
    try:
        return f"cli:{getpass.getuser()}"
    except (KeyError, OSError):
        return "cli:unknown"


def emit(line: str) -> None:
    """Output for the caller's pipe (a key, a document): stdout."""
    sys.stdout.write(line + "\n")


def say(line: str) -> None:
    """Messages for the operator: stderr, so stdout stays machine-readable."""
    sys.stderr.write(line + "\n")


def _database(settings: Settings) -> Database:
    return Database.connect(settings.database_url, pool_size=1)

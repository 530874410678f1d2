"""The events a downstream system can be sent: its own module, so the models (a system's
default subscription) and the notices both read it without importing each other."""

from __future__ import annotations

from typing import Literal, get_args

Event = Literal["erasure", "rectification", "restriction", "objection", "consent"]
EVENTS: tuple[Event, ...] = get_args(Event)
# Orders no system may decline: every recipient is told of an erasure, a rectification and
# a restriction (GDPR Art. 17(2), 19). A system chooses only which notices it hears.
ORDERS: tuple[Event, ...] = ("erasure", "rectification", "restriction")

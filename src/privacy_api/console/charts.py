"""Bar charts as geometry for the SVG templates: drawn on the server, no script.

Every bar carries its number as a <title> (a tooltip, and what assistive technology reads),
and every chart stands beside a table of the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from privacy_api.consent.schemas import ReportRow

_LABEL_WIDTH = 230
_BAR_HEIGHT = 22
_GAP = 10
_PLOT_WIDTH = 420
_COLUMN_PLOT_HEIGHT = 160
_SERIES = (("grants", "grant"), ("denials", "denial"), ("withdrawals", "withdrawal"))


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    css: str
    title: str


@dataclass(frozen=True)
class Label:
    x: float
    y: float
    text: str
    anchor: str = "start"


@dataclass
class Chart:
    title: str
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)
    total: int = 0


def _scale(largest: int, room: float) -> float:
    return room / largest if largest > 0 else 0.0


def horizontal(title: str, items: list[tuple[str, int, str]]) -> Chart:
    """One bar per (label, value, css class), the longest bar the largest value."""
    height = max(1, len(items)) * (_BAR_HEIGHT + _GAP) + _GAP
    chart = Chart(title, _LABEL_WIDTH + _PLOT_WIDTH + 70, height)
    unit = _scale(max((v for _, v, _ in items), default=0), _PLOT_WIDTH)
    for i, (label, value, css) in enumerate(items):
        y = _GAP + i * (_BAR_HEIGHT + _GAP)
        width = max(value * unit, 2.0 if value else 0.0)
        chart.bars.append(Bar(_LABEL_WIDTH, y, width, _BAR_HEIGHT, css, f"{label}: {value}"))
        chart.labels.append(Label(_LABEL_WIDTH - 8, y + 16, label, "end"))
        chart.labels.append(Label(_LABEL_WIDTH + width + 6, y + 16, str(value)))
        chart.total += value
    return chart


def retention_chart(preview: dict[str, Any]) -> Chart:
    """What a run would take now: records per rule, rows per store of the service's own."""
    items = [
        (name, int(rule["records"]), f"bar-{rule['action']}")
        for name, rule in sorted(preview["rules"].items())
    ]
    items += [
        (name, int(store["rows"]), f"bar-{store['action']}")
        for name, store in sorted(preview["stores"].items())
    ]
    # Only what would go: twenty rules at zero would hide the one that matters.
    return horizontal(
        "Records and rows a retention run would take now", [i for i in items if i[1] > 0]
    )


def _days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def columns(title: str, first: date, last: date, counts: dict[date, dict[str, int]]) -> Chart:
    """Per day, one column per series (grants, denials, withdrawals), side by side."""
    days = _days(first, last)
    slot = max(24.0, min(60.0, 640 / len(days)))
    bar = (slot - 6) / len(_SERIES)
    left, top = 40, 10
    chart = Chart(title, int(left + slot * len(days) + 10), top + _COLUMN_PLOT_HEIGHT + 40)
    largest = max((n for day in counts.values() for n in day.values()), default=0)
    unit = _scale(largest, _COLUMN_PLOT_HEIGHT)
    base = top + _COLUMN_PLOT_HEIGHT
    chart.labels.append(Label(left - 6, top + 10, str(largest), "end"))
    chart.labels.append(Label(left - 6, base, "0", "end"))
    every = max(1, len(days) // 10)
    for i, day in enumerate(days):
        x = left + i * slot + 3
        for j, (key, css) in enumerate(_SERIES):
            value = counts.get(day, {}).get(key, 0)
            height = max(value * unit, 1.5 if value else 0.0)
            chart.bars.append(
                Bar(
                    x + j * bar,
                    base - height,
                    bar - 1,
                    height,
                    f"bar-{css}",
                    f"{day.isoformat()}: {value} {key}",
                )
            )
            chart.total += value
        if i % every == 0:
            chart.labels.append(
                Label(x + (slot - 6) / 2, base + 18, day.strftime("%d.%m"), "middle")
            )
    return chart


def consent_charts(rows: list[ReportRow], first: date, last: date) -> list[Chart]:
    """One chart per purpose over the days asked for."""
    per_purpose: dict[str, dict[date, dict[str, int]]] = {}
    for row in rows:
        per_purpose.setdefault(row.purpose, {})[row.day] = {
            "grants": row.grants,
            "denials": row.denials,
            "withdrawals": row.withdrawals,
        }
    return [
        columns(f"Consent to {purpose}, per day", first, last, counts)
        for purpose, counts in sorted(per_purpose.items())
    ]

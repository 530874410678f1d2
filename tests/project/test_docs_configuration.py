"""docs/configuration.md is written from the Settings model by `make docs`, never by hand."""

from __future__ import annotations

import pytest
from pydantic import Field

from paths import ROOT
from privacy_api.config import ENV_PREFIX, Settings
from tools import config_docs

GUIDE = ROOT / "docs" / "configuration.md"


def test_the_configuration_guide_is_the_one_generated_from_the_settings_model() -> None:
    assert GUIDE.read_text() == config_docs.render(), (
        "docs/configuration.md is stale: run `make docs`"
    )


def test_every_setting_has_its_row_with_variable_type_default_and_description() -> None:
    rows = [line for line in GUIDE.read_text().splitlines() if line.startswith("| `")]
    assert len(rows) == len(Settings.model_fields)
    for name, field in Settings.model_fields.items():
        variable = "DATABASE_URL" if name == "database_url" else f"{ENV_PREFIX}{name.upper()}"
        (row,) = [r for r in rows if r.startswith(f"| `{variable}`")]
        cells = [c.strip() for c in row.strip("|").split(" | ")]
        assert len(cells) == 4, row
        assert all(cells), row
        assert field.description
        assert field.description[:40] in row


def test_the_guide_shows_defaults_and_bounds_as_the_model_has_them() -> None:
    text = GUIDE.read_text()
    assert "| `PRIVACY_API_SMTP_PORT` | integer, > 0 and < 65536 | `25` |" in text
    assert "| `PRIVACY_API_SMTP_SECURITY` | one of `none`, `starttls`, `ssl` | `none` |" in text
    assert "| `PRIVACY_API_ACCESS_LOG` | `true` or `false` | `false` |" in text
    assert "| `PRIVACY_API_WEBHOOK_PRIVATE_HOSTS` | JSON list of text | `[]` |" in text
    assert "| `PRIVACY_API_SMTP_HOST` | text | unset |" in text
    # Where the model resolves a default at start-up, the guide says how.
    assert "generated at first start into `<database file>.secret`" in text


def test_a_setting_without_a_description_stops_the_generator() -> None:
    class Undocumented(Settings):
        new_knob: int = Field(default=1)

    with pytest.raises(ValueError, match="new_knob has no description"):
        config_docs.render(Undocumented)


def test_an_unknown_setting_points_to_the_configuration_guide() -> None:
    from privacy_api.config import UnknownSettingError, reject_unknown_settings

    with pytest.raises(UnknownSettingError, match="docs/configuration.md"):
        reject_unknown_settings({"PRIVACY_API_Q": "1"})

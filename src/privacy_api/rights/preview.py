"""What an erasure would erase, anonymise and keep, before anyone presses the button.

The preview runs the erasure itself (erasure.erase_subject, the one implementation of the
rules) inside a transaction that is always rolled back: the answer cannot drift from what
fulfilment does, and nothing of it (rows, audit entries, orders) outlives the preview.
"""

from __future__ import annotations

from typing import Any

from privacy_api.core.data.db import Database
from privacy_api.register.spec import RegisterSpec
from privacy_api.rights.erasure import erase_subject, erasure_summary


def erasure_preview(
    db: Database, *, subject_id: str, spec: RegisterSpec, lang: str = "en"
) -> dict[str, Any]:
    """erasure_summary() of erasing the subject now, with nothing changed."""
    session = db.writer()
    try:
        session.begin()
        report = erase_subject(
            session, subject_id=subject_id, spec=spec, actor="preview", lang=lang
        )
        return erasure_summary(report, spec)
    finally:
        # The rollback also drops the audit entries queued on the session (audit.service).
        session.rollback()
        session.close()

"""The register of policy facts and the published document: register load, openapi."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from privacy_api.cli.common import _database, cli_actor, emit, say
from privacy_api.config import Settings


def cmd_register_load(args: argparse.Namespace, settings: Settings) -> int:
    from privacy_api.policy import service as policy
    from privacy_api.register import service as register
    from privacy_api.register.checks import RegisterInvalid

    path = Path(args.file) if args.file else register.default_register_path()
    try:
        document = register.read_register_file(path)
    except RegisterInvalid as exc:
        say(f"privacy-api: {path} is not a valid register; nothing was stored:")
        for error in exc.errors:
            say(f"  - {error}")
        return 1
    db = _database(settings)
    with db.transaction() as session:
        loaded, created = register.load_register(
            session, document=document, source=path.name, actor=cli_actor()
        )
        # A register that changes what the policy shows publishes a new version (policy §5).
        published = policy.publish_register_changes(
            session, public_base_url=settings.public_base_url, actor=cli_actor()
        )
    say(f"register version {loaded.version} " + ("stored" if created else "unchanged"))
    if published is not None:
        material = " (material: consent asked again, notices queued)" if published.material else ""
        say(f"policy version {published.version} published{material}")
    return 0


def cmd_openapi(_args: argparse.Namespace, _settings: Settings) -> int:
    from privacy_api.openapi import openapi_document

    emit(json.dumps(openapi_document(), indent=2, sort_keys=True, ensure_ascii=False))
    return 0

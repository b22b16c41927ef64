"""The honour kinds the district starts with (data/honour_kinds.yaml), added where missing: a new database
gets them from its migrations, a database a test emptied gets them again from the demo's set-up (the plan
file's computed indicators name them)."""

from pathlib import Path

import yaml

KINDS_FILE = Path(__file__).resolve().parent / "data" / "honour_kinds.yaml"


def seed(model) -> None:
    """`model`: HonourKind, or its historical version inside a migration."""
    for position, entry in enumerate(yaml.safe_load(KINDS_FILE.read_text(encoding="utf-8")), start=1):
        model.objects.get_or_create(
            code=entry["code"], defaults={"name": entry["name"], "position": position * 10}
        )

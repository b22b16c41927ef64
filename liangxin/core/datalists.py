"""Data lists the district extends (honour kinds, supply categories, funding channels): each starts from a
YAML file of {code, name} shipped with its app, seeded by a migration in a new database and again by the
demo's set-up in one a test emptied."""

from pathlib import Path

import yaml


def seed(model, path: Path) -> None:
    """Add the file's entries missing from `model` (the model, or its historical version in a migration),
    positioned in the file's order."""
    for position, entry in enumerate(yaml.safe_load(path.read_text(encoding="utf-8")), start=1):
        model.objects.get_or_create(
            code=entry["code"], defaults={"name": entry["name"], "position": position * 10}
        )

"""Changes to the catalogue: loading the reviewed fixture (``fixtures/catalogue.json``).

Administrators edit single rows in the admin (with history); this module only brings the reviewed
fixture in. Loading is idempotent and never overwrites a row an administrator has edited: rows
are matched by ``code`` and only missing ones are created (``update=True`` rewrites them from the
fixture, for a reviewed fixture change).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "catalogue.json"


@dataclass
class LoadResult:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    @property
    def total_created(self) -> int:
        return sum(self.created.values())


def read_fixture(path: Path | None = None) -> dict[str, Any]:
    with open(path or FIXTURE, encoding="utf-8") as fh:
        data: dict[str, Any] = json.load(fh)
    return data


def rule_code(subject: str, entry: dict[str, Any]) -> str:
    """The stable code of one expanded rule: subject, activity, election type, start date."""
    return f"{subject}.{entry['activity']}.{entry['election']}.{entry['effective_from']}"


def _default_get_model(name: str) -> Any:  # a model class, or a historical one
    from django.apps import apps

    return apps.get_model("knowledge", name)


@transaction.atomic
def load_catalogue(
    *,
    data: dict[str, Any] | None = None,
    update: bool = False,
    get_model: Callable[[str], Any] | None = None,
) -> LoadResult:
    """Create the catalogue rows of the fixture that do not exist yet (all of them, atomically).

    ``get_model`` lets the data migration pass its historical models.
    """
    data = data if data is not None else read_fixture()
    model = get_model or _default_get_model
    result = LoadResult()

    def upsert(name: str, code: str, values: dict[str, Any]) -> tuple[Any, bool]:
        cls = model(name)
        obj = cls.objects.filter(code=code).first()
        if obj is None:
            obj = cls.objects.create(code=code, **values)
            result.created[name] = result.created.get(name, 0) + 1
            return obj, True
        if update:
            for key, value in values.items():
                setattr(obj, key, value)
            obj.save()
            result.updated[name] = result.updated.get(name, 0) + 1
            return obj, True
        return obj, False

    for entry in data["subjects"]:
        upsert(
            "Subject",
            entry["code"],
            {
                "name": entry["name"],
                "name_en": entry.get("name_en", ""),
                "synonyms": "\n".join(entry.get("synonyms", [])),
                "description": entry.get("description", ""),
                "description_en": entry.get("description_en", ""),
                "order": entry.get("order", 0),
            },
        )
    for entry in data["activities"]:
        upsert(
            "Activity",
            entry["code"],
            {
                "name": entry["name"],
                "name_en": entry.get("name_en", ""),
                "keywords": "\n".join(entry.get("keywords", [])),
                "description": entry.get("description", ""),
                "description_en": entry.get("description_en", ""),
                "order": entry.get("order", 0),
            },
        )
    dated = ("effective_from", "effective_until")
    bodies = {}
    for entry in data["recipients"]:
        bodies[entry["code"]], _ = upsert(
            "RecipientBody",
            entry["code"],
            {
                "name": entry["name"],
                "name_en": entry.get("name_en", ""),
                "source": entry["source"],
                **{k: entry.get(k) for k in dated},
            },
        )
    bases = {}
    for entry in data["legal_bases"]:
        bases[entry["code"]], _ = upsert(
            "LegalBasis",
            entry["code"],
            {
                key: entry.get(key, "")
                for key in ("statute", "article", "title", "title_en", "url", "citation")
            }
            | {"verified": entry.get("verified", False), **{k: entry.get(k) for k in dated}},
        )
    # Successors last: they may come later in the file.
    for entries, rows in ((data["recipients"], bodies), (data["legal_bases"], bases)):
        for entry in entries:
            successor = entry.get("superseded_by")
            row = rows[entry["code"]]
            wanted = rows[successor].pk if successor else None
            if row.superseded_by_id != wanted and (update or row.superseded_by_id is None):
                row.superseded_by_id = wanted
                row.save(update_fields=["superseded_by"])
    sanctions = {}
    for entry in data["sanctions"]:
        sanctions[entry["code"]], _ = upsert(
            "Sanction",
            entry["code"],
            {
                "kind": entry["kind"],
                "level": entry.get("level", ""),
                "text": entry["text"],
                "text_en": entry.get("text_en", ""),
                "legal_basis": bases[entry["legal_basis"]],
                "imposed_by": bodies[entry["imposed_by"]] if entry.get("imposed_by") else None,
            },
        )
    subjects = {s.code: s for s in model("Subject").objects.all()}
    activities = {a.code: a for a in model("Activity").objects.all()}
    for entry in data["rules"]:
        for subject in entry["subjects"]:
            rule, changed = upsert(
                "Rule",
                rule_code(subject, entry),
                {
                    "subject": subjects[subject],
                    "activity": activities[entry["activity"]],
                    "election": entry["election"],
                    "verdict": entry["verdict"],
                    "condition": entry.get("condition", ""),
                    "condition_en": entry.get("condition_en", ""),
                    "explanation": entry.get("explanation", ""),
                    "explanation_en": entry.get("explanation_en", ""),
                    "recipient": bodies[entry["recipient"]] if entry.get("recipient") else None,
                    "source": entry["source"],
                    **{k: entry.get(k) for k in dated},
                },
            )
            if changed:
                rule.legal_bases.set([bases[c] for c in entry["bases"]])
                rule.sanctions.set([sanctions[c] for c in entry.get("sanctions", [])])
    return result


def ensure_catalogue() -> LoadResult | None:
    """Load the catalogue when it is missing (after a transactional test's flush, or on a
    database migrated before the catalogue shipped)."""
    from .models import Rule

    if Rule.objects.exists():
        return None
    return load_catalogue()

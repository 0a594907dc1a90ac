"""The event catalogue: every service's catalogue is well formed, names follow the contract,
and the README shows the current catalogue (regenerate with `make catalogue`)."""
from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import jsonschema
import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
import event_catalogue  # noqa: E402

NAME = re.compile(r"^(complaints|reviews|compliance|notifications)\.[a-z_]+\.[a-z_]+$")


@pytest.mark.parametrize("service", event_catalogue.SERVICES)
def test_catalogue_entries_are_versioned_json_schemas_named_by_the_contract(service):
    path = ROOT / "services" / service / "src" / service / "catalogue.json"
    for event_type, entry in json.loads(path.read_text()).items():
        assert NAME.match(event_type) and event_type.startswith(service + "."), event_type
        assert isinstance(entry["version"], int) and entry["version"] >= 1
        assert entry.get("description"), event_type
        jsonschema.Draft202012Validator.check_schema(entry["schema"])
        assert entry["schema"]["type"] == "object"


def test_readme_shows_the_current_catalogue():
    readme = (ROOT / "README.md").read_text()
    assert event_catalogue.readme_with_catalogue(readme) == readme, "run `make catalogue`"

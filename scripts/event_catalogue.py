"""Prints the event catalogue (every type each service publishes, its version, its data fields) as
Markdown, from the services' catalogue.json files. `--write` replaces the README's catalogue section;
tests/test_event_catalogue.py checks the README is current."""
from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVICES = ["complaints", "reviews", "compliance", "notifications"]
START, END = "<!-- event-catalogue:start -->", "<!-- event-catalogue:end -->"


def consumers() -> dict[str, list[str]]:
    """Which services consume which patterns (from each bootstrap's event handlers)."""
    import importlib
    out: dict[str, list[str]] = {}
    for service in SERVICES:
        handlers = importlib.import_module(f"{service}.bootstrap").bootstrap(
            {"database_url": "postgresql://nobody@127.0.0.1:1/unused"}).event_handlers  # never connects
        out[service] = sorted(handlers)
    return out


def render() -> str:
    """The catalogue as Markdown tables."""
    lines = ["| event type | v | what happened | data fields |", "|---|---|---|---|"]
    for service in SERVICES:
        path = ROOT / "services" / service / "src" / service / "catalogue.json"
        for event_type, entry in sorted(json.loads(path.read_text()).items()):
            fields = ", ".join(f"`{f}`" for f in entry["schema"].get("properties", {}))
            lines.append(f"| `{event_type}` | {entry['version']} | {entry.get('description', '')} | {fields} |")
    lines += ["", "| consumer queue | bound to |", "|---|---|"]
    for service, patterns in consumers().items():
        if patterns:
            lines.append(f"| `{service}.events` | {', '.join(f'`{p}`' for p in patterns)} |")
    return "\n".join(lines)


def readme_with_catalogue(readme: str) -> str:
    """The README text with its catalogue section regenerated."""
    head, rest = readme.split(START, 1)
    _, tail = rest.split(END, 1)
    return f"{head}{START}\n{render()}\n{END}{tail}"


if __name__ == "__main__":
    if "--write" in sys.argv:
        readme = ROOT / "README.md"
        readme.write_text(readme_with_catalogue(readme.read_text()))
    else:
        print(render())

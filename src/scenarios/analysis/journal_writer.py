"""Appending an entry to an evidence journal (``scenarios journal add``): the entry is
written as YAML at the end of the ``entries:`` list, the whole journal is read back and checked
before anything is written, and the file is replaced atomically (comments and layout kept)."""

from __future__ import annotations

from pathlib import Path

import yaml

from scenarios.analysis.journal import Entry, Journal, parse_journal
from scenarios.analysis.yaml_findings import findings_body
from scenarios.core.errors import QueryError
from scenarios.core.inputs import release_input
from scenarios.engine.observation import observe
from scenarios.io.atomic import atomic_write_bytes, editing
from scenarios.io.files import read_text


def entry_yaml(entry: Entry) -> str:
    """The entry as an item of the ``entries:`` list (indented two spaces)."""
    body: dict = {"date": entry.date, "source": entry.source}
    if entry.reliability != 1:
        body["reliability"] = entry.reliability
    body.update(findings_body(entry.evidence))
    if entry.note:
        body["note"] = entry.note
    text = yaml.safe_dump(
        [body], sort_keys=False, allow_unicode=True, default_flow_style=None, width=88
    )
    return "".join(f"  {line}\n" for line in text.splitlines())


def append_entry(path: str | Path, entry: Entry, model_reference: str = "khorasan") -> Journal:
    """Add ``entry`` to the journal at ``path`` (created, naming ``model_reference``, when
    there is none) and return the journal as written. QueryError when the file's
    ``entries:`` is not a block list at its end, or the new entry does not fit the journal."""
    path = Path(path)
    with editing(path):  # concurrent appends wait their turn: none is lost
        if path.exists():
            old = read_text(path)
            release_input(path)  # the file this command edits on purpose
            _check_appendable(old, path)
        else:
            old = f"model: {model_reference}\nentries:\n"
        observe(parse_journal(old, path).model, entry.evidence)  # the findings, named plainly
        new = (old if old.endswith("\n") else old + "\n") + entry_yaml(entry)
        journal = parse_journal(new, path)  # every problem found before anything is written
        atomic_write_bytes(path, new.encode("utf-8"))
    return journal


def _check_appendable(text: str, path: Path) -> None:
    lines = [
        line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]
    top = [line for line in lines if not line[0].isspace()]
    last = top[-1] if top else ""
    if not last.startswith("entries:") or last.partition(":")[2].split("#")[0].strip():
        raise QueryError(
            f"{path}: journal add appends to a block list 'entries:' that ends the file; "
            "move 'entries:' last and write its items on their own lines ('  - date: ...')"
        )

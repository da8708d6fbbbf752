"""Appending an entry to an evidence journal (``scenarios journal add``): the entry is
written as YAML at the end of the ``entries:`` list, the whole journal is read back and checked
before anything is written, and the file is replaced atomically (comments and layout kept)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from scenarios.core.errors import QueryError
from scenarios.core.inputs import release_input
from scenarios.core.text import is_plain_text, plain_text
from scenarios.core.yamltree import LocatedDict, LocatedList, read_yaml
from scenarios.io.atomic import atomic_write_bytes, editing
from scenarios.io.files import read_text
from scenarios.io.journal_file import Entry, JournalFile, parse_journal_text
from scenarios.io.yaml_findings import findings_body
from scenarios.model.evidence import resolve_findings


def entry_yaml(entry: Entry, indent: int = 2) -> str:
    """The entry as an item of the ``entries:`` list, its dash ``indent`` spaces in."""
    body: dict[str, Any] = {"date": entry.date, "source": entry.source}
    if entry.reliability != 1:
        body["reliability"] = entry.reliability
    body.update(findings_body(entry.evidence))
    if entry.note:
        body["note"] = entry.note
    text = yaml.safe_dump(
        [body], sort_keys=False, allow_unicode=True, default_flow_style=None, width=88
    )
    return "".join(f"{' ' * indent}{line}\n" for line in text.splitlines())


def append_entry(
    path: str | Path,
    entry: Entry,
    model_reference: str = "khorasan",
    check: Callable[[JournalFile], object] = lambda journal: journal,
) -> JournalFile:
    """Add ``entry`` to the journal at ``path`` (created, naming ``model_reference``, when
    there is none) and return the journal as written. QueryError when the entry's texts
    cannot be written, the file's ``entries:`` is not a block list at its end, or the new
    entry does not fit the journal; ``check`` (e.g. that its entries fold together) raises
    before anything is written."""
    path = Path(path)
    for option, text in (("--source", entry.source), ("--note", entry.note)):
        if not is_plain_text(text):
            raise QueryError(
                f"{option} holds a control character ({plain_text(text)[:60]}); "
                "write it as plain text"
            )
    with editing(path):  # concurrent appends wait their turn: none is lost
        if path.exists():
            old = read_text(path)
            release_input(path)  # the file this command edits on purpose
            old, indent = _appendable(old, path)
        else:
            old, indent = f"model: {model_reference}\nentries:\n", 2
        model = parse_journal_text(old, path).model
        resolve_findings(model, entry.evidence)  # the findings, named plainly
        new = (old if old.endswith("\n") else old + "\n") + entry_yaml(entry, indent)
        journal = parse_journal_text(new, path)  # every problem found before writing
        check(journal)
        atomic_write_bytes(path, new.encode("utf-8"))
    return journal


def _appendable(text: str, path: Path) -> tuple[str, int]:
    """The file's text ready for an entry at its end (``entries: []`` made a block list) and
    where the dashes of its ``entries:`` list are (2 for an empty list), checking that the
    list can be appended to: a block list, last in the file."""
    doc = read_yaml(text, str(path))
    if not isinstance(doc, LocatedDict) or "entries" not in doc:
        raise QueryError(f"{path}: a journal is a mapping with an 'entries:' list")
    last = list(doc)[-1]
    key = doc.key_marks["entries"]
    if last != "entries":
        raise QueryError(
            f"{path}:{key.line}: journal add appends at the end of the file, but "
            f"'{last}:' comes after 'entries:'; move 'entries:' last"
        )
    items = doc["entries"]
    lines = text.splitlines(keepends=True)
    inline = lines[key.line - 1].partition(":")[2].split("#")[0].strip()
    if isinstance(items, LocatedList) and items and not inline:
        first = lines[items.marks[0].line - 1]
        return text, len(first) - len(first.lstrip(" "))
    if items is None:
        return text, 2
    if items == [] and inline == "[]":  # an empty flow list: made a block list
        lines[key.line - 1] = lines[key.line - 1].replace("[]", "", 1).rstrip() + "\n"
        return "".join(lines[: key.line]), 2
    raise QueryError(
        f"{path}:{key.line}: journal add appends to a block list 'entries:': write its items "
        "on their own lines ('  - date: ...'), not in brackets"
    )

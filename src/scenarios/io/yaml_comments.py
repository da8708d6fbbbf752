"""The comments of a model file a modeler wrote, carried into the YAML this tool writes for the
same model (``scenarios learn``): PyYAML drops comments, and a model's comments are part of
its analysis (a reading guide, why a link is fragile, which loop was cut).

Where each comment goes: the comments at the top of the file stay at the top; a comment on its
own line between variables goes before the variable that follows it; a comment inside a
variable (on its own line, or after a value: ``observable: true  # reported in the press``,
carried as ``# observable: reported in the press``) goes right under the variable's name, in
the order it came; a comment after a top-level key (``version: "1.5"  # what changed``) stays
after that key; the comments at the end stay at the end. Text inside block scalars (``>-``,
``|``) and quoted strings is never taken for a comment.

Example:
    >>> original = "# guide\\nname: m\\nvariables:\\n  # roots\\n  a:\\n    states: [x]  # 1\\n"
    >>> written = "name: m\\nvariables:\\n  a:\\n    states: [x]\\n"
    >>> print(with_comments(written, original), end="")
    # guide
    name: m
    variables:
      # roots
      a:
        # states: 1
        states: [x]
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_KEY = re.compile(r"^(\s*)([^\s#:'\"][^:#]*?|'[^']*'|\"[^\"]*\"):(\s|$)")
_BLOCK = re.compile(r":\s*[>|][-+]?\d*\s*(#.*)?$")


@dataclass
class Comments:
    """A model file's comments, by where they belong."""

    header: list[str] = field(default_factory=list)
    top_inline: dict[str, str] = field(default_factory=dict)  # top-level key -> its comment
    before: dict[str, list[str]] = field(default_factory=dict)  # variable -> lines before it
    inside: dict[str, list[str]] = field(default_factory=dict)  # variable -> lines in it
    trailing: list[str] = field(default_factory=list)


def split_comment(line: str) -> tuple[str, str]:
    """The line's content and its comment (without ``#``), a ``#`` inside quotes or not
    after whitespace being text."""
    quote = ""
    for i, char in enumerate(line):
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char == "#" and (i == 0 or line[i - 1] in " \t"):
            return line[:i].rstrip(), line[i + 1 :].strip()
    return line, ""


def read_comments(text: str) -> Comments:
    """Where each comment of ``text`` belongs (see the module's docstring)."""
    found = Comments()
    lines = text.splitlines()
    at_top, in_variables, variable_indent = True, False, -1
    current, pending, block_indent = "", [], -1
    for line in lines:
        indent = len(line) - len(line.lstrip())
        if block_indent >= 0 and (not line.strip() or indent > block_indent):
            continue  # inside a block scalar
        block_indent = -1
        stripped = line.strip()
        if not stripped:
            continue
        content, comment = split_comment(line)
        if not content.strip():  # a comment on its own line
            if at_top:
                found.header.append(stripped)
            elif in_variables and current and indent > variable_indent:
                found.inside.setdefault(current, []).append(stripped)
            else:
                pending.append(stripped)
            continue
        at_top = False
        key = _KEY.match(content)
        if _BLOCK.search(content):
            block_indent = indent
        if indent == 0:
            in_variables = key is not None and key.group(2) == "variables"
            if key and comment:
                found.top_inline[key.group(2)] = comment
            current = ""
            continue
        if in_variables and key and (variable_indent < 0 or indent == variable_indent):
            variable_indent, current = indent, key.group(2).strip("'\"")
            found.before[current] = pending
            pending = []
            if comment:
                found.inside.setdefault(current, []).append(f"# {comment}")
        elif current and comment:
            name = key.group(2) if key else "…"
            found.inside.setdefault(current, []).append(f"# {name}: {comment}")
    found.trailing = pending
    return found


def with_comments(written: str, original: str) -> str:
    """``written`` (YAML this tool wrote, two spaces an indent) with the comments of
    ``original`` where they belong."""
    found = read_comments(original)
    out = list(found.header)
    in_variables = False
    for line in written.splitlines():
        key = _KEY.match(line)
        indent = len(line) - len(line.lstrip())
        if key and indent == 0:
            in_variables = key.group(2) == "variables"
            comment = found.top_inline.get(key.group(2))
            out.append(f"{line}  # {comment}" if comment and not _BLOCK.search(line) else line)
            continue
        if in_variables and key and indent == 2:
            name = key.group(2).strip("'\"")
            out += [f"  {c}" for c in found.before.get(name, [])]
            out.append(line)
            out += [f"    {c}" for c in found.inside.get(name, [])]
            continue
        out.append(line)
    out += found.trailing
    return "\n".join(out) + "\n"

"""Read YAML into plain values that remember where each value stood in the file.

Only what ``yaml.safe_load`` accepts is accepted. Two deliberate differences make hand-written
models safer: a mapping may not repeat a key (the second would silently win), and only
``true``/``false`` are booleans (YAML 1.2), so states named ``yes``/``no``/``on``/``off`` stay
strings.

Example:
    >>> doc = read_yaml("a:\\n  b: [x, yes]\\n", "m.yaml")
    >>> doc["a"]["b"], doc["a"].value_marks["b"]
    (['x', 'yes'], Mark(line=2, column=6))
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

import yaml

from scenarios.core import limits
from scenarios.core.errors import Diagnostic, ModelError, Problems
from scenarios.core.text import did_you_mean

MAX_DEPTH = 64
_SURROGATE = re.compile("[\ud800-\udfff]")
_PLAIN_TAGS = {"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"}


class Mark(NamedTuple):
    """A 1-based line and column in a source file."""

    line: int
    column: int


class LocatedDict(dict[str, Any]):
    """A mapping with the position of itself, each key and each value; ``raw`` keeps each
    scalar value's source text (``01`` stays "01" where YAML reads the integer 1)."""

    mark: Mark
    key_marks: dict[str, Mark]
    value_marks: dict[str, Mark]
    raw: dict[str, str | None]

    def text(self, key: str) -> str | None:
        """The value of ``key`` as written in the file, for a scalar; None otherwise."""
        return self.raw.get(key)


class LocatedList(list[Any]):
    """A sequence with the position of itself and each item; ``raw`` keeps items' source text."""

    mark: Mark
    marks: list[Mark]
    raw: list[str | None]


# libyaml's parser where PyYAML was built with it (the wheels are): 15x faster than the pure
# Python one on the Khorasan model, with the same node marks, and its own nesting limit
_FastestSafeLoader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictSafeLoader(_FastestSafeLoader):  # type: ignore[misc]  # PyYAML is untyped
    """SafeLoader with YAML 1.2 booleans (``yes``/``no`` are strings) and no timestamps: a
    date stays the text written (``2015-02-30`` is text to check, not a crash in the
    constructor), and whoever reads dates parses them."""


_UNRESOLVED = ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:timestamp")
_StrictSafeLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag not in _UNRESOLVED]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_StrictSafeLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)
# YAML 1.2 floats without a dot (1e-5, 2E3): YAML 1.1, and so PyYAML, reads them as strings,
# and a probability written 1e-5 was "not a number". Checked after the int and float resolvers.
_StrictSafeLoader.add_implicit_resolver(
    "tag:yaml.org,2002:float", re.compile(r"^[-+]?[0-9]+[eE][-+]?[0-9]+$"), list("-+0123456789")
)


def mark_of(node: yaml.Node) -> Mark:
    return Mark(node.start_mark.line + 1, node.start_mark.column + 1)


def read_yaml(text: str, filename: str) -> Any:
    """Parse ``text`` (one YAML document) into located values; raise ModelError on bad YAML."""
    loader = _loader(text, filename)
    node = _compose(loader, text, filename)
    if node is None:
        return None
    builder = _Builder(loader, filename)
    try:
        value = builder.build(node, 0)
    except _AliasBomb as exc:
        raise ModelError(
            [
                Diagnostic(
                    exc.args[0],
                    file=filename,
                    line=exc.args[1],
                    hint="expand fewer aliases (*name)",
                )
            ]
        ) from None
    if builder.problems:
        raise ModelError(builder.problems)
    return value


def _loader(text: str, filename: str) -> _StrictSafeLoader:
    """A loader over ``text``; a located ModelError for a character YAML does not allow."""
    try:
        return _StrictSafeLoader(text)
    except yaml.reader.ReaderError as exc:  # the Python reader checks every character first
        raise ModelError([_reader_diagnostic(exc, text, filename)]) from None


def _reader_diagnostic(exc: yaml.reader.ReaderError, text: str, filename: str) -> Diagnostic:
    """A character YAML does not allow, located. libyaml gives the character as a number and
    its position in UTF-8 bytes; the Python reader, a character and its index."""
    character = chr(exc.character) if isinstance(exc.character, int) else exc.character
    before = text.encode("utf-8", "surrogatepass")[: exc.position].decode("utf-8", "replace")
    if not isinstance(exc.character, int):
        before = text[: exc.position]
    return Diagnostic(
        f"not valid YAML: character {character!r} is not allowed",
        file=filename,
        line=before.count("\n") + 1,
        hint="remove control characters; save the file as plain UTF-8 text",
    )


def _compose(loader: _StrictSafeLoader, text: str, filename: str) -> yaml.Node | None:
    """The document's node tree; located ModelErrors for syntax errors and deep nesting."""
    try:
        return loader.get_single_node()
    except yaml.reader.ReaderError as exc:  # libyaml's reader reads as it goes
        raise ModelError([_reader_diagnostic(exc, text, filename)]) from None
    except yaml.MarkedYAMLError as exc:
        raise ModelError([_syntax_diagnostic(exc, filename)]) from None
    except yaml.YAMLError as exc:
        raise ModelError([Diagnostic(f"not valid YAML: {exc}", file=filename)]) from None
    except RecursionError:  # PyYAML composes nested collections recursively
        where = _too_deep(text)
        raise ModelError(
            [
                Diagnostic(
                    f"nesting deeper than {MAX_DEPTH} levels",
                    file=filename,
                    line=where.line if where else None,
                    column=where.column if where else None,
                    hint="flatten the structure",
                )
            ]
        ) from None
    finally:
        loader.dispose()


_OPENING = (
    yaml.FlowSequenceStartToken,
    yaml.FlowMappingStartToken,
    yaml.BlockSequenceStartToken,
    yaml.BlockMappingStartToken,
)
_CLOSING = (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken, yaml.BlockEndToken)


def _too_deep(text: str) -> Mark | None:
    """Where the nesting first goes past MAX_DEPTH, found with PyYAML's scanner (which, unlike
    its composer, does not recurse)."""
    depth = 0
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if isinstance(token, _OPENING):
                depth += 1
                if depth > MAX_DEPTH:
                    return Mark(token.start_mark.line + 1, token.start_mark.column + 1)
            elif isinstance(token, _CLOSING):
                depth -= 1
    except yaml.YAMLError:
        return None
    return None


def _syntax_diagnostic(exc: yaml.MarkedYAMLError, filename: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or "syntax error"
    if exc.context:
        problem = f"{exc.context}, {problem}"
    hint = "check indentation (spaces, not tabs), colons and quotes on this line"
    if "maximum nesting depth" in problem:  # libyaml's own limit
        problem, hint = "nesting deeper than the YAML parser allows", "flatten the structure"
    elif "escape" in problem:
        hint = "write the character itself, or a valid escape such as \\u00e9 (no surrogates)"
    return Diagnostic(
        f"not valid YAML: {problem}",
        file=filename,
        line=mark.line + 1 if mark else None,
        column=mark.column + 1 if mark else None,
        hint=hint,
    )


class _AliasBomb(Exception):
    """Raised to stop building as soon as aliases expand past the limit ("billion laughs")."""


class _Builder:
    def __init__(self, loader: yaml.SafeLoader, filename: str):
        self.loader = loader
        self.filename = filename
        self.problems: list[Diagnostic] = []
        self.seen: set[int] = set()  # nodes already built: meeting one again is an alias
        self.through_alias = 0
        self.limit = limits.get("yaml_alias_nodes")

    def count(self, node: yaml.Node, inside_alias: bool) -> bool:
        """Note one node built; True when it is reached through an alias."""
        inside_alias = inside_alias or id(node) in self.seen
        self.seen.add(id(node))
        if inside_alias:
            self.through_alias += 1
            if self.through_alias > self.limit:
                what = "the YAML nodes reached through aliases"
                raise _AliasBomb(
                    limits.refusal(what, self.through_alias, "yaml_alias_nodes"), mark_of(node).line
                )
        return inside_alias

    def fail(self, node: yaml.Node, message: str, hint: str) -> None:
        m = mark_of(node)
        self.problems.append(Diagnostic(message, self.filename, m.line, m.column, hint=hint))

    def build(self, node: yaml.Node, depth: int, inside_alias: bool = False) -> Any:
        inside_alias = self.count(node, inside_alias)
        if depth > MAX_DEPTH:
            self.fail(node, f"nesting deeper than {MAX_DEPTH} levels", "flatten the structure")
            return None
        if isinstance(node, yaml.MappingNode | yaml.SequenceNode) and node.tag not in _PLAIN_TAGS:
            self.fail(node, f"YAML tag '{node.tag}' is not allowed", "remove the tag")
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, depth, inside_alias)
        if isinstance(node, yaml.SequenceNode):
            return self._sequence(node, depth, inside_alias)
        try:
            value = self.loader.construct_object(node, deep=True)
        except (yaml.YAMLError, ValueError, TypeError, OverflowError) as exc:
            problem = getattr(exc, "problem", None) or str(exc)
            self.fail(node, f"not valid YAML: {problem}", "write a plain value without a tag")
            return None
        if _SURROGATE.search(node.value):
            self.fail(
                node,
                "not valid text: an escape such as \\ud800 spells half of a "
                "character (a lone surrogate)",
                "write the character itself, or its full escape (\\U0001F600)",
            )
            return None
        return value

    def _mapping(self, node: yaml.MappingNode, depth: int, inside_alias: bool) -> LocatedDict:
        self.loader.flatten_mapping(node)
        out = LocatedDict()
        out.mark, out.key_marks, out.value_marks, out.raw = mark_of(node), {}, {}, {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.fail(key_node, "a mapping key must be a plain name", "write the key as text")
                continue
            key = str(key_node.value)
            if _SURROGATE.search(key):
                self.fail(
                    key_node,
                    "not valid text: a lone surrogate in a key",
                    "write the character itself",
                )
                continue
            if key in out:
                first = out.key_marks[key]
                self.fail(
                    key_node,
                    f"duplicate key '{key}' (first at line {first.line})",
                    "keep one of the two entries",
                )
                continue
            out[key] = self.build(value_node, depth + 1, inside_alias)
            out.key_marks[key] = mark_of(key_node)
            out.value_marks[key] = mark_of(value_node)
            out.raw[key] = value_node.value if isinstance(value_node, yaml.ScalarNode) else None
        return out

    def _sequence(self, node: yaml.SequenceNode, depth: int, inside_alias: bool) -> LocatedList:
        out = LocatedList(self.build(item, depth + 1, inside_alias) for item in node.value)
        out.mark = mark_of(node)
        out.marks = [mark_of(item) for item in node.value]
        out.raw = [item.value if isinstance(item, yaml.ScalarNode) else None for item in node.value]
        return out


def check_unknown_keys(
    body: Any,
    allowed: tuple[str, ...],
    problems: Problems,
    variable: str | None = None,
    what: str = "",
) -> bool:
    """One located problem per key of ``body`` (a mapping, read with key marks or not) that is
    not in ``allowed``, with the closest allowed key: the one home of this rule for model,
    CPT and scenario files. ``what`` prefixes the message (``"source: "``). True when every
    key is allowed."""
    unknown = [key for key in body if key not in allowed]
    cut_of = {key: _cut_by_comma(body, key) for key in unknown}
    cuts: dict[str, list[str]] = {}  # text cut by a comma -> the pieces read as keys
    for key, cut in cut_of.items():
        if cut:
            cuts.setdefault(cut, []).append(key)
    for key in unknown:
        cut = cut_of[key]
        if cut and key != cuts[cut][0]:
            continue  # one problem for one cut text
        problems.add(
            f"{what}unknown key '{key}'."
            + (f" A comma ended the text of '{cut}' there" if cut else did_you_mean(key, allowed)),
            getattr(body, "key_marks", {}).get(key, getattr(body, "mark", None)),
            variable,
            f'put the whole text in quotes: {cut}: "{", ".join([body[cut], *cuts[cut]])}"'
            if cut
            else f"allowed keys: {', '.join(allowed)}",
        )
    return not unknown


def _cut_by_comma(body: Any, key: str) -> str | None:
    """In ``{assumption: Rain, as everyone knows, wets the lawn}`` YAML ends the text at the
    first comma and reads the rest as keys without values: the key whose text on the same line
    was cut, for an unknown ``key`` with no value; else None."""
    marks = getattr(body, "key_marks", {})
    if body[key] is not None or key not in marks:
        return None
    for other, value in body.items():
        if (
            other != key
            and isinstance(value, str)
            and marks.get(other, marks[key])[0] == marks[key][0]
        ):
            return str(other)
    return None

"""BIF (the Interchange Format 0.15) text read here, with every error located to line:column.

pgmpy's BIF reader cuts the text
into blocks at a ``}`` followed by a newline, so a file whose last brace has no newline after
it, a brace followed by a space, or Windows line ends lose blocks or the whole network; it drops
rows it cannot place (leaving zeros), reports no lines, and takes seconds on a network of a
hundred variables. This reader is a small scanner and parser: whitespace, commas and ``|`` only
separate tokens, comments (``//``, ``/* */``) are skipped, names may be quoted, and each
problem names the line and column where it is.

Reading follows pgmpy's meaning wherever pgmpy reads a file correctly (the tests compare both
on every bundled bnlearn network):

- ``table`` lists every probability with the variable's own state varying slowest (one run
  of parent combinations per state), parents' combinations with the last parent fastest;
- rows ``(s1, s2) p1, p2;`` give one parent combination each; ``default p1, p2;`` fills the
  rows not given; a combination given by none of these is an error (pgmpy fills zeros);
- ``property`` lines are kept only for this tool's own ``scenarios`` notes.

Example:
    >>> m = parse_bif('network n { }\\nvariable a { type discrete [ 2 ] { x, y }; }\\n'
    ...               'probability ( a ) { table 0.25, 0.75; }', "n.bif")
    >>> m.variables["a"].states, m.variables["a"].cpt.tolist()
    (('x', 'y'), [0.25, 0.75])
"""

from __future__ import annotations

from scenarios.io.assemble import assemble
from scenarios.io.names import unquoted
from scenarios.io.notes import decode_notes
from scenarios.io.scanner import ProbabilityBlock, Scanner, Token, VariableBlock
from scenarios.model.schema import Model


def parse_bif(text: str, filename: str) -> Model:
    """A validated :class:`Model` from BIF text; every problem is a located ModelError."""
    return assemble(_BifParser(text, filename).parse())


class _BifParser(Scanner):
    """The grammar: network, variable and probability blocks."""

    FORMAT = "BIF"

    def parse(self) -> _BifParser:
        while (token := self.peek()) is not None:
            block = {
                "network": self.network_block,
                "variable": self.variable_block,
                "probability": self.probability_block,
            }.get(token.text)
            if block is None or token.kind != "word":
                self.fail(
                    f"expected 'network', 'variable' or 'probability', found '{token.text[:40]}'",
                    token,
                )
            self.advance()
            block()
        self.spaced_children()
        return self

    def spaced_children(self) -> None:
        """Names with spaces in probability headers, resolved against the declared names:
        ``( Light On )`` is the variable 'Light On' when one is declared, not 'Light' with
        parent 'On' (the old header form), and ``| Light On`` is one parent."""
        declared = {v.name for v in self.variables}
        for block in self.probabilities:
            if block.child not in declared and block.parents:
                block.child, *block.parents = _merged([block.child, *block.parents], declared)
            elif not all(p in declared for p in block.parents):
                block.parents = _merged(block.parents, declared)

    def network_block(self) -> None:
        self.network = unquoted(self.name("the network's name").text)
        self.expect("{", " after the network's name")
        while not self.closing():
            self.property()

    def property(self) -> str:
        """A ``property ...;`` statement's text after the keyword."""
        token = self.take("'property'")
        if token.text != "property":
            self.fail(f"expected 'property' or '}}', found '{token.text[:40]}'", token)
        first = self.upcoming("';'")
        while (end := self.take("';'")).text != ";" or end.kind != "punct":
            pass
        return self.text[first.start : end.start].strip() if first is not end else ""

    def variable_block(self) -> None:
        words = self.tokens_until("{")
        if not words:
            self.fail("expected a variable's name", self.last)
        token = words[0]
        block = VariableBlock(self.joined(words), [], token.start)  # pgmpy allows spaces
        declared = False
        seen: dict[str, int] = {}
        owner = f"variable '{block.name}'"
        while not self.closing():
            if self.upcoming("'type' or '}'").text == "type":
                self.once(seen, "type", self.advance(), owner)
                block.states = self.states(block.name)
                declared = True
                continue
            start = self.upcoming("'property'")
            key, _, value = self.property().partition("=")
            if key.strip() == "scenarios":
                self.once(seen, "scenarios", start, owner)
                block.notes = decode_notes(value)
        if not declared:
            self.fail(
                f"variable '{block.name}' has no 'type discrete [ n ] {{ ... }};' line",
                token,
                "list its states",
            )
        self.variables.append(block)

    def states(self, variable: str) -> list[str]:
        kind = self.name("'discrete'")
        if kind.text != "discrete":
            self.fail(
                f"variable '{variable}' is of type '{kind.text}'; only discrete "
                "variables can be read",
                kind,
                "make it discrete",
            )
        self.expect("[")
        count = self.name("the number of states")
        self.expect("]")
        self.expect("{", f" before the states of '{variable}'")
        names = self.group_until("}", None)
        self.expect(";", f" after the states of '{variable}'")
        digits = count.text.isascii() and count.text.isdigit()
        if not digits or int(count.text) != len(names):
            self.fail(
                f"variable '{variable}' declares [ {count.text} ] states but lists {len(names)}",
                count,
                "make the number match the list",
            )
        return names

    def tokens_until(self, close: str) -> list[Token]:
        """The names up to the punctuation ``close`` (taken)."""
        items: list[Token] = []
        while (token := self.take(f"'{close}'")).text != close or token.kind != "punct":
            if token.kind == "punct":
                self.fail(f"expected a name or '{close}', found '{token.text}'", token)
            items.append(token)
        return items

    def joined(self, items: list[Token]) -> str:
        return unquoted(self.text[items[0].start : items[-1].end])

    def grouped(self, items: list[Token], expected: int | None = None) -> list[str]:
        """Names split at commas when there are any (so a name may hold spaces, as pgmpy
        reads it), else one name per token (one name when one is expected)."""
        if not items:
            return []
        if not any(t.comma_before for t in items[1:]):
            if expected == 1 and len(items) > 1:
                return [self.joined(items)]
            return [unquoted(t.text) for t in items]
        groups: list[list[Token]] = [[items[0]]]
        for t in items[1:]:
            groups[-1:] = [groups[-1], [t]] if t.comma_before else [groups[-1] + [t]]
        return [self.joined(g) for g in groups]

    def group_until(self, close: str, expected: int | None) -> list[str]:
        return self.grouped(self.tokens_until(close), expected)

    def probability_block(self) -> None:
        self.expect("(", " after 'probability'")
        items = self.tokens_until(")")
        if not items:
            self.fail("expected the variable's name", self.last)
        bar = next((i for i, t in enumerate(items) if t.bar_before), None)
        if bar:  # ( child | parents ): names may hold spaces, as pgmpy reads them
            child, parents = self.joined(items[:bar]), self.grouped(items[bar:])
        else:  # ( child parent parent ), the old form
            child, parents = unquoted(items[0].text), self.grouped(items[1:])
        block = ProbabilityBlock(child, parents, items[0].start)
        self.expect("{", f" after the probability header of '{block.child}'")
        while not self.closing():
            self.probability_entry(block)
        self.probabilities.append(block)

    def probability_entry(self, block: ProbabilityBlock) -> None:
        token = self.upcoming("'table', 'default' or '('")
        if token.kind == "punct" and token.text == "(":
            self.advance()
            states = self.group_until(")", len(block.parents))
            block.rows.append((states, self.numbers(), token.start))
        elif token.text in ("table", "default") and token.kind == "word":
            self.advance()
            if getattr(block, token.text) is not None:
                self.fail(f"a second '{token.text}' for '{block.child}'", token, "keep one of them")
            setattr(block, token.text, (self.numbers(), token.start))
        elif token.text == "property":
            self.property()
        else:
            self.fail(
                f"expected 'table', 'default', '(' or '}}' in the probabilities of "
                f"'{block.child}', found '{token.text[:40]}'",
                token,
            )


def _merged(words: list[str], declared: set[str]) -> list[str]:
    """``words`` with runs that spell a declared name (longest first) joined by spaces."""
    names, i = [], 0
    while i < len(words):
        end = next(
            (j for j in range(len(words), i + 1, -1) if " ".join(words[i:j]) in declared), i + 1
        )
        names.append(" ".join(words[i:end]))
        i = end
    return names

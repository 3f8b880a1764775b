"""What the line-based formats (bnet, BooleanNet) share: reading the file,
collecting one rule per line with located errors, and deciding the inputs."""

from __future__ import annotations

from pathlib import Path

from ..errors import InputError, Problem
from ..expr import variables, var
from ..model import Model, NodeInfo, Provenance, Rule
from ..rules import parse_expression
from ._read import read_input


def read_text(path: Path) -> str:
    """A model file's text, or a located error saying why it cannot be read."""
    return read_input(path)


class RuleCollector:
    """Gathers ``target = expression`` lines, every problem located, none fatal until :meth:`model`."""

    def __init__(self, source: str):
        self.source = source
        self.rules: dict[str, Rule] = {}
        self.problems: list[Problem] = []

    def error(self, line: int, column: int, message: str) -> None:
        self.problems.append(Problem(self.source, line, column, message))

    def add(self, target: str, expression: str, line: int, target_column: int, expression_column: int) -> None:
        if target in self.rules:
            first = self.rules[target].provenance.source
            self.error(line, target_column, f"'{target}' already has a rule (at {first})")
            return
        try:
            expr = parse_expression(expression, source=self.source, line=line, column_offset=expression_column)
        except InputError as e:
            self.problems.extend(e.problems)
            return
        self.rules[target] = Rule(target, expr, Provenance(source=f"{self.source}:{line}"))

    def model(self, name: str | None, empty_hint: str) -> Model:
        """The Model; inputs are targets with ``X = X`` and names read but never defined."""
        if self.problems:
            raise InputError(self.problems)
        if not self.rules:
            raise InputError.at(self.source, f"no rules found: {empty_hint}")
        read = set().union(*(variables(r.expr) for r in self.rules.values()))
        inputs = [t for t, r in self.rules.items() if r.expr == var(t)] + sorted(read - set(self.rules))
        return Model(self.rules, {n: NodeInfo(n, kind="condition") for n in inputs}, name=name)

"""The rule language: text -> a Model whose rules carry their provenance.

The language is documented in ``docs/rules.md``. Lines are split into tokens
here (so every error has a line and a column); expressions are then parsed by
boolean.py from that token stream and converted to :mod:`mtorlogic.expr`
trees. Nothing in a rule file is ever evaluated as code.

Examples
--------
>>> m = read_rules_text('''
... input GF condition "growth factors" default 1
... AKT = GF          [14] §2.1
... mTORC1 = AKT & !AMPK   [14, 19]
... input AMPK protein default 0
... ''')
>>> str(m.rule("mTORC1"))
'mTORC1 = AKT & !AMPK    [14, 19]'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import boolean
from boolean.boolean import (
    TOKEN_AND, TOKEN_FALSE, TOKEN_LPAR, TOKEN_NOT, TOKEN_OR, TOKEN_RPAR,
    TOKEN_SYMBOL, TOKEN_TRUE, ParseError,
)

from .errors import InputError, Problem, did_you_mean
from .io._read import read_input
from .expr import Expr, conjunction, const, disjunction, negation, rename, too_deep, var, variables
from .model import KINDS, Model, NodeInfo, Provenance, Rule
from .references import parse_source

IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
RESERVED = {"and", "or", "not", "true", "false"}

_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<comment>\#.*)
  | (?P<string>"(?:[^"\\]|\\.)*"?)
  | (?P<refs>\[[^\]]*\]?)
  | (?P<section>§\s*[^\s\[\]"#]*)
  | (?P<op>&&|\|\||[&|!~()=,])
  | (?P<word>[^\s,\[\]"§\#()&|!~=]+)
  | (?P<other>.)
    """,
    re.VERBOSE,
)

_OPERATORS = {
    "&": TOKEN_AND, "&&": TOKEN_AND, "and": TOKEN_AND,
    "|": TOKEN_OR, "||": TOKEN_OR, "or": TOKEN_OR,
    "!": TOKEN_NOT, "~": TOKEN_NOT, "not": TOKEN_NOT,
    "(": TOKEN_LPAR, ")": TOKEN_RPAR,
    "1": TOKEN_TRUE, "true": TOKEN_TRUE, "0": TOKEN_FALSE, "false": TOKEN_FALSE,
}

_ALGEBRA = boolean.BooleanAlgebra()


@dataclass(frozen=True)
class Token:
    kind: str  # string, refs, section, op, word
    text: str
    column: int  # 1-based


def tokenize(line: str) -> list[Token]:
    """Split one line into tokens (comments and white space dropped)."""
    tokens = []
    pos = 0
    while pos < len(line):
        m = _TOKEN.match(line, pos)
        # Never None: the last alternative, a named group, matches any one character of a line.
        assert m is not None and m.lastgroup is not None
        kind = m.lastgroup
        if kind not in ("ws", "comment"):
            tokens.append(Token(kind, m.group(), pos + 1))
        pos = m.end()
    return tokens


class _FileParser:
    """Parses one file; collects problems instead of stopping at the first."""

    def __init__(self, source: str):
        self.source = source
        self.problems: list[Problem] = []
        self.section: str | None = None
        self.rules: list[tuple[Rule, int, list[tuple[str, int]]]] = []  # rule, line, symbol uses
        self.decls: list[tuple[NodeInfo, int, int, bool]] = []  # info, line, column, is an input
        self.broken_targets: set[str] = set()  # targets of rules that failed to parse

    def error(self, line: int, column: int, message: str) -> None:
        self.problems.append(Problem(self.source, line, column, message))

    def parse(self, text: str) -> None:
        for number, line in enumerate(text.splitlines(), start=1):
            tokens = tokenize(line)
            if not tokens:
                continue
            first = tokens[0]
            is_rule = len(tokens) > 1 and tokens[1].text == "="
            try:
                if not is_rule and first.text == "section":
                    self._section(number, tokens)
                elif not is_rule and first.text in ("node", "input"):
                    self._declaration(number, tokens)
                else:
                    self._rule(number, tokens)
            except _LineError as e:
                self.error(number, e.column, e.message)

    # --- statements -------------------------------------------------------

    def _section(self, number: int, tokens: list[Token]) -> None:
        if len(tokens) < 2 or tokens[1].kind != "word":
            raise _LineError(tokens[0].column, "'section' needs a section number, e.g. 'section 2.1'")
        self.section = tokens[1].text
        rest = tokens[2:]
        if rest and not (len(rest) == 1 and rest[0].kind == "string"):
            raise _LineError(rest[0].column, "after the section number only a quoted title may follow")
        if rest:
            _unquote(rest[0])

    def _declaration(self, number: int, tokens: list[Token]) -> None:
        keyword = tokens[0].text
        if len(tokens) < 3:
            raise _LineError(tokens[0].column + len(keyword), f"'{keyword}' needs a node id and a kind")
        node_tok, kind_tok = tokens[1], tokens[2]
        self._check_ident(node_tok)
        if kind_tok.text not in KINDS:
            raise _LineError(kind_tok.column, f"unknown kind '{kind_tok.text}'{did_you_mean(kind_tok.text, KINDS)}; "
                             f"kinds are: {', '.join(KINDS)}")
        rest = tokens[3:]
        name = None
        if rest and rest[0].kind == "string":
            name = _unquote(rest.pop(0))
        default = None
        if rest and rest[0].text == "default":
            if keyword != "input":
                raise _LineError(rest[0].column, "only an input has a default value")
            if len(rest) < 2 or rest[1].text not in ("0", "1"):
                raise _LineError(rest[0].column, "'default' must be followed by 0 or 1")
            default = int(rest[1].text)
            rest = rest[2:]
        aliases: list[str] = []
        if rest and rest[0].text == "aka":
            alias_start = rest.pop(0)
            while rest and rest[0].kind == "word":
                aliases.append(rest.pop(0).text)
                if rest and rest[0].text == ",":
                    rest.pop(0)
                else:
                    break
            if not aliases:
                raise _LineError(alias_start.column, "'aka' must be followed by one or more aliases")
        provenance = self._provenance(number, rest, allow=keyword == "input")
        info = NodeInfo(node_tok.text, name, kind_tok.text, tuple(aliases), default, provenance)
        self.decls.append((info, number, node_tok.column, keyword == "input"))

    def _rule(self, number: int, tokens: list[Token]) -> None:
        target = tokens[0]
        if len(tokens) < 2 or tokens[1].text != "=":
            col = tokens[1].column if len(tokens) > 1 else target.column + len(target.text)
            raise _LineError(col, "expected 'Target = expression', a 'node'/'input' declaration or a 'section'")
        self._check_ident(target)
        self.broken_targets.add(target.text)
        body = tokens[2:]
        end = next((i for i, t in enumerate(body) if t.kind in ("refs", "section", "string")), len(body))
        expr_tokens, rest = body[:end], body[end:]
        if not expr_tokens:
            raise _LineError(tokens[1].column + 1, "missing expression after '='")
        expr, uses = self._expression(expr_tokens)
        provenance = self._provenance(number, rest, allow=True)
        self.rules.append((Rule(target.text, expr, provenance), number, [(target.text, target.column), *uses]))
        self.broken_targets.discard(target.text)

    # --- pieces -----------------------------------------------------------

    def _check_ident(self, tok: Token) -> None:
        if not IDENT.match(tok.text) or tok.text.lower() in RESERVED:
            raise _LineError(tok.column, f"bad name '{tok.text}': a node id is letters, digits and _, "
                             "not starting with a digit, and not a reserved word")

    def _expression(self, tokens: list[Token]) -> tuple[Expr, list[tuple[str, int]]]:
        stream = []
        uses = []
        depth_stack = []
        for tok in tokens:
            low = tok.text.lower()
            if tok.kind == "other" or tok.kind == "op" and tok.text in ("=", ","):
                raise _LineError(tok.column, f"unexpected '{tok.text}' in an expression")
            if low in _OPERATORS:
                kind = _OPERATORS[low]
                if kind == TOKEN_LPAR:
                    depth_stack.append(tok.column)
                elif kind == TOKEN_RPAR:
                    if not depth_stack:
                        raise _LineError(tok.column, "')' without a matching '('")
                    depth_stack.pop()
                stream.append((kind, tok.text, tok.column))
            elif IDENT.match(tok.text):
                stream.append((TOKEN_SYMBOL, tok.text, tok.column))
                uses.append((tok.text, tok.column))
            else:
                raise _LineError(tok.column, f"bad name '{tok.text}' in an expression "
                                 "(node ids are letters, digits and _, not starting with a digit)")
        if depth_stack:
            raise _LineError(depth_stack[-1], "'(' is never closed")
        last = stream[-1]
        if last[0] in (TOKEN_AND, TOKEN_OR, TOKEN_NOT):
            raise _LineError(last[2], f"expression ends with the operator '{last[1]}'")
        if stream[0][0] in (TOKEN_AND, TOKEN_OR):
            raise _LineError(stream[0][2], f"expression starts with the operator '{stream[0][1]}'")
        try:
            parsed = _ALGEBRA.parse(stream)
        except ParseError as e:
            column = e.position if isinstance(e.position, int) and e.position > 0 else tokens[0].column
            raise _LineError(column, _parse_message(e)) from None
        except Exception:  # boolean.py raises bare errors on some malformed streams
            raise _LineError(tokens[0].column, "malformed expression") from None
        expr = from_boolean(parsed)  # iterative, as boolean.py's parser: redundant parentheses cost nothing
        deep = too_deep(expr)  # what the expression code would recurse through: refused here
        if deep:
            raise _LineError(tokens[0].column, deep)
        return expr, uses

    def _provenance(self, number: int, rest: list[Token], allow: bool) -> Provenance:
        refs: tuple[int, ...] = ()
        external: tuple[str, ...] = ()
        section = self.section
        evidence = None
        seen_refs = False
        if rest and not allow:
            raise _LineError(rest[0].column, "a 'node' declaration carries no references; put them on its rule")
        for tok in rest:
            if tok.kind == "refs" and not seen_refs:
                refs, external = _parse_refs(tok)
                seen_refs = True
            elif tok.kind == "section":
                section = tok.text[1:].strip()
                if not section:
                    raise _LineError(tok.column, "'§' must be followed by a section number")
            elif tok.kind == "string" and evidence is None:
                evidence = _unquote(tok)
            else:
                raise _LineError(tok.column, f"unexpected '{tok.text}': after the expression come "
                                 "[references], §section and a \"quoted evidence sentence\", once each")
        return Provenance(refs, section, evidence, f"{self.source}:{number}", external)


def parse_expression(text: str, source: str = "<expression>", line: int = 0, column_offset: int = 1) -> Expr:
    """Parse one Boolean expression (``& | ! ~``, ``and or not`` in any case, constants).

    Used by the bnet and BooleanNet readers, so every format reports the same
    located errors.

    Examples
    --------
    >>> parse_expression("A and not (B or 0)")
    ('and', (('var', 'A'), ('not', ('var', 'B'))))
    """
    tokens = [Token(t.kind, t.text, t.column + column_offset - 1) for t in tokenize(text)]
    parser = _FileParser(source)
    if not tokens:
        raise InputError.at(source, "missing expression", line, column_offset)
    bad = next((t for t in tokens if t.kind in ("refs", "section", "string")), None)
    try:
        if bad is not None:
            raise _LineError(bad.column, f"unexpected '{bad.text}' in an expression")
        expr, _ = parser._expression(tokens)
    except _LineError as e:
        raise InputError.at(source, e.message, line, e.column) from None
    return expr


class _LineError(Exception):
    def __init__(self, column: int, message: str):
        self.column, self.message = column, message


def _unquote(tok: Token) -> str:
    text = tok.text
    if len(text) < 2 or not text.endswith('"') or text.endswith('\\"') and not text.endswith('\\\\"'):
        raise _LineError(tok.column, "unterminated quoted text")
    return re.sub(r"\\(.)", r"\1", text[1:-1])


def _parse_refs(tok: Token) -> tuple[tuple[int, ...], tuple[str, ...]]:
    """The review's reference numbers and the external sources (``PMID:``/``DOI:``) in ``[...]``."""
    if not tok.text.endswith("]"):
        raise _LineError(tok.column, "'[' of the references is never closed")
    inner = tok.text[1:-1]
    if not inner.strip():
        raise _LineError(tok.column, "empty reference list '[]'")
    refs: list[int] = []
    external: list[str] = []
    for part in (p.strip() for p in inner.split(",")):
        m = re.fullmatch(r"(\d+)\s*[-–]\s*(\d+)", part)
        if m:
            lo, hi = int(m.group(1)), int(m.group(2))
            if hi < lo or hi - lo > 50:
                raise _LineError(tok.column, f"bad reference range '{part}'")
            refs.extend(range(lo, hi + 1))
        elif part.isdigit():
            refs.append(int(part))
        elif source := parse_source(part):
            external.append(source)
        else:
            raise _LineError(tok.column, f"bad reference '{part}': references are the review's numbers, ranges "
                             "like 20-22, or external sources PMID:<digits> or DOI:10.<...>")
    return tuple(dict.fromkeys(refs)), tuple(dict.fromkeys(external))


def _parse_message(e: ParseError) -> str:
    messages = {
        2: "unbalanced parenthesis",
        4: "an operator is missing before '('",
        5: f"an operator is missing before '{e.token_string}'",
        6: f"misplaced operator '{e.token_string}'",
    }
    return messages.get(e.error_code, f"invalid expression near '{e.token_string}'")


def from_boolean(e: boolean.Expression) -> Expr:
    """Convert a boolean.py expression to an :mod:`mtorlogic.expr` tree.

    Iterative: published models have rules of a million characters whose
    boolean.py trees are far deeper than Python's recursion limit.
    """
    algebra = _ALGEBRA
    done: dict[int, Expr] = {}
    stack = [(e, False)]
    while stack:
        node, expanded = stack.pop()
        if id(node) in done:
            continue
        if isinstance(node, algebra.Symbol):
            done[id(node)] = var(str(node.obj))
        elif node is algebra.TRUE or isinstance(node, type(algebra.TRUE)):
            done[id(node)] = const(True)
        elif node is algebra.FALSE or isinstance(node, type(algebra.FALSE)):
            done[id(node)] = const(False)
        elif not expanded:
            stack.append((node, True))
            stack.extend((arg, False) for arg in _operands(node))
        else:
            parts = [done[id(arg)] for arg in _operands(node)]
            if isinstance(node, algebra.NOT):
                done[id(node)] = negation(parts[0])
            elif isinstance(node, algebra.AND):
                done[id(node)] = conjunction(parts)
            else:
                done[id(node)] = disjunction(parts)
    return done[id(e)]


def _operands(node: boolean.Expression) -> list[boolean.Expression]:
    """The operands of an AND/OR with nested ones of the same kind inlined.

    boolean.py nests ``a | b | c`` as binary operations; flattening the chain
    once keeps conversion linear instead of quadratic in its length.
    """
    if isinstance(node, _ALGEBRA.NOT):
        return list(node.args)
    kind = type(node)
    out, stack = [], list(reversed(node.args))
    while stack:
        arg = stack.pop()
        if type(arg) is kind:
            stack.extend(reversed(arg.args))
        else:
            out.append(arg)
    return out


# --- whole models ---------------------------------------------------------


def rule_files(path: str | Path) -> list[Path]:
    """The ``.rules`` files of a model: the file itself or a directory's, in name order."""
    p = Path(path)
    if p.is_dir():
        files = sorted(p.glob("*.rules"))
        if not files:
            raise InputError.at(str(p), "directory contains no .rules files")
        return files
    if not p.exists():
        raise InputError.at(str(p), "no such file or directory")
    return [p]


def read_rules(path: str | Path) -> Model:
    """Read a model from a ``.rules`` file or a directory of them.

    Raises
    ------
    InputError
        With every problem of every file, each as ``file:line:column: message``.
    """
    parsers = []
    for f in rule_files(path):
        text = read_input(f)
        parser = _FileParser(str(f))
        parser.parse(text)
        parsers.append(parser)
    return _assemble(parsers, name=Path(path).stem, source=str(path))


def read_rules_text(text: str, source: str = "<text>") -> Model:
    """Read a model from rule-language text (see :func:`read_rules`)."""
    parser = _FileParser(source)
    parser.parse(text)
    return _assemble([parser], name=None, source=source)


def _assemble(parsers: list[_FileParser], name: str | None, source: str) -> Model:
    problems = [p for parser in parsers for p in parser.problems]
    if not problems and not any(parser.decls or parser.rules for parser in parsers):
        raise InputError.at(source, "the model is empty: no rules and no 'node' or 'input' declarations")
    infos: dict[str, NodeInfo] = {}
    declared_input: set[str] = set()
    where: dict[str, tuple[str, int, int]] = {}
    for parser in parsers:
        for info, line, col, is_input in parser.decls:
            if info.id in infos:
                prev = where[info.id]
                problems.append(Problem(parser.source, line, col,
                                        f"'{info.id}' is declared twice (first at {prev[0]}:{prev[1]})"))
                continue
            infos[info.id] = info
            where[info.id] = (parser.source, line, col)
            if is_input:
                declared_input.add(info.id)

    aliases: dict[str, str] = {}
    for nid, info in infos.items():
        src, line, col = where[nid]
        for alias in info.aliases:
            if alias in infos and alias != nid:
                problems.append(Problem(src, line, col, f"alias '{alias}' of '{nid}' is itself a node id"))
            elif alias in aliases and aliases[alias] != nid:
                problems.append(Problem(src, line, col, f"alias '{alias}' is used for both '{aliases[alias]}' and '{nid}'"))
            else:
                aliases[alias] = nid

    rules: dict[str, Rule] = {}
    rule_at: dict[str, tuple[str, int]] = {}
    uses: list[tuple[str, int, str, int]] = []
    for parser in parsers:
        for rule, line, symbols in parser.rules:
            target = aliases.get(rule.target, rule.target)
            if target in rules:
                first_source, first_line = rule_at[target]
                problems.append(Problem(parser.source, line, symbols[0][1],
                                        f"'{target}' already has a rule (at {first_source}:{first_line})"))
                continue
            rules[target] = rule
            rule_at[target] = (parser.source, line)
            uses.extend((parser.source, line, s, c) for s, c in symbols[1:])

    known = set(rules) | set(infos) | {t for parser in parsers for t in parser.broken_targets}
    for source, line, symbol, col in uses:
        if symbol in known or symbol in aliases:
            continue
        problems.append(Problem(source, line, col, f"unknown node '{symbol}'"
                                f"{did_you_mean(symbol, [*known, *aliases])}: give it a rule or declare it 'input'"))
    for nid in declared_input & set(rules):
        if rules[nid].expr != var(nid):
            src, line, col = where[nid]
            problems.append(Problem(src, line, col, f"'{nid}' is declared an input but also has a rule "
                                    f"(at {rule_at[nid][0]}:{rule_at[nid][1]})"))
    for nid in set(infos) - declared_input - set(rules):
        src, line, col = where[nid]
        problems.append(Problem(src, line, col, f"'{nid}' is declared with 'node' but has no rule: "
                                "give it a rule or declare it 'input'"))
    if problems:
        raise InputError(sorted(problems, key=lambda p: (p.source, p.line, p.column)))

    final_rules = {}
    for target, rule in rules.items():
        used = variables(rule.expr)
        expr = rename(rule.expr, {a: n for a, n in aliases.items() if a in used})
        final_rules[target] = Rule(target, expr, rule.provenance)
    return Model(final_rules, infos, name=name)


def write_rules(model: Model, path: str | Path) -> None:
    """Write a model in the rule language (declarations, then rules with provenance)."""
    from .io._atomic import atomic_write

    atomic_write(path, format_rules(model))


def format_rules(model: Model) -> str:
    """The rule-language text of a model."""
    lines = [f"# {model.name or 'model'}: {len(model)} nodes, written by mtorlogic", ""]
    for nid in model.nodes:
        info = model.info(nid)
        is_input = nid in model.inputs
        if not is_input and info.name is None and not info.aliases and info.kind == "protein":
            continue
        parts = ["input" if is_input else "node", nid, info.kind]
        if info.name:
            parts.append(_quote(info.name))
        if is_input and info.default is not None:
            parts += ["default", str(info.default)]
        if info.aliases:
            parts += ["aka", ", ".join(info.aliases)]
        if is_input:
            parts += _provenance_text(info.provenance)
        lines.append(" ".join(parts))
    lines.append("")
    for nid in model.nodes:
        rule = model.rule(nid)
        if rule is None or nid in model.inputs:
            continue
        lines.append(" ".join([f"{nid} = {rule.text}", *_provenance_text(rule.provenance)]).rstrip())
    return "\n".join(lines) + "\n"


def _provenance_text(prov: Provenance) -> list[str]:
    parts = []
    if prov.refs or prov.external:
        parts.append("[" + ", ".join([*map(str, prov.refs), *prov.external]) + "]")
    if prov.section:
        parts.append("§" + prov.section)
    if prov.evidence:
        parts.append(_quote(prov.evidence))
    return parts


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

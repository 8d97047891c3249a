"""Plausibility rules (DHIS2's validation rules and min–max checks) read from the database and applied to rows.

A rule's expression is a small language parsed with Python's `ast` and walked node by node against an allow-list
(never eval): whole and decimal numbers; the names of a report's figures (blank is 0), `population` (the area's
2019 census) ; `+ - * /`, comparisons, `and`, `or`, `not`; `max(…)`, `min(…)` and `max14(…)`, the largest value of
an expression over the area's reports of the 14 days before the date (0 without reports). The expression must hold;
when it does not, an error refuses the row and a warning asks for a written explanation (`warning_comment`).
"""

import ast
import datetime
import operator
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import REPORT_FIELDS, DailyReport, PlausibilityRule

HISTORY_DAYS = 14
NAMES = frozenset(REPORT_FIELDS) | {"population"}
FUNCTIONS = frozenset({"max", "min", "max14"})
BINARY = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}
COMPARE = {
    ast.Lt: operator.lt,
    ast.LtE: operator.le,
    ast.Gt: operator.gt,
    ast.GtE: operator.ge,
    ast.Eq: operator.eq,
    ast.NotEq: operator.ne,
}
MAX_LENGTH = 500


class ExpressionError(ValueError):
    """The expression is not in the language; the message names what is not allowed."""


Values = dict[str, int | None]
Evaluator = Callable[[Values, list[Values]], object]


def compile_expression(text: str) -> tuple[Evaluator, Evaluator | None, Evaluator | None]:
    """Return functions computing the expression, and its two sides when it is one comparison (for messages)."""
    if len(text) > MAX_LENGTH:
        raise ExpressionError(_("Biểu thức dài quá %(n)d ký tự.") % {"n": MAX_LENGTH})
    try:
        tree = ast.parse(text.strip(), mode="eval").body
    except SyntaxError as exc:
        raise ExpressionError(_("Biểu thức sai cú pháp ở ký tự %(at)s.") % {"at": exc.offset}) from None
    whole = _compile(tree, in_history=False)
    if isinstance(tree, ast.Compare) and len(tree.ops) == 1:
        return whole, _compile(tree.left, in_history=False), _compile(tree.comparators[0], in_history=False)
    return whole, None, None


def _compile(node: ast.AST, *, in_history: bool) -> Evaluator:
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        value = node.value
        return lambda row, history: value
    if isinstance(node, ast.Name):
        if node.id not in NAMES:
            raise ExpressionError(
                _("Không có tên “%(name)s”: dùng được %(names)s.")
                % {"name": node.id, "names": ", ".join(sorted(NAMES))}
            )
        name = node.id
        return lambda row, history: row.get(name) or 0
    if isinstance(node, ast.BinOp) and type(node.op) in BINARY:
        op, left, right = (
            BINARY[type(node.op)],
            _compile(node.left, in_history=in_history),
            _compile(node.right, in_history=in_history),
        )
        if op is operator.truediv:
            return lambda row, history: (lambda a, b: a / b if b else 0)(left(row, history), right(row, history))
        return lambda row, history: op(left(row, history), right(row, history))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.Not)):
        inner = _compile(node.operand, in_history=in_history)
        if isinstance(node.op, ast.Not):
            return lambda row, history: not inner(row, history)
        return lambda row, history: -inner(row, history)
    if isinstance(node, ast.Compare) and all(type(op) in COMPARE for op in node.ops):
        parts = [_compile(n, in_history=in_history) for n in (node.left, *node.comparators)]
        ops = [COMPARE[type(op)] for op in node.ops]
        if len(ops) == 1:  # the usual rule: one comparison, evaluated for every row of a national file
            op, left, right = ops[0], parts[0], parts[1]
            return lambda row, history: op(left(row, history), right(row, history))

        def compare(row, history):
            values = [part(row, history) for part in parts]
            return all(op(a, b) for op, a, b in zip(ops, values, values[1:]))

        return compare
    if isinstance(node, ast.BoolOp):
        parts = [_compile(n, in_history=in_history) for n in node.values]
        if isinstance(node.op, ast.And):
            return lambda row, history: all(part(row, history) for part in parts)
        return lambda row, history: any(part(row, history) for part in parts)
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in FUNCTIONS
        and not node.keywords
        and node.args
    ):
        if node.func.id == "max14":
            if in_history or len(node.args) != 1:
                raise ExpressionError(_("max14(…) nhận đúng một biểu thức, không lồng nhau."))
            inner = _compile(node.args[0], in_history=True)
            return lambda row, history: max((inner(day, []) for day in history), default=0)
        parts = [_compile(n, in_history=in_history) for n in node.args]
        pick = max if node.func.id == "max" else min
        return lambda row, history: pick(part(row, history) for part in parts)
    raise ExpressionError(_("Biểu thức có phần không được phép: “%(part)s”.") % {"part": ast.unparse(node)[:60]})


def uses_history(text: str) -> bool:
    return "max14" in text


@dataclass(frozen=True)
class CompiledRule:
    rule: PlausibilityRule
    check: Evaluator
    left: Evaluator | None
    right: Evaluator | None

    @property
    def needs_population(self) -> bool:
        return "population" in self.rule.expression

    def message(self, row: Values, history: list[Values]) -> str:
        left = self.left(row, history) if self.left else ""
        right = self.right(row, history) if self.right else ""
        try:
            return self.rule.message.format(left=_number(left), right=_number(right))
        except (KeyError, IndexError, ValueError):
            return self.rule.message


def _number(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return f"{value:,}".replace(",", ".") if isinstance(value, int) else str(value)


@dataclass(frozen=True)
class Finding:
    severity: str
    column: str | None
    message: str
    code: str


class RuleBook:
    """The active rules, compiled once per plan, with the history of the areas and dates they are applied to."""

    def __init__(self, rules: list[PlausibilityRule] | None = None):
        rules = list(PlausibilityRule.objects.filter(active=True)) if rules is None else rules
        self.rules = []
        for rule in rules:
            try:
                self.rules.append(CompiledRule(rule, *compile_expression(rule.expression)))
            except ExpressionError:
                continue  # the admin refuses such a rule; one stored before a change of language is skipped
        self.needs_history = any(uses_history(r.rule.expression) for r in self.rules)
        self.with_population = [(r, r.needs_population) for r in self.rules]
        self.history: dict[int, dict[datetime.date, Values]] = {}

    def load_history(self, keys: set[tuple[int, datetime.date]]) -> None:
        """Read the reports of the 14 days before each (area, date) in one query per stretch of dates."""
        if not self.needs_history or not keys:
            return
        dates = {day for _area, day in keys}
        areas = {area for area, _day in keys}
        first, last = min(dates) - datetime.timedelta(days=HISTORY_DAYS), max(dates) - datetime.timedelta(days=1)
        query = DailyReport.objects.filter(date__range=(first, last))
        if len(areas) <= 500:
            query = query.filter(area_id__in=areas)
        for area_id, day, *values in query.values_list("area_id", "date", *REPORT_FIELDS).iterator(chunk_size=5000):
            if area_id in areas:
                self.history.setdefault(area_id, {})[day] = dict(zip(REPORT_FIELDS, values))

    def check(self, *, area_id: int, population: int | None, day: datetime.date, values: Values) -> list[Finding]:
        if not self.rules:
            return []
        row = {**values, "population": population}
        days = self.history.get(area_id, {})
        history = (
            [days[d] for d in (day - datetime.timedelta(days=n) for n in range(1, HISTORY_DAYS + 1)) if d in days]
            if days
            else []
        )
        findings = []
        for compiled, needs_population in self.with_population:
            if needs_population and not population:
                continue  # no census figure: nothing to compare with
            try:
                holds = compiled.check(row, history)
            except (ArithmeticError, TypeError, ValueError):
                continue
            if not holds:
                findings.append(
                    Finding(
                        compiled.rule.severity,
                        compiled.rule.column or None,
                        compiled.message(row, history),
                        compiled.rule.code,
                    )
                )
        return findings

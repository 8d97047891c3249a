"""Reasons of a level as the public reads them: the engine's sentence, the rule's clause, the kind of source."""

from dataclasses import dataclass
from functools import cache

from django.utils import translation
from django.utils.translation import gettext_lazy as _

from risk.display import TAG_LABELS
from risk.engine.clauses_2686 import CLAUSES
from risk.engine.rulesets import RULESETS

from ..reason_text import reason_sentence

RULE_TABLES = ("COMMUNE_RULES", "ADJACENCY_RULES", "DISTRICT_RULES", "PROVINCE_RULES")


SOURCE_TITLES = {
    "QD2686": _("Quyết định 2686/QĐ-BCĐQG ngày 31/5/2021 của Ban Chỉ đạo Quốc gia phòng, chống dịch COVID-19"),
}


@dataclass(frozen=True)
class RuleInfo:
    id: str
    tag: str
    level: int
    ruleset: str

    @property
    def clause(self) -> str:
        """The rule's public clause in the page's language (never the developers' docstring)."""
        found = CLAUSES.get(self.id)
        return found.text(translation.get_language()) if found else ""

    @property
    def source(self) -> str:
        return str(SOURCE_TITLES.get(self.ruleset, self.ruleset))


@dataclass(frozen=True)
class Explanation:
    text: str
    tag: str
    tag_label: str
    rule: RuleInfo | None


@cache
def rule_index() -> dict[str, RuleInfo]:
    """Return every rule of every rule set by identifier."""
    found = {}
    for ruleset in RULESETS.values():
        for table in RULE_TABLES:
            for rule in getattr(ruleset.rules, table, ()):
                found[rule.id] = RuleInfo(id=rule.id, tag=rule.tag, level=rule.level, ruleset=ruleset.code)
    return found


def rule_tables(ruleset_code: str) -> list[tuple[str, list[RuleInfo]]]:
    """Return the rule tables of a rule set, each as (table name, rules highest level first)."""
    ruleset = RULESETS.get(ruleset_code)
    if ruleset is None:
        return []
    index = rule_index()
    return [(table, [index[r.id] for r in getattr(ruleset.rules, table, ())]) for table in RULE_TABLES]


def explain(reasons: list[dict]) -> list[Explanation]:
    index = rule_index()
    out = []
    for reason in reasons or []:
        tag = str(reason.get("tag", ""))
        out.append(
            Explanation(
                text=reason_sentence(reason),
                tag=tag,
                tag_label=str(TAG_LABELS.get(tag, tag)),
                rule=index.get(str(reason.get("rule", ""))),
            )
        )
    return out

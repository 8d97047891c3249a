"""Reasons of a level as the public reads them: the engine's sentence, the rule's clause, the kind of source."""

from dataclasses import dataclass
from functools import cache

from django.utils.translation import gettext_lazy as _

from risk.engine.rulesets import RULESETS

RULE_TABLES = ("COMMUNE_RULES", "ADJACENCY_RULES", "DISTRICT_RULES", "PROVINCE_RULES")
TAG_LABELS = {
    "V": _("Nguyên văn Quyết định"),
    "S": _("Diễn giải chính thức của cơ quan thông tấn"),
    "I": _("Cách hiểu của tỉnh (một tham số có thể điều chỉnh)"),
    "override": _("Quyết định của cơ quan có thẩm quyền"),
}


@dataclass(frozen=True)
class RuleInfo:
    id: str
    tag: str
    level: int
    clause: str
    source: str


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
                found[rule.id] = RuleInfo(id=rule.id, tag=rule.tag, level=rule.level,
                                          clause=" ".join(rule.clause.split()), source=ruleset.title)
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
        out.append(Explanation(text=str(reason.get("text", "")), tag=tag, tag_label=str(TAG_LABELS.get(tag, tag)),
                               rule=index.get(str(reason.get("rule", "")))))
    return out

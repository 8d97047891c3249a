"""Parameters of the forecast, as data: every value with where it comes from.

Published values are cited; values we chose are marked [I] (our assumption) with the reason, and those tuned on the
synthetic outbreaks say so. A province can change any of them without code (ForecastParameters.from_mapping).
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Any, Mapping


def _p(default: Any, source: str) -> Any:
    return field(default=default, metadata={"source": source})


NISHIURA_2020 = (
    "Nishiura H, Linton NM, Akhmetzhanov AR. Serial interval of novel coronavirus (COVID-19) infections. "
    "Int J Infect Dis 2020;93:284-286 (log-normal fit: mean 4.7 days, SD 2.9 days)"
)
CORI_2013 = (
    "Cori A, Ferguson NM, Fraser C, Cauchemez S. A new framework and software to estimate time-varying "
    "reproduction numbers during epidemics. Am J Epidemiol 2013;178(9):1505-1512"
)
ENDO_2020 = (
    "Endo A et al. Estimating the overdispersion in COVID-19 transmission using outbreak sizes outside "
    "China. Wellcome Open Res 2020;5:67 (k = 0.1, 95% CrI 0.05-0.2)"
)


@dataclass(frozen=True)
class ForecastParameters:
    """Everything the forecast assumes; see the `source` of each field."""

    serial_mean: float = _p(4.7, NISHIURA_2020)
    serial_sd: float = _p(2.9, NISHIURA_2020)
    serial_max_days: int = _p(
        14,
        "[I] the serial interval is cut at 14 days (the Decision's window; < 1 % of "
        "the published distribution lies beyond) and renormalised",
    )
    window_days: int = _p(7, CORI_2013 + ": weekly sliding window tau = 7 days")
    prior_mean: float = _p(
        1.0,
        "[I] district prior centred on the province's own estimate when it has cases, "
        "else on 1 (no growth); tuned on the synthetic outbreaks",
    )
    prior_shape: float = _p(
        10.0, "[I] weight of the prior, in cases (Cori et al.'s prior has shape 1); tuned on the synthetic outbreaks"
    )
    dispersion: float = _p(
        0.1,
        ENDO_2020 + ": offspring dispersion; a day's cases from total infectiousness L "
        "follow a negative binomial of size k*L",
    )
    neighbour_district_share: float = _p(
        0.0,
        "[I] share of a neighbouring district's infectiousness that seeds "
        "cases across the border; 0 (none) since on the synthetic outbreaks "
        "any share made the forecast worse overall",
    )
    external_import_per_day: float = _p(
        0.05,
        "[I] expected cases a day brought into a commune from a bordering "
        "area outside the province declared at level 3 or 4",
    )
    neighbour_weight: float = _p(
        0.15,
        "[I] weight of a commune's neighbours' recent cases when the district's cases "
        "are shared among its communes; tuned on the synthetic outbreaks",
    )
    population_weight: float = _p(
        0.0,
        "[I] weight of population share in that allocation; 0 (tuned on the "
        "synthetic outbreaks): a district with no recent case anywhere shares its "
        "cases by population alone",
    )
    recency_days: float = _p(7.0, "[I] recent cases weigh exp(-age/7 days) in that allocation")
    history_days: int = _p(28, "[I] days of reports read: the estimation window plus the serial interval")
    proportion_prior: float = _p(
        4.0,
        "[I] weight, in cases, of the province's proportions (or the defaults below) "
        "when a district's own are estimated",
    )
    unknown_share: float = _p(0.2, "[I] default share of community cases with unknown source before any data")
    cluster_per_unknown: float = _p(0.25, "[I] default unknown-source clusters per unknown-source case")
    hard_share: float = _p(0.1, "[I] default share of known-source cases from a hard-to-control source")
    f1_per_case: float = _p(5.0, "[I] default close contacts in the community per case")

    @classmethod
    def from_mapping(cls, values: Mapping[str, Any] | None) -> "ForecastParameters":
        names = {f.name for f in fields(cls)}
        unknown = sorted(set(values or {}) - names)
        if unknown:
            raise ValueError(f"unknown forecast parameter(s): {', '.join(unknown)}")
        return replace(cls(), **dict(values or {}))

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}

    @classmethod
    def sources(cls) -> dict[str, str]:
        return {f.name: f.metadata["source"] for f in fields(cls)}

"""The forecast: the chance of each risk level in the next 7 days (pure Python with numpy/scipy, no Django).

- parameters.py — every assumption with its source (serial interval, prior, overdispersion, allocation);
- renewal.py — the renewal equation and the posterior of the reproduction number (Cori et al. 2013);
- simulate.py — forecast(): many futures of the daily reports, each read by the real rule engine;
- scoring.py — ranked probability score, calibration and the back-test against persistence and step-down;
- synthetic.py — synthetic outbreaks (a stochastic spatial epidemic over the real adjacency) for the back-test.
"""

from .parameters import ForecastParameters
from .renewal import Posterior, estimate_r, infectiousness, serial_weights
from .simulate import DEFAULT_FUTURES, HORIZON_DAYS, Forecast, forecast, no_new_reports

__all__ = [
    "DEFAULT_FUTURES",
    "HORIZON_DAYS",
    "Forecast",
    "ForecastParameters",
    "Posterior",
    "estimate_r",
    "forecast",
    "infectiousness",
    "no_new_reports",
    "serial_weights",
]

"""Settings of bench/load_mix.sh: the production settings, with the open-data allowance per client address read
from API_RATE_LIMIT (covidmaps/api.py reads settings.API_RATE_LIMIT, which covidmaps/settings.py does not take from
the environment): wrk's 500 users share one address, and must not be measured as 500 refusals."""

import os

from covidmaps.settings import *  # noqa: F403

API_RATE_LIMIT = os.environ.get("API_RATE_LIMIT", "300/m")

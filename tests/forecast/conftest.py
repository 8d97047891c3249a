"""Forecast tests: the pure engine needs no database; the rest uses Lạng Sơn and the public fixtures."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

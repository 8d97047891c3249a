"""Engine tests are plain pytest: no Django, no database. Make the repository importable however pytest is run."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

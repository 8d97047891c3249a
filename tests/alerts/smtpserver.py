"""aiosmtpd's Controller, importable beside our `public` app.

aiosmtpd imports `from public import public` — the decorator of the atpublic package, whose top-level module is
also called `public`. Our app of that name comes first on the path, so atpublic is loaded here under another name
and its decorator lent to our package before aiosmtpd is imported.
"""

import importlib.util
import sys
from importlib.metadata import distribution


def _lend_atpublic() -> None:
    import public as ours

    if hasattr(ours, "public"):
        return
    init = distribution("atpublic").locate_file("public/__init__.py")
    spec = importlib.util.spec_from_file_location("_atpublic", init, submodule_search_locations=[str(init.parent)])
    module = importlib.util.module_from_spec(spec)
    sys.modules["_atpublic"] = module
    spec.loader.exec_module(module)
    ours.public = module.public
    ours.private = module.private


_lend_atpublic()

from aiosmtpd.controller import Controller  # noqa: E402

__all__ = ["Controller"]

"""The bare WSGI reference of bench/public_load.sh: the site's own bytes, answered with nothing in between.

BARE_ROOT holds manifest.tsv (path with query, file, content type) and the files; all are read once at start.
"""

import os
from pathlib import Path

ROOT = Path(os.environ["BARE_ROOT"])
BODIES = {}
for line in (ROOT / "manifest.tsv").read_text().splitlines():
    path, name, content_type = line.split("\t")
    BODIES[path] = ((ROOT / name).read_bytes(), content_type)


def application(environ, start_response):
    query = environ.get("QUERY_STRING", "")
    found = BODIES.get(environ["PATH_INFO"] + ("?" + query if query else ""))
    if found is None:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]
    body, content_type = found
    start_response("200 OK", [("Content-Type", content_type), ("Content-Length", str(len(body)))])
    return [body]

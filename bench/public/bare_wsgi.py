"""The bare WSGI reference of bench/public_load.sh: the site's own bytes, answered with nothing in between.

BARE_ROOT holds manifest.tsv (path with query, file, content type) and the files, each with its gzip twin (file.gz)
sent to clients that accept gzip; all are read once at start.
"""

import os
from pathlib import Path

ROOT = Path(os.environ["BARE_ROOT"])
BODIES = {}
for line in (ROOT / "manifest.tsv").read_text().splitlines():
    path, name, content_type = line.split("\t")
    twin = ROOT / f"{name}.gz"
    BODIES[path] = ((ROOT / name).read_bytes(), twin.read_bytes() if twin.exists() else None, content_type)


def application(environ, start_response):
    query = environ.get("QUERY_STRING", "")
    found = BODIES.get(environ["PATH_INFO"] + ("?" + query if query else ""))
    if found is None:
        start_response("404 Not Found", [("Content-Type", "text/plain")])
        return [b"not found"]
    body, gzipped, content_type = found
    headers = [("Content-Type", content_type), ("Vary", "Accept-Encoding")]
    if gzipped is not None and "gzip" in environ.get("HTTP_ACCEPT_ENCODING", ""):
        body = gzipped
        headers.append(("Content-Encoding", "gzip"))
    start_response("200 OK", [*headers, ("Content-Length", str(len(body)))])
    return [body]

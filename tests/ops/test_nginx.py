"""deploy/nginx.conf passes `nginx -t` and, run for real, serves static and published files and proxies the rest."""

import http.client
import http.server
import json
import os
import shutil
import socket
import ssl
import subprocess
import threading
import time
from pathlib import Path

import pytest

from .deployfiles import ROOT

# Debian installs nginx in sbin, which is not on the PATH of ordinary users.
NGINX = shutil.which("nginx", path=f"{os.environ.get('PATH', '')}:/usr/sbin")
OPENSSL = shutil.which("openssl")
requires_nginx = pytest.mark.skipif(
    NGINX is None or OPENSSL is None,
    reason="nginx and openssl are not installed (Debian: apt-get install nginx openssl)",
)
HASHED_CSS = "site.0123456789ab.css"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def local_copy(folder: Path, *, web: str, http_port: int = 80, https_port: int = 443) -> Path:
    """Copy nginx.conf with the container's host names, paths and ports replaced by local ones."""
    for name in ("static", "published", "certs", "logs"):
        (folder / name).mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            OPENSSL,
            "req",
            "-x509",
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=localhost",
            "-keyout",
            str(folder / "certs" / "privkey.pem"),
            "-out",
            str(folder / "certs" / "fullchain.pem"),
        ],
        check=True,
        capture_output=True,
    )
    text = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    replacements = {
        "http://web:8000": f"http://{web}",
        "/srv/static/": f"{folder}/static/",
        "/srv/published/": f"{folder}/published/",
        "/etc/nginx/certs/": f"{folder}/certs/",
        "/var/run/nginx.pid": f"{folder}/nginx.pid",
        "listen 80 ": f"listen 127.0.0.1:{http_port} ",
        "listen 443 ": f"listen 127.0.0.1:{https_port} ",
    }
    for old, new in replacements.items():
        assert old in text, f"deploy/nginx.conf no longer contains {old!r}; update this test"
        text = text.replace(old, new)
    if os.geteuid() == 0:
        # Workers run as `nobody` under a root master; pytest's folders are private to root.
        text = "user root;\n" + text
    conf = folder / "nginx.conf"
    conf.write_text(text, encoding="utf-8")
    return conf


def nginx_command(conf: Path, *extra: str) -> list[str]:
    return [NGINX, "-p", f"{conf.parent}/", "-e", f"{conf.parent}/logs/error.log", "-c", str(conf), *extra]


@requires_nginx
def test_nginx_accepts_the_configuration(tmp_path):
    conf = local_copy(tmp_path, web="127.0.0.1:8000")
    result = subprocess.run(nginx_command(conf, "-t"), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


class EchoHandler(http.server.BaseHTTPRequestHandler):
    """Stand-in for gunicorn: answers with the headers nginx forwarded."""

    def do_GET(self):
        body = json.dumps({"path": self.path, "headers": dict(self.headers)}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def running_nginx(tmp_path):
    upstream = http.server.ThreadingHTTPServer(("127.0.0.1", 0), EchoHandler)
    threading.Thread(target=upstream.serve_forever, daemon=True).start()
    http_port, https_port = free_port(), free_port()
    conf = local_copy(
        tmp_path, web=f"127.0.0.1:{upstream.server_address[1]}", http_port=http_port, https_port=https_port
    )
    (tmp_path / "static" / HASHED_CSS).write_text("body{}")
    (tmp_path / "static" / "robots.txt").write_text("User-agent: *")
    (tmp_path / "published" / "communes.3f2a9c.geojson").write_text('{"type": "FeatureCollection", "features": []}')
    process = subprocess.Popen(nginx_command(conf, "-g", "daemon off;"), stderr=subprocess.PIPE)
    try:
        for _ in range(50):
            try:
                socket.create_connection(("127.0.0.1", https_port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield http_port, https_port
    finally:
        process.terminate()
        process.wait(timeout=10)
        upstream.shutdown()


def get(port: int, path: str, *, tls: bool = True, headers: dict | None = None) -> http.client.HTTPResponse:
    if tls:
        connection = http.client.HTTPSConnection("127.0.0.1", port, timeout=5, context=ssl._create_unverified_context())
    else:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    connection.request("GET", path, headers={"Host": "covidmaps.example.org", **(headers or {})})
    response = connection.getresponse()
    response.body = response.read()
    return response


@requires_nginx
def test_it_serves_hashed_static_files_for_a_year_and_others_for_an_hour(running_nginx):
    _, https_port = running_nginx
    hashed = get(https_port, f"/static/{HASHED_CSS}")
    assert hashed.status == 200 and hashed.body == b"body{}"
    assert hashed.getheader("Cache-Control") == "public, max-age=31536000, immutable"
    plain = get(https_port, "/static/robots.txt")
    assert plain.status == 200 and plain.getheader("Cache-Control") == "public, max-age=3600"


@requires_nginx
def test_it_serves_published_map_files_with_a_long_cache(running_nginx):
    _, https_port = running_nginx
    response = get(https_port, "/published/communes.3f2a9c.geojson")
    assert response.status == 200 and json.loads(response.body)["type"] == "FeatureCollection"
    assert response.getheader("Content-Type") == "application/geo+json"
    assert "max-age=31536000" in response.getheader("Cache-Control")


@requires_nginx
def test_it_never_serves_uploads(running_nginx):
    _, https_port = running_nginx
    assert get(https_port, "/media/imports/2021/06/report.xlsx").status == 404


@requires_nginx
def test_it_proxies_pages_with_the_client_address_and_scheme(running_nginx):
    _, https_port = running_nginx
    response = get(https_port, "/khu-vuc/05971/?ngay=2021-06-15", headers={"X-Forwarded-For": "6.6.6.6"})
    echoed = json.loads(response.body)
    assert echoed["path"] == "/khu-vuc/05971/?ngay=2021-06-15"
    # A forged X-Forwarded-For is replaced: the application counts exactly one proxy.
    assert echoed["headers"]["X-Forwarded-For"] == "127.0.0.1"
    assert echoed["headers"]["X-Forwarded-Proto"] == "https"
    assert echoed["headers"]["Host"] == "covidmaps.example.org"


@requires_nginx
def test_it_redirects_plain_http_except_the_health_check(running_nginx):
    http_port, _ = running_nginx
    redirect = get(http_port, "/bien-phap/", tls=False)
    assert redirect.status == 301 and redirect.getheader("Location") == "https://covidmaps.example.org/bien-phap/"
    health = get(http_port, "/healthz", tls=False)
    assert health.status == 200 and json.loads(health.body)["headers"]["X-Forwarded-Proto"] == "http"

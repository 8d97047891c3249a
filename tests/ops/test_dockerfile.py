"""The Dockerfile builds from files that exist and reach the build context, on the base the brief fixes."""

import json
import os
import re
import subprocess

from .deployfiles import ROOT, dockerfile, service, volume_mounts


def _pattern_regex(pattern: str) -> re.Pattern:
    """Translate a .dockerignore pattern; it also matches everything inside a matched folder."""
    regex, i = "", 0
    while i < len(pattern):
        if pattern.startswith("**/", i):
            regex, i = regex + "(?:.*/)?", i + 3
        elif pattern.startswith("**", i):
            regex, i = regex + ".*", i + 2
        else:
            regex += {"*": "[^/]*", "?": "[^/]"}.get(pattern[i], re.escape(pattern[i]))
            i += 1
    return re.compile(regex + "(?:/.*)?")


def dockerignore_excludes(path: str) -> bool:
    """Whether .dockerignore keeps `path` out of the build context (the last matching pattern wins)."""
    excluded = False
    for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines():
        pattern = line.strip()
        if pattern and not pattern.startswith("#"):
            negated = pattern.startswith("!")
            if _pattern_regex(pattern.lstrip("!").strip("/")).fullmatch(path):
                excluded = not negated
    return excluded


def instructions(keyword: str) -> list[str]:
    return [arguments for name, arguments in dockerfile() if name == keyword]


def test_it_builds_on_debian_bookworm_with_the_gis_and_translation_packages():
    assert instructions("FROM") == ["python:3.11-slim-bookworm"]
    apt = next(run for run in instructions("RUN") if "apt-get install" in run)
    for package in ("gdal-bin", "libsqlite3-mod-spatialite", "binutils", "gettext", "postgresql-client"):
        assert f" {package}" in apt, f"the image lacks {package}"


def test_it_installs_the_project_and_prepares_translations_and_static_files():
    runs = " && ".join(instructions("RUN"))
    assert "pip install ." in runs
    assert "manage.py compilemessages" in runs and "manage.py collectstatic --noinput" in runs
    assert instructions("USER") == ["app"], "the containers must not run as root"


def test_its_copy_sources_exist_and_reach_the_build_context():
    for arguments in instructions("COPY"):
        *sources, _ = [part for part in arguments.split() if not part.startswith("--")]
        for source in sources:
            assert (ROOT / source).exists(), f"COPY {source}: no such file"
            assert source == "." or not dockerignore_excludes(source), f".dockerignore excludes {source}"


def test_its_entrypoint_and_command_exist():
    entrypoint = json.loads(instructions("ENTRYPOINT")[0])
    script = entrypoint[0].removeprefix("/app/")
    assert (ROOT / script).is_file() and os.access(ROOT / script, os.X_OK), f"{script} must be executable"
    assert (ROOT / script).read_text().startswith("#!/bin/sh")
    assert not dockerignore_excludes(script)
    command = json.loads(instructions("CMD")[0])
    assert command == service("web")["command"]
    config = command[command.index("--config") + 1]
    assert (ROOT / config).is_file() and not dockerignore_excludes(config)


def test_its_entrypoint_runs_the_containers_command(tmp_path):
    result = subprocess.run(
        [str(ROOT / "deploy" / "entrypoint.sh"), "echo", "started"], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 0 and result.stdout == "started\n", result.stderr


def test_it_creates_every_volume_folder_the_app_containers_mount():
    runs = " && ".join(instructions("RUN"))
    created = set(re.search(r"mkdir -p ([^&]+)", runs).group(1).split())
    owned = set(re.search(r"chown app:app ([^&]+)", runs).group(1).split())
    for name in ("web", "worker", "beat"):
        for target in volume_mounts(name).values():
            # Docker gives a new named volume the owner of the image's folder: app must own it to write there.
            assert target in created and target in owned, f"the image does not create {target} for app"


def test_its_context_leaves_out_secrets_and_local_state():
    for path in (
        ".env",
        ".env.production",
        ".venv",
        ".git",
        "db.sqlite3",
        "var",
        "deploy/certs",
        "covidmaps/__pycache__",
        "areas/services.pyc",
    ):
        assert dockerignore_excludes(path), f".dockerignore must exclude {path}"
    for path in ("manage.py", "pyproject.toml", "deploy/env.example", "covidmaps/settings.py", "locale/vi"):
        assert not dockerignore_excludes(path), f".dockerignore must keep {path}"

"""Readers for the deployment files (docker-compose.yml, deploy/env.example, deploy/nginx.conf, settings.py)."""

import ast
import re
from functools import cache
from pathlib import Path

import yaml
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
APP_SERVICES = ("web", "worker", "beat")
INTERPOLATION = re.compile(r"\$\$|\$\{(?P<name>\w+)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}|\$(?P<bare>\w+)")


@cache
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def service(name: str) -> dict:
    return compose()["services"][name]


@cache
def env_example() -> dict[str, str]:
    values = {}
    for line in (ROOT / "deploy" / "env.example").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


def interpolate(value: str, environment: dict[str, str]) -> str:
    """Substitute ${NAME}, ${NAME:-default}, ${NAME:?error} and $$ as docker compose does."""

    def substitute(match: re.Match) -> str:
        if match.group(0) == "$$":
            return "$"
        name = match.group("name") or match.group("bare")
        op, arg, current = match.group("op"), match.group("arg"), environment.get(name)
        if op == ":-":
            return current or arg
        if op == "-":
            return arg if current is None else current
        if op in (":?", "?") and not current:
            raise ValueError(f"{name} is required: {arg}")
        return current or ""

    return INTERPOLATION.sub(substitute, str(value))


def interpolated_names(text: str) -> set[str]:
    return {m.group("name") or m.group("bare") for m in INTERPOLATION.finditer(text) if m.group(0) != "$$"}


def app_environment(name: str, environment: dict[str, str] | None = None) -> dict[str, str]:
    """The environment compose gives an app service, interpolated from `environment` (default: env.example)."""
    raw = service(name).get("environment") or {}
    return {
        key: interpolate(value, env_example() if environment is None else environment) for key, value in raw.items()
    }


def volume_mounts(name: str) -> dict[str, str]:
    """Map each volume or host path mounted in a service to its target inside the container."""
    mounts = {}
    for entry in service(name).get("volumes", []):
        source, target, *_ = interpolate(entry, env_example()).split(":")
        mounts[source] = target
    return mounts


@cache
def settings_environment_names() -> set[str]:
    """Names settings.py reads from the environment: env(…), env_bool(…), env_list(…), os.environ/os.getenv."""
    tree = ast.parse((ROOT / "covidmaps" / "settings.py").read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant):
            func = node.func
            called = func.id if isinstance(func, ast.Name) else ast.unparse(func)
            if called in {"env", "env_bool", "env_list", "os.environ.get", "os.getenv"}:
                names.add(node.args[0].value)
        if isinstance(node, ast.Subscript) and ast.unparse(node.value) == "os.environ":
            if isinstance(node.slice, ast.Constant):
                names.add(node.slice.value)
    return names


@cache
def dockerfile() -> list[tuple[str, str]]:
    """The Dockerfile's instructions as (INSTRUCTION, arguments), continuation lines joined."""
    instructions, pending = [], ""
    for line in (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines():
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        pending += line.rstrip()[:-1] + " " if line.rstrip().endswith("\\") else line
        if not line.rstrip().endswith("\\"):
            keyword, _, arguments = pending.strip().partition(" ")
            instructions.append((keyword.upper(), " ".join(arguments.split())))
            pending = ""
    return instructions


def image_environment() -> dict[str, str]:
    """The variables the image's ENV instructions set (KEY=VALUE form)."""
    values = {}
    for keyword, arguments in dockerfile():
        if keyword == "ENV":
            values.update(item.split("=", 1) for item in arguments.split())
    return values


@cache
def nginx_conf() -> str:
    text = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    return "\n".join(line.split("#", 1)[0] for line in text.splitlines())


def nginx_location(prefix: str) -> str:
    """The directives of `location <prefix> { … }` up to its first nested block."""
    match = re.search(r"location\s+" + re.escape(prefix) + r"\s*\{([^{}]*)", nginx_conf())
    assert match, f"deploy/nginx.conf has no `location {prefix}`"
    return match.group(1)

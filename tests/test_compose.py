"""Production packaging without a Docker engine: docker-compose.yml against the official Compose schema,
what the deployment needs of it, the Dockerfile, and .env.example.

The schema is read in place from ../shared/datasets/compose-spec/ (never copied into the project).
"""
from __future__ import annotations

import copy
import fnmatch
import json
import re
import shlex
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = ROOT.parent / "shared/datasets/compose-spec/compose-spec.json"
COMPOSE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"
DOCKERIGNORE = ROOT / ".dockerignore"
ENV_EXAMPLE = ROOT / ".env.example"

# ${VAR}, ${VAR:-default}, ${VAR:?error} and $VAR; "$$" is compose's escape for a literal "$".
_INTERPOLATION = re.compile(r"(?<!\$)\$(?:\{([A-Za-z_][A-Za-z0-9_]*)|([A-Za-z_][A-Za-z0-9_]*))")


# ---- loading ----


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(COMPOSE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def validator():
    pytest.importorskip("jsonschema", reason="jsonschema is in the test extras: pip install -e '.[test]'")
    from jsonschema.validators import validator_for

    if not SCHEMA.is_file():
        pytest.skip(f"Compose schema not found at {SCHEMA} (the shared datasets are not checked out next to the project)")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    named = schema.get("$schema", "")
    # The file names "https://json-schema.org/draft-07/schema"; jsonschema knows the http://...# spelling.
    cls = validator_for(schema, default=None) or validator_for(
        {"$schema": named.replace("https://", "http://", 1).rstrip("#") + "#"}, default=None
    )
    assert cls is not None, f"jsonschema has no validator for $schema {named!r}"
    cls.check_schema(schema)
    return cls(schema)


def _errors(validator, document) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
        for e in sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    ]


def _env_example() -> tuple[set[str], set[str]]:
    """(variables assigned in .env.example, variables only mentioned in a commented-out assignment)."""
    active, commented = set(), set()
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"^([A-Za-z_][A-Za-z0-9_]*)=", line):
            active.add(m.group(1))
        elif m := re.match(r"^#\s*([A-Z_][A-Z0-9_]*)(?:=|\s)", line):
            commented.add(m.group(1))
    return active, commented - active


def _volume(spec) -> tuple[str, str, bool]:
    """(source, target, read_only) of a short or long volume entry."""
    if isinstance(spec, dict):
        return str(spec.get("source", "")), spec["target"], bool(spec.get("read_only"))
    rest, last = spec.rsplit(":", 1)
    options = []
    if not last.startswith("/"):  # SOURCE:TARGET:OPTIONS
        options = last.split(",")
        rest, last = rest.rsplit(":", 1)
    return rest, last, "ro" in options


def _is_named(source: str) -> bool:
    return bool(source) and not source.startswith((".", "/", "~", "$"))


# ---- the Compose file ----


def test_compose_file_matches_the_official_schema(compose, validator):
    assert _errors(validator, compose) == []


@pytest.mark.parametrize(
    "break_it",
    [
        pytest.param(lambda c: c["services"]["newsdesk"].update(depends_onn=c["services"]["newsdesk"].pop("depends_on")),
                     id="misspelled-service-key"),
        pytest.param(lambda c: c.update(service=c.pop("services")), id="misspelled-top-level-key"),
        pytest.param(lambda c: c["services"]["newsdesk"]["depends_on"]["postgres"].update(condition="service_up"),
                     id="unknown-depends-on-condition"),
        pytest.param(lambda c: c["services"]["postgres"]["healthcheck"].update(intervall="10s"),
                     id="misspelled-healthcheck-key"),
    ],
)
def test_the_validator_rejects_a_broken_copy(compose, validator, break_it):
    broken = copy.deepcopy(compose)
    break_it(broken)
    assert _errors(validator, broken), "a broken compose file passed validation: the schema check is not running"


def test_postgres_has_a_healthcheck_and_a_declared_named_volume(compose):
    pg = compose["services"]["postgres"]
    assert pg["image"].split(":")[0] == "postgres"
    test = pg["healthcheck"]["test"]
    assert "pg_isready" in (test if isinstance(test, str) else " ".join(test))
    mounts = [_volume(v) for v in pg.get("volumes", [])]
    named = [source for source, target, _ in mounts if target == "/var/lib/postgresql/data" and _is_named(source)]
    assert named, f"postgres keeps its data in no named volume: {mounts}"
    assert named[0] in (compose.get("volumes") or {}), f"volume {named[0]!r} is not declared under top-level volumes"
    assert "${POSTGRES_PASSWORD:?" in COMPOSE.read_text(encoding="utf-8"), "POSTGRES_PASSWORD must be required"


def test_every_named_volume_is_declared(compose):
    declared = set(compose.get("volumes") or {})
    for name, service in compose["services"].items():
        for spec in service.get("volumes", []):
            source, _, _ = _volume(spec)
            if _is_named(source):
                assert source in declared, f"{name}: volume {source!r} is not declared"


def test_newsdesk_service(compose):
    nd = compose["services"]["newsdesk"]
    build = nd["build"]
    assert (build if isinstance(build, str) else build.get("context")) == "."
    assert nd["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert re.fullmatch(r"always|unless-stopped|on-failure(:\d+)?", nd["restart"])
    env_files = nd["env_file"] if isinstance(nd["env_file"], list) else [nd["env_file"]]
    assert ".env" in [e if isinstance(e, str) else e["path"] for e in env_files]
    corpus = [(s, ro) for s, t, ro in map(_volume, nd["volumes"]) if t == "/corpus"]
    assert corpus == [("${NEWSDESK_CORPUS_DIR:-./seeds}", True)], corpus
    assert nd["environment"]["NEWSDESK_DB"].startswith("postgresql://")
    assert "@postgres:5432/" in nd["environment"]["NEWSDESK_DB"]
    assert "/healthz" in " ".join(nd["healthcheck"]["test"])


def test_published_ports_are_on_loopback_only(compose):
    for name, service in compose["services"].items():
        for port in service.get("ports", []):
            host_ip = port.get("host_ip") if isinstance(port, dict) else (str(port).split(":")[0] if str(port).count(":") == 2 else None)
            assert host_ip == "127.0.0.1", f"{name} publishes {port!r} on every interface"


def test_every_compose_variable_is_in_env_example():
    used = {a or b for a, b in _INTERPOLATION.findall(COMPOSE.read_text(encoding="utf-8"))}
    active, _ = _env_example()
    assert used, "no ${VAR} found: the pattern is broken"
    assert used - active == set(), f"used in docker-compose.yml but not assigned in .env.example: {used - active}"


def test_env_example_names_every_setting_of_the_bot():
    from bot.settings import Settings

    active, commented = _env_example()
    prefix = Settings.model_config.get("env_prefix", "")
    missing = []
    for name, field in Settings.model_fields.items():
        alias = field.validation_alias
        names = {c for c in getattr(alias, "choices", [alias]) if isinstance(c, str)} or {f"{prefix}{name}".upper()}
        if not names & (active | commented):
            missing.append(sorted(names)[0])
    assert missing == [], f"settings missing from .env.example: {missing}"


def test_env_example_holds_no_secret():
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"^([A-Z_]*(?:TOKEN|SECRET|PASSWORD)[A-Z_]*)=(.*)$", line):
            assert m.group(2) == "", f"{m.group(1)} has a value in .env.example"


# ---- the Dockerfile ----


def _instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) per instruction, with line continuations joined and comments dropped."""
    out, pending = [], ""
    for raw in DOCKERFILE.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        line, pending = pending + line, ""
        keyword, _, args = line.partition(" ")
        out.append((keyword.upper(), args.strip()))
    return out


def _final_stage() -> list[tuple[str, str]]:
    steps = _instructions()
    last_from = max(i for i, (k, _) in enumerate(steps) if k == "FROM")
    return steps[last_from:]


def _exec_form(args: str) -> list[str] | None:
    return json.loads(args) if args.startswith("[") else None


def test_dockerfile_runs_as_a_non_root_user():
    users = [a for k, a in _final_stage() if k == "USER"]
    assert users, "the final stage has no USER line"
    user = users[-1].split(":")[0]
    assert user not in ("root", "0"), users[-1]


def test_dockerfile_installs_the_project_without_test_extras():
    text = DOCKERFILE.read_text(encoding="utf-8")
    assert "[test]" not in text
    runs = " ".join(a for k, a in _instructions() if k == "RUN")
    assert re.search(r"pip install (--\S+ )*\.(\s|$|&)", runs), "no `pip install .`"


def test_dockerfile_base_image_and_entrypoint():
    froms = [a.split()[0] for k, a in _instructions() if k == "FROM"]
    args = dict(a.split("=", 1) for k, a in _instructions() if k == "ARG" and "=" in a)
    images = [args.get(f.strip("${}"), f) if f.startswith("$") else f for f in froms]
    assert images[-1] == "python:3.11-slim", images
    stage = _final_stage()
    assert [_exec_form(a) for k, a in stage if k == "ENTRYPOINT"][-1] == ["newsdesk"]
    assert [_exec_form(a) for k, a in stage if k == "CMD"][-1] == ["run"]
    health = [a for k, a in stage if k == "HEALTHCHECK"]
    assert health and "/healthz" in health[-1] and "urllib" in health[-1]
    assert "3000" in [a for k, a in stage if k == "EXPOSE"][-1].split()


def test_dockerfile_environment():
    env = {}
    for keyword, args in _final_stage():
        if keyword == "ENV":
            env.update(item.split("=", 1) for item in shlex.split(args))
    assert env["NEWSDESK_CORPUS"] == "/corpus"
    assert env["NEWSDESK_HTTP_HOST"] == "0.0.0.0"
    assert env["NEWSDESK_HTTP_PORT"] == "3000"
    assert env["NEWSDESK_DB"].startswith("/data/")


def _copy_sources() -> list[str]:
    sources = []
    for keyword, args in _instructions():
        if keyword not in ("COPY", "ADD"):
            continue
        words = _exec_form(args) or shlex.split(args)
        flags = [w for w in words if w.startswith("--")]
        if any(f.startswith("--from=") for f in flags):
            continue  # from another stage, not from the build context
        sources.extend(w for w in words[:-1] if not w.startswith("--"))
    return sources


def _ignored(path: str) -> bool:
    patterns = [p.strip() for p in DOCKERIGNORE.read_text(encoding="utf-8").splitlines()]
    ignored = False
    for pattern in (p for p in patterns if p and not p.startswith("#")):
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").strip("/")
        if fnmatch.fnmatch(path.strip("/"), pattern) or fnmatch.fnmatch(path.strip("/").split("/")[0], pattern):
            ignored = not negate
    return ignored


def test_every_copied_path_exists_and_is_in_the_build_context():
    sources = _copy_sources()
    assert sources, "no COPY from the build context"
    for source in sources:
        matches = list(ROOT.glob(source.rstrip("/"))) if any(c in source for c in "*?[") else [ROOT / source]
        assert any(m.exists() for m in matches), f"COPY {source}: not in the repository"
        assert not _ignored(source), f"COPY {source}: excluded by .dockerignore"


def test_dockerignore_keeps_development_files_out():
    for path in (".venv", ".git", "tests", "bench", ".env", "index.sqlite", "bot/__pycache__"):
        assert _ignored(path), f"{path} is sent to the Docker build"

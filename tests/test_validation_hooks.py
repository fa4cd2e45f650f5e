"""The pre-commit hooks: local only, triggered by data/ and ontology/, and they really run."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / ".pre-commit-config.yaml"


def hooks() -> dict[str, dict]:
    config = yaml.safe_load(CONFIG.read_text(encoding="utf-8"))
    assert [repo["repo"] for repo in config["repos"]] == ["local"]  # nothing to download
    return {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}


def test_config_is_valid_for_pre_commit() -> None:
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "pre-commit"), "validate-config", str(CONFIG)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_hooks_run_on_data_and_ontology_changes_only() -> None:
    found = hooks()
    assert set(found) == {"kg-fmt-check", "kg-validate"}
    for hook in found.values():
        pattern = re.compile(hook["files"])
        assert pattern.search("data/places.ttl") and pattern.search("ontology/shapes.ttl")
        assert not pattern.search("src/kg/validation.py") and not pattern.search("README.md")
        assert hook["language"] == "system" and hook["pass_filenames"] is False


def test_the_validation_hook_passes_on_data() -> None:
    entry = shlex.split(hooks()["kg-validate"]["entry"])
    result = subprocess.run(
        [str(ROOT / entry[0]), *entry[1:]], cwd=ROOT, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "conforms: 0 violations" in result.stdout

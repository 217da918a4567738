"""The pipeline's reference checks: reported when asked for, skipped where nothing shows them."""

from __future__ import annotations

from pathlib import Path

from svcstd.pipeline import load, load_organisation
from svcstd.render.load import load_organisation as load_for_render
from tests.unit.render.render_support import base_repo


def _with_dangling_reference(root: Path) -> Path:
    role = next((root / "roles").glob("*.yaml"))
    text = role.read_text(encoding="utf-8")
    (root / "roles" / "dangling.yaml").write_text(
        text.replace(f"id: {_id(text)}", "id: dangling-role", 1).replace(
            "team: ", "reports_to: nobody-at-all\nteam: ", 1
        ),
        encoding="utf-8",
    )
    return root


def _id(text: str) -> str:
    return next(line[4:] for line in text.splitlines() if line.startswith("id: "))


def test_reference_findings_only_when_asked_for(tmp_path: Path) -> None:
    root = _with_dangling_reference(base_repo(tmp_path / "repo"))
    checked, unchecked = load(root), load(root, references=False)
    rules = {f.rule for f in checked.findings}
    assert "refs/unknown-reference" in rules
    assert "refs/unknown-reference" not in {f.rule for f in unchecked.findings}
    # The model is the same either way: the checks only report.
    assert sorted(checked.org.roles) == sorted(unchecked.org.roles)
    assert "dangling-role" in unchecked.org.roles
    assert load_organisation(root).roles.keys() == checked.org.roles.keys()
    assert load_for_render(root).org.roles.keys() == checked.org.roles.keys()

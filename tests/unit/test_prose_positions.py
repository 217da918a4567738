"""The prose-free projection keeps every position: language maps stay maps."""

from __future__ import annotations

from svcstd.lint.prose import PLACEHOLDER, project
from svcstd.loader import SourceDocument, load_text

SOP = """\
kind: sop
id: sop-x
title:
  en: Monthly payroll
  id: Penggajian bulanan
owner: hr-manager
purpose: Pay everyone.
sipoc:
  inputs:
    - en: Attendance records
      id: Data absensi
    - Leave records
steps:
  - id: calculate
    role: hr-manager
    action:
      en: Calculate the pay.
      id: Hitung gaji.
    within: 1 business day
"""


def test_a_projected_document_finds_the_same_lines_as_the_file() -> None:
    (doc,) = load_text(SOP, "sop-x.yaml").documents
    projected = project(doc.data)
    assert projected["title"] == {"en": PLACEHOLDER, "id": PLACEHOLDER}
    assert projected["sipoc"]["inputs"] == [{"en": PLACEHOLDER, "id": PLACEHOLDER}, PLACEHOLDER]
    # Positions are rebuilt by walking the data: a map blanked to a string would shift
    # every later position (the step's 'within' was reported on a SIPOC line).
    moved = SourceDocument(doc.file, projected, doc.marks)
    for path in [
        ("steps", 0, "within"),
        ("steps", 0, "action"),
        ("sipoc", "inputs", 1),
        ("owner",),
    ]:
        assert moved.where(path) == doc.where(path), path
    assert moved.where(("steps", 0, "within")) == (19, 13)

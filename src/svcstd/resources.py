"""Package data (schemas, templates, the example organisation, docs) found wherever svcstd runs.

In a built wheel these folders are copied inside the package; in a source checkout
(editable install or PYTHONPATH=src) they stand at the top of the repository.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

_REPO_ROOT = Path(__file__).resolve().parents[2]
_IN_REPO = {
    "schemas": "schemas",
    "templates": "templates",
    "example": "standards",
    "docs": "docs",
}


@cache
def data_dir(name: str) -> Path:
    """The folder holding one kind of package data: schemas, templates, example or docs."""
    packaged = resources.files("svcstd") / name
    if packaged.is_dir():
        return Path(str(packaged))
    fallback = _REPO_ROOT / _IN_REPO[name]
    if fallback.is_dir():
        return fallback
    raise FileNotFoundError(f"svcstd's {name} folder is missing from the installation")

"""Package data (schemas, templates, the example organisation, docs) found wherever svcstd runs.

In a built wheel these folders are copied inside the package; in a source checkout
(editable install or PYTHONPATH=src) they stand at the top of the repository.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

# The package is always installed as files (a wheel is unpacked; Typst and the template loader
# read these folders from disk), so its folder is found from this file: importlib.resources
# would give the same path and cost every command its import (~5 ms).
PACKAGE = Path(__file__).resolve().parent
_REPO_ROOT = PACKAGE.parents[1]
_IN_REPO = {
    "schemas": "schemas",
    "templates": "templates",
    "example": "standards",
    "docs": "docs",
}


@cache
def data_dir(name: str) -> Path:
    """The folder holding one kind of package data: schemas, templates, example or docs."""
    packaged = PACKAGE / name
    if packaged.is_dir():
        return packaged
    fallback = _REPO_ROOT / _IN_REPO[name]
    if fallback.is_dir():
        return fallback
    raise FileNotFoundError(f"svcstd's {name} folder is missing from the installation")

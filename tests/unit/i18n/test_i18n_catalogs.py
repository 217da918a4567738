"""The message catalogs: complete in Indonesian, compiled from their .po files, shipped."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[3]
LOCALE = ROOT / "src" / "svcstd" / "locale"
PLACEHOLDER = re.compile(r"\{\w*\}")


def extracted() -> dict[tuple[str, str | None], tuple[str, ...]]:
    """Every message in the code and templates, as ``pybabel extract -F babel.cfg`` sees it."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle)
    found: dict[tuple[str, str | None], tuple[str, ...]] = {}
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2),
                "N_": None}  # fmt: skip
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT), method_map, options_map, keywords=keywords
    ):
        forms = (message,) if isinstance(message, str) else tuple(message)
        found[(forms[0], context)] = forms
    return found


def catalog(lang: str) -> Catalog:
    with (LOCALE / lang / "LC_MESSAGES" / "svcstd.po").open("rb") as handle:
        return read_po(handle, locale=lang)


def strings(message: Message) -> tuple[str, ...]:
    return (message.string,) if isinstance(message.string, str) else tuple(message.string)


def test_the_code_has_messages_to_translate() -> None:
    # Guards the extraction itself: a broken babel.cfg would find nothing and pass below.
    found = extracted()
    assert ("Owner: {role}", None) in found
    assert ("Service Standards Handbook", None) in found  # a Jinja template's _()
    assert found[("{n} business hour", None)] == ("{n} business hour", "{n} business hours")


def test_every_message_has_an_indonesian_translation() -> None:
    indonesian = catalog("id")
    missing = []
    for (msgid, context), forms in sorted(extracted().items(), key=str):
        entry = indonesian.get(msgid, context=context)
        if entry is None or entry.fuzzy or not all(s.strip() for s in strings(entry)):
            missing.append(msgid)
            continue
        # A translation keeps the fields the code fills in ({n}, {role}...).
        for text in strings(entry):
            assert set(PLACEHOLDER.findall(text)) == set(PLACEHOLDER.findall(forms[-1])), msgid
    assert not missing, (
        f"{len(missing)} message(s) without an Indonesian translation: {missing[:10]}; "
        "see docs/translating.md"
    )


def test_the_template_lists_what_the_code_says() -> None:
    with (LOCALE / "svcstd.pot").open("rb") as handle:
        template = read_po(handle)
    listed = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in template if m.id}
    assert listed == set(extracted()), "run the extract step of docs/translating.md"


@pytest.mark.parametrize("lang", ["en", "id"])
def test_the_compiled_catalog_matches_its_po_file(lang: str) -> None:
    # The .mo is committed (svcstd reads it at run time, no build step); compiling the .po
    # again must give the same bytes, or someone edited the .po and did not compile.
    fresh = io.BytesIO()
    write_mo(fresh, catalog(lang))
    committed = (LOCALE / lang / "LC_MESSAGES" / "svcstd.mo").read_bytes()
    assert fresh.getvalue() == committed, "run the compile step of docs/translating.md"


def test_indonesian_plurals_have_one_form() -> None:
    from svcstd.i18n import translator

    tr = translator("id")
    for n in (0, 1, 2, 25):
        assert tr.ngettext("{n} business hour", "{n} business hours", n) == "{n} jam kerja"
    assert translator("en").ngettext("{n} day", "{n} days", 1) == "{n} day"
    assert translator("en").ngettext("{n} day", "{n} days", 2) == "{n} days"


def test_the_wheel_ships_the_compiled_catalogs(tmp_path: Path) -> None:
    from hatchling.builders.wheel import WheelBuilder

    (wheel,) = WheelBuilder(str(ROOT)).build(directory=str(tmp_path), versions=["standard"])
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
        archive.extractall(tmp_path / "site")
    for lang in ("en", "id"):
        assert f"svcstd/locale/{lang}/LC_MESSAGES/svcstd.mo" in names
    # Run from the unpacked wheel, far from the checkout: the catalog is found inside it.
    code = (
        "import svcstd, sys; from svcstd.i18n import translator;"
        "print(svcstd.__file__); print(translator('id').gettext('Owner: {role}'))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env=os.environ | {"PYTHONPATH": str(tmp_path / "site")},
        cwd=tmp_path,
        check=True,
    )
    where, owner = done.stdout.splitlines()
    assert where.startswith(str(tmp_path / "site")) and owner == "PIC: {role}"


def test_no_message_hides_in_an_f_string() -> None:
    # On Python 3.11 an f-string is one token: pybabel cannot see a _() call inside it, and
    # the message would silently stay English in every language.
    import tokenize

    hidden = []
    for path in sorted((ROOT / "src" / "svcstd").rglob("*.py")):
        with path.open("rb") as handle:
            for token in tokenize.tokenize(handle.readline):
                is_f = token.type == tokenize.STRING and re.match(r"[rRbB]?[fF]", token.string)
                if is_f and re.search(r"(?<![\w.])(_|gettext|ngettext|N_)\(", token.string):
                    hidden.append(f"{path.relative_to(ROOT)}:{token.start[0]}")
    assert not hidden, f"call _() outside the f-string: {hidden}"

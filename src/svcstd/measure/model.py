"""What measure needs of the organisation, kept between runs: the catalogue of targets, the
calendars and the ``measure`` settings of svcstd.yaml, in ``.svcstd-cache/measure-model.json``.

Building it takes the whole pipeline (YAML, schemas, the typed model: about a quarter of a
second of start-up for the example organisation); reading it back takes none of that. The
cache key is svcstd's code and schemas (svcstd.cachefile.code_salt) and the bytes of every
YAML file the pipeline reads, so any edit to the standards, the teams or svcstd.yaml builds
it again; the file itself is written atomically and verified when read.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from msgspec import Struct, to_builtins

from svcstd.cachefile import cache_path, code_salt, read_json, write_json
from svcstd.files import yaml_paths
from svcstd.measure.catalogue import Catalogue, Metric, Rule, build_catalogue
from svcstd.workdays import HolidaySet, HolidaySource

if TYPE_CHECKING:
    from svcstd.model import Organisation

NAME = "measure-model.json"


class CalendarView(Struct, frozen=True):
    """A calendar as measure reads it: working days, hours and holidays."""

    days: list[str]
    hours: str
    holidays: HolidaySet


class MeasureModel(Struct, frozen=True):
    """The organisation as far as measure is concerned."""

    timezone: str
    settings: dict[str, Any]  # the measure section of svcstd.yaml
    calendars: dict[str, CalendarView]
    catalogue: Catalogue

    @classmethod
    def of(cls, org: Organisation) -> MeasureModel:
        """From the typed organisation (the pipeline's result)."""
        calendars = {
            name: CalendarView(list(cal.days), cal.hours, cal.holidays)
            for name, cal in org.config.calendars.items()
        }
        settings = org.config.source.data.get("measure") or {}
        return cls(org.config.timezone, settings, calendars, build_catalogue(org))

    def to_json(self) -> dict[str, Any]:
        """Plain JSON data; ``from_json`` reads it back."""
        c = self.catalogue
        return {
            "timezone": self.timezone,
            "settings": self.settings,
            "calendars": {
                name: {"days": v.days, "hours": v.hours, "holidays": _holidays_json(v.holidays)}
                for name, v in self.calendars.items()
            },
            "metrics": to_builtins(c.metrics),
            "by_key": {key: [m.index for m in found] for key, found in c.by_key.items()},
            "standards": {s: sorted(targets) for s, targets in c.standards.items()},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> MeasureModel:
        """The model stored by ``to_json``; KeyError or TypeError when it is not one."""
        metrics = [Metric(**{**m, "by": _rule(m.get("by"))}) for m in data["metrics"]]
        catalogue = Catalogue(
            metrics,
            {key: [metrics[i] for i in found] for key, found in data["by_key"].items()},
            {s: set(targets) for s, targets in data["standards"].items()},
        )
        calendars = {
            name: CalendarView(v["days"], v["hours"], _holidays_of(v["holidays"]))
            for name, v in data["calendars"].items()
        }
        return cls(data["timezone"], data["settings"], calendars, catalogue)


def _rule(data: dict[str, Any] | None) -> Rule | None:
    return None if data is None else Rule(**data)


def _holidays_json(h: HolidaySet) -> dict[str, Any]:
    s = h.source
    return {
        "extra": sorted(d.isoformat() for d in h.extra),
        "remove": sorted(d.isoformat() for d in h.remove),
        "declared": h.declared,
        "source": None
        if s is None
        else {
            "country": s.country,
            "subdivision": s.subdivision,
            "years": None if s.years is None else list(s.years),
            "categories": list(s.categories),
            "where": s.where,
        },
    }


def _holidays_of(data: dict[str, Any]) -> HolidaySet:
    s = data["source"]
    source = None
    if s is not None:
        years = None if s["years"] is None else tuple(s["years"])
        source = HolidaySource(
            s["country"], s["subdivision"], years, tuple(s["categories"]), s["where"]
        )
    return HolidaySet(
        frozenset(date.fromisoformat(d) for d in data["extra"]),
        frozenset(date.fromisoformat(d) for d in data["remove"]),
        source,
        bool(data["declared"]),
    )


def source_key(root: Path) -> str:
    """svcstd's code and the path and bytes of every YAML file under root, hashed."""
    digest = hashlib.sha256(code_salt().encode())
    for rel in yaml_paths(root):
        digest.update(rel.encode() + b"\0")
        try:
            digest.update((root / rel).read_bytes())
        except OSError:  # the pipeline reports an unreadable file; the key just differs
            digest.update(b"\1unreadable")
        digest.update(b"\0")
    return digest.hexdigest()


def load_model(root: Path) -> MeasureModel:
    """The measure model of the standards folder ``root``: from the cache when its files are
    the ones it was built from, else through the pipeline (and stored for the next run)."""
    key = source_key(root)
    path = cache_path(root, NAME)
    stored = read_json(path, key)
    if isinstance(stored, dict):
        try:
            return MeasureModel.from_json(stored)
        except (KeyError, TypeError, ValueError):  # an older layout: build it again
            pass
    from svcstd.pipeline import load_organisation

    model = MeasureModel.of(load_organisation(root))
    data = model.to_json()
    try:
        json.dumps(data)
    except (TypeError, ValueError):  # a setting JSON cannot hold (a YAML date): no cache
        return model
    write_json(path, key, data)
    return model

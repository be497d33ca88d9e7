"""The publication register: what this user published of a population, so that every new
output is protected together with everything published before (issue #19).

In: a written output's published tables, its configuration, its areas and the fingerprint of
its population (:func:`population_fingerprint`); for a new run of the same population its
true count tables.  Out: the register file (JSON, in the user's configuration folder next to
the seal key, or a file a team shares; never in a project or an output) and, for a new run,
the cells its earlier outputs published (:class:`.rules.Known`), or a refusal
(:class:`RegisterConflict`) naming the earlier output that cannot be protected together with
it.

An entry holds the published counts (hidden ones left out), the configuration and its
disclosure rule, per buurt a fingerprint of its polygon and of its wijk and gemeente, the
title, the output's file name and the date: no person data and no pseudonyms.  The
population is identified by a keyed fingerprint: HMAC-SHA-256, keyed with the user's
pseudonym secret, of the peildatum and the sorted distinct (pseudonym, category) pairs of
the registrations counted.  The same registrations on the same peildatum give the same
fingerprint under the same secret, whatever the configuration; the fingerprint says nothing
about who is in the population, and without the secret nobody can test a guess against it.
Outputs written with another pseudonym secret (another desktop) cannot be recognised as the
same population: a team that shares a register shares the secret too.
"""

import datetime
import hashlib
import hmac
import json
import os
import secrets
from dataclasses import asdict, dataclass, field
from typing import Dict, List, Optional

import numpy as np
import pandas as pd
from shapely.ops import transform as reproject

from ...i18n import tr
from ..config import AnalysisConfig, DisclosureConfig
from ..count.aggregate import DIVISION, levels_of
from ..errors import SteunstructuurError

#: the version of the register file's layout
REGISTER_VERSION = 1


class RegisterError(SteunstructuurError, ValueError):
    """A register file that cannot be read or written."""


class RegisterConflict(SteunstructuurError, ValueError):
    """An earlier output of the same population that cannot be protected together with this one."""


def register_path() -> str:
    """The user's register: ``steunstructuur/register.json`` in the user's configuration
    folder (next to the seal key), the same for every QGIS profile and ``qgis_process``."""
    from ..publish.seal import key_path

    return os.path.join(os.path.dirname(key_path()), "register.json")


def secret_id(secret: bytes) -> str:
    """A name for a pseudonym secret that does not reveal it (which desktop's pseudonyms an
    entry's fingerprint was made with)."""
    return hmac.new(secret, b"steunstructuur secret id", hashlib.sha256).hexdigest()[:16]


def population_fingerprint(hi: np.ndarray, lo: np.ndarray, categories, reference_date: Optional[str],
                           secret: bytes) -> str:
    """The keyed fingerprint of a population: the sorted distinct (128-bit pseudonym,
    category) pairs of its rows, and the peildatum."""
    codes, names = pd.factorize(pd.Series(categories, dtype=object).astype(str), sort=True)
    hi, lo = np.asarray(hi, dtype=np.uint64), np.asarray(lo, dtype=np.uint64)
    codes = np.asarray(codes, dtype=np.int64)
    order = np.lexsort((codes, lo, hi))
    hi, lo, codes = hi[order], lo[order], codes[order]
    first = np.r_[True, (hi[1:] != hi[:-1]) | (lo[1:] != lo[:-1]) | (codes[1:] != codes[:-1])]
    mac = hmac.new(secret, b"steunstructuur population v1\0", hashlib.sha256)
    mac.update((reference_date or "").encode() + b"\0")
    mac.update("\n".join(names).encode("utf-8") + b"\0")
    for column in (hi[first], lo[first], codes[first]):
        mac.update(column.astype(">u8").tobytes())
    return mac.hexdigest()


def area_fingerprints(frame: pd.DataFrame, geometries, crs: str = "EPSG:28992") -> Dict[str, str]:
    """Per buurt code its gemeente, its wijk and a fingerprint of its polygon
    (``"GM0856|WK085601|3fa2..."``): the area in whole square metres and the centroid to a
    decimetre, in RD New whatever the layer's coordinate system (the same buurten
    reprojected are the same areas), and with an own division the buurt's own area
    (``"GM0856|WK085601|GB01|3fa2..."``).  Two outputs whose buurten differ in any of these
    are not of the same areas."""
    to_rd = None
    if crs and crs.upper() != "EPSG:28992":
        from pyproj import Transformer

        to_rd = Transformer.from_crs(crs, "EPSG:28992", always_xy=True).transform
    out = {}
    own = frame["gebiedcode"].fillna("").astype(str) if "gebiedcode" in frame.columns else [""] * len(frame)
    for code, wijk, gem, area, geom in zip(frame["code"], frame["wijkcode"], frame["gemeentecode"], own, geometries):
        shape = ""
        if geom is not None and not geom.is_empty:
            g = reproject(to_rd, geom) if to_rd else geom
            c = g.centroid
            shape = hashlib.sha256(f"{round(g.area)}|{c.x:.1f}|{c.y:.1f}".encode()).hexdigest()[:20]
        out[str(code)] = f"{gem}|{wijk}|{area}|{shape}" if area else f"{gem}|{wijk}|{shape}"
    return out


def _gemeente(fingerprint: str) -> str:
    return fingerprint.split("|", 1)[0]


def _shape(fingerprint: str) -> str:
    return fingerprint.rsplit("|", 1)[-1]


@dataclass
class Entry:
    """One output in the register."""

    title: str
    output: str  #: the output's file name (no folder)
    created: str
    population: str  #: :func:`population_fingerprint`
    secret: str  #: :func:`secret_id` of the pseudonym secret the fingerprint was made with
    reference_date: Optional[str]
    configuration: dict
    areas: Dict[str, str]  #: :func:`area_fingerprints`
    #: per level: {"codes": [...], "fields": [...], "values": [[count or None]]} (None: hidden)
    figures: Dict[str, dict]
    id: str = field(default_factory=lambda: secrets.token_hex(6))

    @classmethod
    def of_output(cls, safe: Dict[str, pd.DataFrame], cfg: AnalysisConfig, areas: Dict[str, str], output: str,
                  population: str, secret: str) -> "Entry":
        """The entry of an output just written, from its published tables."""
        fields = cfg.count_fields()
        figures = {}
        for level in levels_of(safe):
            t = safe[level]
            values = t[fields].apply(pd.to_numeric, errors="coerce").astype("float64").to_numpy()
            figures[level] = {"codes": [str(c) for c in t["code"]], "fields": fields,
                              "values": [[None if np.isnan(v) else int(v) for v in row] for row in values]}
        return cls(title=cfg.title, output=os.path.basename(output), population=population, secret=secret,
                   created=datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
                   reference_date=cfg.source.reference_date, configuration=cfg.to_dict(), areas=areas,
                   figures=figures)

    @property
    def disclosure(self) -> DisclosureConfig:
        return AnalysisConfig.from_dict(self.configuration, origin=self.label()).disclosure

    @property
    def min_count(self) -> int:
        return int(self.disclosure.min_count)

    def tables(self) -> Dict[str, pd.DataFrame]:
        """The published tables as an attacker reads them: code and counts, hidden NaN."""
        out = {}
        for level in levels_of(self.figures):
            fig = self.figures[level]
            values = np.array([[np.nan if v is None else float(v) for v in row] for row in fig["values"]],
                              dtype=np.float64).reshape(len(fig["codes"]), len(fig["fields"]))
            out[level] = pd.DataFrame(values, columns=fig["fields"]).assign(code=fig["codes"])
        return out

    def label(self) -> str:
        return tr("'{title}' ({file}, {date})").format(title=self.title, file=self.output, date=self.created[:10])


class Register:
    """The entries of a register file, read when made and written by :meth:`save`."""

    def __init__(self, path: Optional[str] = None):
        self.path = path or register_path()
        self.entries: List[Entry] = self._read(self.path) if os.path.exists(self.path) else []

    @staticmethod
    def _read(path: str) -> List[Entry]:
        try:
            with open(path, encoding="utf-8") as fh:
                data = json.load(fh)
            if not isinstance(data, dict) or data.get("version") != REGISTER_VERSION:
                raise ValueError("not a register of this version")
            return [Entry(**e) for e in data["entries"]]
        except (OSError, ValueError, TypeError, KeyError) as exc:
            raise RegisterError(tr("{path}: not a Steunstructuur publication register ({why})").format(
                path=path, why=type(exc).__name__)) from None

    def save(self, path: Optional[str] = None) -> None:
        """Write the register (to ``path``, default its own file) atomically, readable by
        the user only."""
        path = path or self.path
        folder = os.path.dirname(os.path.abspath(path))
        os.makedirs(folder, exist_ok=True)
        tmp = os.path.join(folder, f".{os.path.basename(path)}.{secrets.token_hex(4)}.part")
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump({"version": REGISTER_VERSION, "entries": [asdict(e) for e in self.entries]}, fh)
            os.replace(tmp, path)
        except OSError as exc:
            if os.path.exists(tmp):
                os.remove(tmp)
            raise RegisterError(tr("{path}: the publication register could not be written ({why})").format(
                path=path, why=exc.strerror or type(exc).__name__)) from None

    def add(self, entry: Entry) -> None:
        self.entries.append(entry)

    def record(self, entry: Entry) -> None:
        """Add an entry and save, keeping what another run saved to the file meanwhile."""
        if os.path.exists(self.path):
            have = {e.id for e in self.entries}
            self.entries += [e for e in self._read(self.path) if e.id not in have]
        self.add(entry)
        self.save()

    def remove(self, entry_id: str) -> None:
        self.entries = [e for e in self.entries if e.id != entry_id]

    def clear(self) -> None:
        self.entries = []

    def import_from(self, path: str) -> int:
        """Add the entries of another register file (a colleague's), those not here yet;
        how many were added."""
        have = {e.id for e in self.entries}
        new = [e for e in self._read(path) if e.id not in have]
        self.entries += new
        return len(new)

    def of_population(self, population: str, secret: str) -> List[Entry]:
        """The entries of this population (made with this pseudonym secret)."""
        return [e for e in self.entries if e.population == population and e.secret == secret]

    def other_secrets(self, secret: str) -> int:
        """How many entries were made with another pseudonym secret (they cannot be compared)."""
        return sum(e.secret != secret for e in self.entries)


def known_from(entries: List[Entry], tables: Dict[str, pd.DataFrame], cfg: AnalysisConfig,
               areas: Dict[str, str]):
    """The cells ``entries`` (earlier outputs of this run's population) published, as
    :func:`.rules.protect` takes them (None without entries), and the entries that share
    a figure with this run (those of other gemeenten and other areas do not).  Refused,
    naming the entry:
    one of other areas (another buurt layer or division: the attacker could subtract one
    from the other) or one that :func:`.rules.known_cells` cannot audit together with this
    run (other counts, another zero rule, rounding, a figure this configuration lacks)."""
    from .rules import known_cells

    known, used = None, []
    gemeenten = {_gemeente(fp) for fp in areas.values()}
    shapes = {_shape(fp): c for c, fp in areas.items() if _shape(fp)}
    for entry in entries:
        shared = {_gemeente(fp) for fp in entry.areas.values()} & gemeenten
        # a buurt of this run under another code there (a merger renames gemeenten and
        # buurten, with the same polygons), or buurten of a shared gemeente that differ
        renamed = any(shapes.get(_shape(fp), c) != c for c, fp in entry.areas.items() if _shape(fp))
        if renamed or ({c: fp for c, fp in entry.areas.items() if _gemeente(fp) in shared}
                       != {c: fp for c, fp in areas.items() if _gemeente(fp) in shared}):
            raise RegisterConflict(tr(
                "the earlier output {entry} in the publication register has other areas than this run (another "
                "buurt layer, buurten merged or split, or another own area division): together the two could reveal "
                "small counts by subtraction, and outputs of other area divisions cannot be audited together yet; "
                "remove it from the register (tab Publications) if it was never published").format(entry=entry.label()))
        if not shared:  # other gemeenten, other areas: no figure in common
            continue
        used.append(entry)
        earlier = entry.tables()
        if DIVISION in earlier:  # only the areas of gemeenten this run has (the others share no figure)
            inside = {fp.split("|")[2] for fp in entry.areas.values() if fp.count("|") == 3 and _gemeente(fp) in shared}
            earlier[DIVISION] = earlier[DIVISION][earlier[DIVISION]["code"].isin(inside)].reset_index(drop=True)
        try:
            k = known_cells(earlier, entry.disclosure, tables, cfg)
        except ValueError as exc:
            raise RegisterConflict(tr("the earlier output {entry} in the publication register: {why}; remove it from "
                                      "the register (tab Publications) if it was never published").format(
                entry=entry.label(), why=str(exc))) from None
        known = k if known is None else known | k
    return known, used

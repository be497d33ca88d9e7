"""What the attacker sees, as the audit models it: the cells, the atoms and the results.

The cells are the count fields of the buurt, wijk and gemeente tables.  Every person (or
household) of a buurt falls in one *atom*, the set of indicators they are in; each count
field is a sum of atoms (:func:`field_atoms`), a wijk's atoms are the sums of its
buurten's.  In: the count tables and the configuration.  Out: the atoms per field, the
area tree (:class:`_Tree`), the reason codes per cell, and the result types
:class:`Protection` and :class:`AuditResult`.
"""

from dataclasses import dataclass, field
from typing import Dict, List, NamedTuple, Tuple

import numpy as np
import pandas as pd

from ..config import AnalysisConfig
from ..count.aggregate import DIVISION, _field_flags, levels_of

PUBLISHED, SUPPRESSED, ROUNDED = "published", "suppressed", "rounded"


PRIMARY, INHERITED, SECONDARY = "primary", "inherited", "secondary"

#: a cell the attacker's model holds but no output publishes (a flow model's buurt flows,
#: an own division's piece of a buurt): it may be 0, and it fails only when the attacker
#: narrows it into ``1..min_count-1`` (a pinned 0, or a value of ``min_count`` or more,
#: tells no small count)
UNPUBLISHED = "unpublished"


_REASONS = ("", PRIMARY, INHERITED, SECONDARY, UNPUBLISHED)


_CODE = {r: i for i, r in enumerate(_REASONS)}


_RANK = {"buurt": 0, "wijk": 1, "gemeente": 2, DIVISION: 3}


_PARENT = {"buurt": "wijk", "wijk": "gemeente"}


_CHILD = {parent: child for child, parent in _PARENT.items()}


#: an attacker's maximum at or above this is reported as unbounded
UNBOUNDED = 1e6


class Cell(NamedTuple):
    """One count cell: a level, the area's row in that level's table, the field's column
    (in :meth:`~..config.AnalysisConfig.count_fields` order).  The one way cells are
    named throughout this package."""

    level: str
    row: int
    col: int


class Target(NamedTuple):
    """A hidden cell to audit and the variables (atoms, or a wijk or gemeente cell) it sums."""

    cell: Cell
    cols: np.ndarray


@dataclass(frozen=True)
class CellRange:
    """The attacker's range of one hidden cell and the verdict on it."""

    cell: Cell
    field: str  #: the count field, e.g. ``armoede_n``
    code: str  #: the area's CBS code
    gemeente_row: int
    min: float  #: NaN when no table fits what is published
    max: float  #: ``inf`` when unbounded
    fails: bool  #: one value, inside ``1..min_count-1``, or no table at all
    exact: bool  #: False: a part of the true range, shown by tables the attacker cannot rule out
    reason: str = ""  #: primary, inherited or secondary: for the analyst only

    @property
    def level(self) -> str:
        return self.cell.level


@dataclass
class AuditResult:
    ok: bool
    cells_checked: int = 0
    failures: List[CellRange] = field(default_factory=list)
    ranges: List[CellRange] = field(default_factory=list)
    lp_solved: int = 0
    #: integer programs solved where an LP's optimum split persons into fractions
    milp_solved: int = 0
    #: what is wrong with a file besides its cells (edited, unexplained columns, ...)
    problems: List[str] = field(default_factory=list)
    #: of a file audit: the seal of the content that was audited (:mod:`.seal`)
    content_seal: str = ""

    def finish(self, ranges) -> "AuditResult":
        """Set the ranges (sorted: buurt, wijk, gemeente; code; field) and the verdict."""
        self.ranges = sorted(ranges, key=lambda r: (_RANK[r.cell.level], r.code, r.cell.col))
        self.failures = [r for r in self.ranges if r.fails]
        self.cells_checked = len(self.ranges)
        self.ok = not self.failures and not self.problems
        return self

    def summary(self) -> str:
        from ...i18n import tr

        if self.ok:
            return tr("disclosure audit passed: {n} suppressed cells checked").format(n=self.cells_checked)
        parts = [tr("{n} cell(s)").format(n=len(self.failures))] if self.failures or not self.problems else []
        parts += [tr("{n} problem(s) with the file").format(n=len(self.problems))] if self.problems else []
        return tr("disclosure audit FAILED for {what}: {n} suppressed cells checked").format(
            what=", ".join(parts), n=self.cells_checked)


@dataclass
class Protection:
    """Counts with the reason each cell is hidden ('' = published)."""

    tables: Dict[str, pd.DataFrame]
    reasons: Dict[str, pd.DataFrame]  # level -> frame of reasons per count field
    audit: AuditResult = None

    def hidden(self, level: str, fld: str) -> pd.Series:
        return self.reasons[level][fld] != ""

    def loss(self) -> dict:
        """Information loss: cells hidden (per reason and level) and units hidden in buurten
        (an unpublished cell is no published cell: it counts in neither)."""
        out = {"cells_hidden": 0, "units_hidden": 0, "cells_total": 0,
               "by_reason": {PRIMARY: 0, INHERITED: 0, SECONDARY: 0},
               "by_level": {level: 0 for level in self.reasons}}
        for level, reasons in self.reasons.items():
            codes = reasons.to_numpy()
            hid = (codes != "") & (codes != UNPUBLISHED)
            out["cells_total"] += int((codes != UNPUBLISHED).sum())
            out["cells_hidden"] += int(hid.sum())
            out["by_level"][level] = int(hid.sum())
            if level == "buurt":
                vals = self.tables[level][list(reasons.columns)].to_numpy()
                out["units_hidden"] += int(vals[hid].sum())
            for r in (PRIMARY, INHERITED, SECONDARY):
                out["by_reason"][r] += int((codes == r).sum())
        return out


def field_atoms(cfg: AnalysisConfig) -> Tuple[List[Tuple[str, ...]], np.ndarray]:
    """The possible indicator combinations (atoms) and which count field sums which atom.

    A combination S is possible when the categories that only belong to indicators of S
    together reach every indicator of S; e.g. with ``armoede = bijstand ∪ schuld`` and
    ``schuld = schuld``, nobody can be in schuld without being in armoede."""
    inds = list(cfg.indicators)
    index = {ind: i for i, ind in enumerate(inds)}
    atoms = _possible(cfg, inds)
    member = np.array([[bool(s >> i & 1) for i in range(len(inds))] for s in atoms], dtype=bool)
    member = member.reshape(len(atoms), len(inds))
    flags = _field_flags(member, cfg)  # the counting's own rules, applied to each atom
    pattern = np.array([flags[f] for f in cfg.count_fields()], dtype=bool).reshape(-1, len(atoms))
    names = [tuple(ind for ind in inds if s >> index[ind] & 1) for s in atoms]
    return names, pattern


def _possible(cfg: AnalysisConfig, members: List[str]) -> List[int]:
    """The possible combinations (bit masks over ``members``) of some of the indicators:
    those the categories of these indicators can make (see :func:`field_atoms`; a
    category in two indicators puts a person in both), and with reach
    (:meth:`..config.AnalysisConfig.with_reach`) only those with an indicator of a
    registration: a person is counted for a registration, never for a distance alone."""
    index = {ind: i for i, ind in enumerate(members)}
    # a distance to a provision is no registration: nobody is counted for that alone
    pseudo = set(cfg.reach_pseudo())
    real = sum(1 << i for ind, i in index.items() if ind not in pseudo)
    cat_mask: Dict[str, int] = {}
    for ind, cats in cfg.indicator_categories().items():
        if ind in index:
            for cat in cats:
                cat_mask[cat] = cat_mask.get(cat, 0) | (1 << index[ind])
    masks = set(cat_mask.values())
    out = []
    for s in range(1, 1 << len(members)):
        reach = 0
        for mk in masks:
            if mk & ~s == 0:
                reach |= mk
        if reach == s and (s & real or not real):
            out.append(s)
    return out


class _Tree:
    """Row indices linking buurt -> wijk -> gemeente, and buurt -> own area (``gebied``)
    -> gemeente when the run has an own division (:data:`..count.aggregate.DIVISION`).

    ``edges``: every (child, parent) level pair whose parent is the sum of its children."""

    def __init__(self, tables: Dict[str, pd.DataFrame]):
        self.levels = levels_of(tables)
        self.divided = DIVISION in self.levels
        w_index = {c: i for i, c in enumerate(tables["wijk"]["code"])}
        g_index = {c: i for i, c in enumerate(tables["gemeente"]["code"])}
        self.b_w = np.array([w_index.get(p, -1) for p in tables["buurt"]["parent"]], dtype=np.int64)
        self.w_g = np.array([g_index.get(p, -1) for p in tables["wijk"]["parent"]], dtype=np.int64)
        self.b_g = np.where(self.b_w >= 0, self.w_g[np.maximum(self.b_w, 0)], -1)
        self.edges = [("buurt", "wijk"), ("wijk", "gemeente")]
        self._parent = {("buurt", "wijk"): self.b_w, ("wijk", "gemeente"): self.w_g}
        self.gem = {"buurt": self.b_g, "wijk": self.w_g, "gemeente": np.arange(len(tables["gemeente"]))}
        if DIVISION in self.levels:
            o_index = {c: i for i, c in enumerate(tables[DIVISION]["code"])}
            own = tables["buurt"][DIVISION] if DIVISION in tables["buurt"].columns else [""] * len(tables["buurt"])
            self.b_o = np.array([o_index.get(p, -1) for p in own], dtype=np.int64)
            self.o_g = np.array([g_index.get(p, -1) for p in tables[DIVISION]["parent"]], dtype=np.int64)
            self.edges.append(("buurt", DIVISION))
            self._parent[("buurt", DIVISION)] = self.b_o
            self.gem[DIVISION] = self.o_g
            # a gemeente whose every buurt lies in an own area is the sum of those areas too
            outside = np.zeros(len(tables["gemeente"]), dtype=bool)
            np.logical_or.at(outside, self.b_g[self.b_g >= 0], self.b_o[self.b_g >= 0] < 0)
            self.edges.append((DIVISION, "gemeente"))
            self._parent[(DIVISION, "gemeente")] = np.where(
                (self.o_g >= 0) & ~outside[np.maximum(self.o_g, 0)], self.o_g, -1)
        self.n = {level: len(tables[level]) for level in self.levels}
        self.codes = {level: tables[level]["code"].to_numpy(dtype=object) for level in self.levels}

    def parent_rows(self, level: str, parent: str = "") -> np.ndarray:
        """Per row of ``level`` its row of ``parent`` (-1: none); without ``parent``, of
        the CBS hierarchy (buurt -> wijk, wijk -> gemeente)."""
        return self._parent[(level, parent or _PARENT[level])]

    def parents(self, level: str) -> List[str]:
        """The levels that sum ``level``'s areas."""
        return [p for c, p in self.edges if c == level]

    def children(self, level: str) -> List[str]:
        """The levels whose areas sum to ``level``'s."""
        return [c for c, p in self.edges if p == level]


def _values(tables, fields) -> Dict[str, np.ndarray]:
    return {level: tables[level][fields].to_numpy(dtype=np.float64) for level in levels_of(tables)}


def _codes(reasons: Dict[str, pd.DataFrame], fields) -> Dict[str, np.ndarray]:
    return {level: np.vectorize(_CODE.__getitem__, otypes=[np.int8])(reasons[level][fields].to_numpy(dtype=object))
            if len(reasons[level]) else np.zeros((0, len(fields)), dtype=np.int8) for level in levels_of(reasons)}


def _frames(codes: Dict[str, np.ndarray], tables, fields) -> Dict[str, pd.DataFrame]:
    names = np.array(_REASONS, dtype=object)
    return {level: pd.DataFrame(names[codes[level]], index=tables[level].index, columns=fields)
            for level in levels_of(tables)}


def _lower_bound(cfg: AnalysisConfig) -> int:
    """What an attacker knows of every hidden cell: at least 1 when zeros are published."""
    return 1 if cfg.disclosure.publish_zero else 0


def _count(result: AuditResult, solves: Tuple[int, int]) -> None:
    result.lp_solved += solves[0]
    result.milp_solved += solves[1]

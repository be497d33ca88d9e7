"""Suppression rules: primary, inheritance, the group rule, repair and pruning.

In: the count tables and the configuration.  Out: a :class:`.model.Protection`, the
reason each cell is hidden, repaired until the audit (:mod:`.attacker`) passes.
"""

import dataclasses
from collections import deque
from dataclasses import dataclass
from typing import Callable, Dict, List, Optional, Tuple

import numpy as np
import pandas as pd

from ...i18n import tr
from ..config import AnalysisConfig
from ..count.aggregate import DIVISION, levels_of
from .attacker import Scope, _audit_arrays, _ranges
from .changes import Persons, certify
from .model import (
    _CODE,
    _RANK,
    INHERITED,
    PRIMARY,
    SECONDARY,
    UNPUBLISHED,
    AuditResult,
    Cell,
    Protection,
    _count,
    _frames,
    _lower_bound,
    _Tree,
    _values,
)
from .structure import Structure, structure

#: hidden cells of a gemeente up to which unneeded secondary cells are tried again
_PRUNE_MAX_CELLS = 120


def primary(tables: Dict[str, pd.DataFrame], cfg: AnalysisConfig) -> Dict[str, pd.DataFrame]:
    fields = cfg.count_fields()
    return _frames(_primary_codes(_values(tables, fields), cfg), tables, fields)


def _primary_codes(values, cfg) -> Dict[str, np.ndarray]:
    m = int(cfg.disclosure.min_count)
    out = {}
    for level, v in values.items():
        small = (v >= 1) & (v < m)
        if not cfg.disclosure.publish_zero:
            small |= v == 0
        out[level] = np.where(small, _CODE[PRIMARY], 0).astype(np.int8)
    return out


def _links(cfg: AnalysisConfig, pattern: np.ndarray) -> List[Tuple[int, List[int]]]:
    """(derived field, fields it derives from), as column indices, for inheritance."""
    fields = cfg.count_fields()
    col = {f: j for j, f in enumerate(fields)}
    links = [(col[cfg.overlap_field(a, b)], [col[f"{a}_n"], col[f"{b}_n"]]) for a, b in cfg.overlaps]
    if "stapeling_3plus_n" in col:
        links.append((col["stapeling_3plus_n"], [col["stapeling_2plus_n"]]))
    # fields the configuration makes identical are one cell: hide them together
    for i in range(len(fields)):
        for j in range(len(fields)):
            if i != j and np.array_equal(pattern[i], pattern[j]):
                links.append((j, [i]))
    return links


def _inherit(values, codes, links) -> bool:
    changed = False
    for level in values:
        v, c = values[level], codes[level]
        for derived, parents in links:
            hide = (c[:, parents] != 0).any(axis=1) & (c[:, derived] == 0) & (v[:, derived] != 0)
            if hide.any():
                c[hide, derived] = _CODE[INHERITED]
                changed = True
    return changed


def _protect_groups(values, codes, tree: _Tree, cfg, gemeenten=None) -> bool:
    """One pass of the group rule over every additive group (of the gemeente rows
    ``gemeenten``, or all); True when it hid something."""
    m = int(cfg.disclosure.min_count)
    lo = _lower_bound(cfg)
    changed = False
    for level, parent_level in tree.edges:
        v, c = values[level], codes[level]
        pv, pc = values[parent_level], codes[parent_level]
        prow = tree.parent_rows(level, parent_level)
        codes_l = tree.codes[level]
        # a candidate with no hidden child costs one cell more: its children would give it away
        extra = np.zeros(v.shape, dtype=np.int8)
        for child in tree.children(level):
            crow = tree.parent_rows(child, level)
            has_hidden = np.zeros(v.shape, dtype=bool)
            ok = crow >= 0
            np.logical_or.at(has_hidden, crow[ok], codes[child][ok] != 0)
            extra = np.maximum(extra, (~has_hidden).astype(np.int8))
        # a buurt of an own division has two parents: a candidate whose other parent already
        # has a hidden child in the field goes first (hiding it leaves no new lone hidden
        # cell there; otherwise the two branches hid each other's partners over and over)
        lone = np.zeros(v.shape, dtype=np.int8)
        for other in tree.parents(level):
            if other != parent_level:
                orow = tree.parent_rows(level, other)
                has = np.zeros(codes[other].shape, dtype=bool)
                ok = orow >= 0
                np.logical_or.at(has, orow[ok], c[ok] != 0)
                lone = np.maximum(lone, np.where(ok[:, None], ~has[np.maximum(orow, 0)], True).astype(np.int8))
        order = np.argsort(prow, kind="stable")
        starts = np.flatnonzero(np.r_[True, prow[order][1:] != prow[order][:-1]])
        group_gem = tree.gem[parent_level]
        for g, idx in zip(prow[order][starts], np.split(order, starts[1:])):
            if g < 0 or (gemeenten is not None and group_gem[g] not in gemeenten):
                continue
            hid_any = c[idx] != 0
            touched = hid_any.any(axis=0) | (pc[g] != 0)
            for f in np.flatnonzero(touched):
                vals = v[idx, f]
                hid = hid_any[:, f].copy()
                if pc[g, f] != 0:
                    # the parent is hidden: it must not follow from fully published children
                    if not hid.any() and pv[g, f] != 0:
                        cand = [j for j in np.argsort(vals, kind="stable") if vals[j] > 0]
                        if cand:
                            c[idx[cand[0]], f] = _CODE[SECONDARY]
                            changed = True
                    continue
                while True:
                    k = int(hid.sum())
                    s = float(vals[hid].sum())
                    if k >= 2 and s - (k - 1) * lo >= m:
                        break
                    order_c = sorted((extra[idx[j], f], lone[idx[j], f], vals[j], codes_l[idx[j]], j)
                                     for j in range(len(idx)) if not hid[j] and vals[j] > 0)
                    if not order_c:
                        pc[g, f] = _CODE[SECONDARY]
                        changed = True
                        break
                    pick = next((j for *_, val, _, j in order_c if k + 1 >= 2 and s + val - k * lo >= m),
                                order_c[0][-1])
                    hid[pick] = True
                    c[idx[pick], f] = _CODE[SECONDARY]
                    changed = True
    return changed


def protect(tables: Dict[str, pd.DataFrame], cfg: AnalysisConfig, max_rounds: int = 200,
            known: Optional["Known"] = None, persons: Optional[Persons] = None,
            progress: Optional[Callable[[float], object]] = None,
            unpublished: Optional[Dict[str, np.ndarray]] = None) -> Protection:
    """Primary, inherited and secondary suppression, repaired until the audit passes.

    ``persons``: the units counted (:func:`.changes.persons_of`, in memory only).  With
    them, beyond the atom model (more than 10 indicators), what is hidden besides the
    primary cells is what the certificates of :mod:`.changes` need: every hidden cell
    gets a second table of whole persons that shows it safe (:func:`_protect_by_changes`).
    Without them the grouped model's audit looks for its tables with integer programs
    (slow: for tests and small tables).  ``progress(done)`` (0..1) is called as the
    certificates are found; it may raise to stop.
    ``known``: the cells earlier outputs of the same population published
    (:func:`known_cells`).  The attacker has those too, so the audit then also holds
    with them published, under the lowest threshold of those outputs and this one
    (:func:`_protect_jointly`); the output itself still hides what its own rules hide
    and passes its own audit.
    ``unpublished`` (level -> areas x count fields, bool): cells the model holds that no
    output shows (a buurt's inflow and outflow, :mod:`..series.flows`), reason
    :data:`.model.UNPUBLISHED`: protected by certificates (``persons`` needed) so that
    none can be narrowed into ``1..min_count-1``."""
    fields = cfg.count_fields()
    struct = structure(cfg)
    if unpublished is not None and not any(np.asarray(u, dtype=bool).any() for u in unpublished.values()):
        unpublished = None  # none at all: the usual route (an outside review found the other refusing more)
    if unpublished is not None:
        if persons is None:
            raise ValueError("unpublished cells are protected by certificates: the persons are needed")
        return _protect_by_changes(tables, cfg, persons, known, progress, unpublished)
    if persons is not None and (struct.walk is not None or cfg.reach_pseudo()):
        # beyond the atom model, and with reach (linked cells in every buurt: the repair
        # hid most of a small gemeente), the certificates decide what is hidden
        return _protect_by_changes(tables, cfg, persons, known, progress)
    tree = _Tree(tables)
    values = _values(tables, fields)
    codes = _primary_codes(values, cfg)
    links = _links(cfg, struct.pattern)
    related = _related_fields(struct)
    _settle(values, codes, links, tree, cfg)
    pending = None  # gemeente rows to (re-)audit; None = all
    check = None  # cells to (re-)audit; None = all hidden cells
    all_ranges: Dict[Tuple[str, int, int], dict] = {}
    tally = AuditResult(ok=True)  # LPs and integer programs solved
    for _ in range(max_rounds):
        result = _audit_arrays(tree, struct, values, codes, fields, cfg,
                               Scope(gemeenten=pending, verdict_only=True, only=check))
        _count(tally, (result.lp_solved, result.milp_solved))
        for r in result.ranges:
            all_ranges[r.cell] = r
        if result.ok:
            break
        before = {lv: c != 0 for lv, c in codes.items()}
        touched = _repair(result.failures, values, codes, tree, related)
        if not touched:
            break
        _settle(values, codes, links, tree, cfg, touched)
        pending = sorted(touched)
        # Hiding more never makes a safe cell unsafe: the tables that showed it safe
        # still fit what is published (a newly hidden cell keeps its true value, at least
        # 1).  So only the failing cells and the newly hidden ones are checked again.
        check = {f.cell for f in result.failures}
        for lv, c in codes.items():
            check.update((lv, int(r), int(f)) for r, f in zip(*np.nonzero((c != 0) & ~before[lv])))
    if result.ok:
        _prune(tree, struct, values, codes, fields, cfg, all_ranges, tally)
        if known is not None:
            joint = _protect_jointly(tree, struct, values, codes, known, fields, cfg, links, related, max_rounds)
            # the report keeps this output's own ranges (its own threshold); a cell that
            # fails for the attacker with the earlier output too fails the protection
            own = _audit_arrays(tree, struct, values, codes, fields, cfg, Scope(verdict_only=True))
            _count(tally, (joint.lp_solved + own.lp_solved, joint.milp_solved + own.milp_solved))
            all_ranges = {r.cell: r for r in own.ranges}
            all_ranges.update({r.cell: r for r in joint.failures})
    prot = Protection(tables=tables, reasons=_frames(codes, tables, fields))
    prot.audit = AuditResult(ok=True, lp_solved=tally.lp_solved, milp_solved=tally.milp_solved).finish(
        all_ranges.values())
    return prot


def _protect_by_changes(tables: Dict[str, pd.DataFrame], cfg: AnalysisConfig, persons: Persons,
                        known: Optional["Known"], progress=None,
                        unpublished: Optional[Dict[str, np.ndarray]] = None) -> Protection:
    """Primary suppression, then what the certificates of :mod:`.changes` need hidden.

    Every hidden cell ends with a table of whole persons (the real one with a few persons
    changed) that fits everything published and gives it another value, at least
    ``min_count`` (or 0 with hidden zeros): its range is neither one value nor inside
    ``1..min_count-1``, for the exact attacker.  With ``known`` (earlier outputs of the
    same population) those tables also keep every cell the earlier outputs published, so
    they fit what the attacker has from all the files; they reach this output's own
    threshold, which is at least the lowest of them.  The report's range of a cell is
    the values those tables give it (a part of its true range)."""
    fields = cfg.count_fields()
    values = _values(tables, fields)
    codes = _primary_codes(values, cfg)
    levels = levels_of(tables)
    unpub = {lv: (np.asarray(unpublished[lv], dtype=bool) if unpublished is not None and lv in unpublished
                  else np.zeros(values[lv].shape, dtype=bool)) for lv in levels}
    m = int(cfg.disclosure.min_count)
    for lv in levels:
        codes[lv][unpub[lv]] = _CODE[UNPUBLISHED]
    locked = {lv: np.asarray(known.cells[lv], dtype=bool) for lv in levels} if known is not None else None
    hidden, shown, _, unjoined = certify(tables, cfg, persons, {lv: c != 0 for lv, c in codes.items()}, locked,
                                         known.min_count if known is not None else None, progress,
                                         unpublished=unpub)
    solved = {}
    for lv in levels:
        # an unpublished cell of 0 or at least m tells nothing: it needs no range
        hidden[lv] = hidden[lv] & ~(unpub[lv] & ((values[lv] < 1) | (values[lv] >= m)))
        codes[lv][hidden[lv] & (codes[lv] == 0)] = _CODE[SECONDARY]
        for r, f in zip(*np.nonzero(hidden[lv])):
            if (lv, int(r), int(f)) in shown:
                solved[Cell(lv, int(r), int(f))] = tuple(float(v) for v in shown[(lv, int(r), int(f))]) + (False,)
    tree, struct, tally = _Tree(tables), structure(cfg), AuditResult(ok=True)
    # the search is greedy over a few kinds of changes: a cell it found no certificate for
    # gets the exact audit (an outside review found such cells with zeros hidden, the
    # exact range 0..2 passing); a cell that fails that too fails the protection
    rest = {Cell(lv, int(r), int(f)) for lv in levels for r, f in zip(*np.nonzero(hidden[lv]))} - set(solved)
    if rest:
        exact = _audit_arrays(tree, struct, values, codes, fields, cfg, Scope(verdict_only=True, only=rest))
        _count(tally, (exact.lp_solved, exact.milp_solved))
        solved.update({r.cell: (r.min, r.max, r.exact) for r in exact.ranges})
    failing = []
    if unjoined:  # the same with the earlier outputs' counts published, at the lowest threshold
        joint_cfg = dataclasses.replace(cfg, disclosure=dataclasses.replace(cfg.disclosure, min_count=known.min_count))
        view = {lv: np.where(locked[lv], 0, codes[lv]).astype(np.int8) for lv in levels}
        joint = _audit_arrays(tree, struct, values, view, fields, joint_cfg,
                              Scope(verdict_only=True, only={Cell(*c) for c in unjoined}))
        _count(tally, (joint.lp_solved, joint.milp_solved))
        failing = joint.failures
    prot = Protection(tables=tables, reasons=_frames(codes, tables, fields))
    ranges = {r.cell: r for r in _ranges(tree, codes, fields, int(cfg.disclosure.min_count), solved, True)}
    ranges.update({r.cell: r for r in failing})
    prot.audit = AuditResult(ok=True, lp_solved=tally.lp_solved, milp_solved=tally.milp_solved).finish(ranges.values())
    return prot


@dataclass
class Known:
    """What earlier outputs of the same population published, as :func:`protect` takes
    it: per level the cells (areas x count fields) they give away, and the lowest
    ``min_count`` among them and this output (the rule all of them together keep: a
    file of threshold 5 already shows counts of 5 to 9 that one of threshold 10 hides)."""

    cells: Dict[str, np.ndarray]
    min_count: int

    def __or__(self, other: "Known") -> "Known":
        return Known({lv: self.cells[lv] | other.cells[lv] for lv in self.cells}, min(self.min_count, other.min_count))


def _refuse(what: str) -> None:
    raise ValueError(tr("the earlier output {what}: the two cannot be protected together").format(what=what))


def known_cells(earlier: Dict[str, pd.DataFrame], earlier_rule, tables: Dict[str, pd.DataFrame],
                cfg: AnalysisConfig) -> Known:
    """The cells of ``tables`` that the published tables ``earlier`` (an earlier output
    of the same population: its NULL counts hidden; ``earlier_rule`` its
    :class:`~..config.DisclosureConfig`) give away, as :func:`protect`'s ``known``
    (several earlier outputs: ``a | b``).  An area of ``earlier`` that ``tables`` lacks
    is ignored.  Refused (ValueError) where the joint audit would not be exact: a count
    field this configuration does not count (an earlier overlap or stacking count bounds
    these cells too), a published count other than the true one (another population,
    peildatum or definition), a rounded earlier output, or zeros published by one and
    hidden by the other (the attacker's lowest value of a hidden cell differs)."""
    fields = cfg.count_fields()
    if int(earlier_rule.rounding_base) >= 2:
        _refuse(tr("is rounded"))
    if bool(earlier_rule.publish_zero) != bool(cfg.disclosure.publish_zero):
        _refuse(tr("publishes zeros and this one hides them, or the other way round"))
    levels = levels_of(tables)
    # areas of an own division the earlier output published and this run does not model:
    # their sums of buurten would be equations the joint audit lacks (an earlier output
    # without a division publishes nothing of this run's areas)
    if DIVISION in earlier and len(earlier[DIVISION]) and DIVISION not in levels:
        _refuse(tr("has another own area division (or none)"))
    if DIVISION in levels and DIVISION in earlier and DIVISION in earlier["buurt"].columns:
        mine = tables["buurt"].set_index("code")[DIVISION].fillna("").astype(str)
        theirs = earlier["buurt"].set_index("code")[DIVISION].fillna("").astype(str)
        both = mine.index.intersection(theirs.index)
        if (mine[both] != theirs[both]).any():
            _refuse(tr("has another own area division (or none)"))
    shared = [level for level in levels if level in earlier]
    for level in shared:
        extra = [c for c in earlier[level].columns if str(c).endswith("_n") and c not in fields]
        if extra:
            _refuse(tr("counts '{field}', which this configuration does not").format(field=extra[0]))
    out = {level: np.zeros((len(tables[level]), len(fields)), dtype=bool) for level in levels}
    for level in shared:
        mine, theirs = tables[level], earlier[level]
        row = pd.Series(np.arange(len(mine)), index=mine["code"].astype(str))
        at = row.reindex(theirs["code"].astype(str)).to_numpy()
        ok = ~np.isnan(at)
        mask = np.zeros((len(mine), len(fields)), dtype=bool)
        for j, f in enumerate(fields):
            if f not in theirs.columns:
                continue
            v = pd.to_numeric(theirs[f], errors="coerce").astype("float64").to_numpy()
            shown = ok & ~np.isnan(v)
            r = at[shown].astype(np.int64)
            if (mine[f].to_numpy(dtype=np.float64)[r] != v[shown]).any():
                _refuse(tr("published other counts for {level} '{field}' (another population, peildatum or "
                           "definition)").format(level=level, field=f))
            mask[r, j] = True
        out[level] = mask
    return Known(out, min(int(earlier_rule.min_count), int(cfg.disclosure.min_count)))


def _protect_jointly(tree: _Tree, struct: Structure, values, codes, known: Known, fields, cfg, links, related,
                     max_rounds: int) -> AuditResult:
    """Hide more in this output until the audit also holds for an attacker who has the
    cells ``known`` from earlier outputs, with the lowest threshold of them all (every
    output on its own keeps its own): they are published in the attacker's view,
    and a cell of this output is never hidden for them (hiding it changes nothing), so
    the repair chooses among the others.  Only cells are added to ``codes``: this
    output on its own stays safe (hiding more never makes a safe cell unsafe), and each
    cell added is safe against the stronger attacker, so against this output alone too.
    Returns the audit in the attacker's view.  (Issue #19: a gemeente publishes the
    same registrations with min_count 5 and 10; WK085602 armoede 16 of one file minus
    7 and 7 of the other gave BU08560298 = 2.)"""
    cfg = dataclasses.replace(cfg, disclosure=dataclasses.replace(cfg.disclosure, min_count=known.min_count))
    known = {lv: np.asarray(known.cells[lv], dtype=bool) for lv in tree.levels}
    choice = {lv: np.where(known[lv], 0.0, values[lv]) for lv in tree.levels}  # never a candidate
    view = {lv: np.where(known[lv], 0, codes[lv]).astype(np.int8) for lv in tree.levels}
    check = None
    result = AuditResult(ok=True)
    lp = milp = 0
    for _ in range(max_rounds):
        result = _audit_arrays(tree, struct, values, view, fields, cfg, Scope(verdict_only=True, only=check))
        lp, milp = lp + result.lp_solved, milp + result.milp_solved
        if result.ok:
            break
        before = {lv: c != 0 for lv, c in view.items()}
        touched = _repair(result.failures, choice, view, tree, related)
        if not touched:
            break
        _settle(choice, view, links, tree, cfg, touched)
        for lv in tree.levels:  # the group rule may hide a known parent: the attacker still has it
            view[lv][known[lv]] = 0
        check = {f.cell for f in result.failures}
        for lv, c in view.items():
            check.update((lv, int(r), int(f)) for r, f in zip(*np.nonzero((c != 0) & ~before[lv])))
    for lv in tree.levels:
        added = (view[lv] != 0) & (codes[lv] == 0)
        codes[lv][added] = view[lv][added]
    final = _audit_arrays(tree, struct, values, view, fields, cfg, Scope(verdict_only=True))
    final.lp_solved += lp
    final.milp_solved += milp
    return final


def _rows_of(tree: _Tree, g: int) -> Dict[str, np.ndarray]:
    """The rows of every level (buurt, wijk, gemeente, own areas) of gemeente row ``g``."""
    return {lv: np.flatnonzero(tree.gem[lv] == g) for lv in tree.levels}


def _neighbourhood(tree: _Tree, level: str, row: int) -> Dict[str, set]:
    """An area, its parents, its siblings and its children (rows per level)."""
    out = {lv: set() for lv in tree.levels}
    out[level].add(row)
    for parent in tree.parents(level):
        prow = tree.parent_rows(level, parent)
        p = int(prow[row])
        if p >= 0:
            out[parent].add(p)
            out[level].update(np.flatnonzero(prow == p).tolist())
    for child in tree.children(level):
        out[child].update(np.flatnonzero(tree.parent_rows(child, level) == row).tolist())
    return out


def _prune_candidates(tree: _Tree, values, codes) -> Dict[int, List[Cell]]:
    """Per gemeente row (of at most ``_PRUNE_MAX_CELLS`` hidden cells), its secondary cells
    under a hidden parent, largest count first, then the code and the field."""
    cands = set()
    for level, parent in tree.edges:
        prow = tree.parent_rows(level, parent)
        ok = prow >= 0
        sec = (codes[level] == _CODE[SECONDARY]) & ok[:, None]
        under = np.zeros_like(sec)
        under[ok] = codes[parent][prow[ok]] != 0
        gem = tree.gem[level]
        for r, f in zip(*np.nonzero(sec & under)):
            cands.add((-values[level][r, f], tree.codes[level][r], int(f), Cell(level, int(r), int(f)), int(gem[r])))
    by_gem: Dict[int, List[Cell]] = {}
    for cand in sorted(cands):
        by_gem.setdefault(cand[4], []).append(cand[3])
    return {g: cells for g, cells in by_gem.items()
            if sum(int((codes[lv][rows] != 0).sum()) for lv, rows in _rows_of(tree, g).items()) <= _PRUNE_MAX_CELLS}


def _prune(tree: _Tree, struct: Structure, values, codes, fields, cfg, all_ranges, tally: AuditResult) -> None:
    """Publish again the secondary cells a hidden parent made unnecessary.

    A lone hidden buurt first gets a sibling as partner; when its wijk is hidden later
    (as a partner at the gemeente level), the wijk may protect it on its own.  Each such
    secondary cell under a hidden parent is published again if the audit still passes
    without it: all candidates of an independent component at once, and when that fails
    one by one (largest counts first, then the code: deterministic), each against the
    components around it.  Components share no figure, so each step audits all of them
    together.  Only in gemeenten with at most ``_PRUNE_MAX_CELLS`` hidden cells: in big
    ones the one-by-one tries take many steps, and they keep their partners."""
    by_gem = _prune_candidates(tree, values, codes)
    if not by_gem:
        return

    # Gemeenten share no figure, and neither do the independent components of the
    # current pattern: publishing a candidate changes only the component it is hidden in.
    # So every component decides on its own candidates, all components in one audit.
    label: Dict[Cell, int] = {}
    _audit_arrays(tree, struct, values, codes, fields, cfg, Scope(gemeenten=sorted(by_gem)), labels=label)
    by_comp: Dict[int, list] = {}
    for g, cells in by_gem.items():
        for cell in cells:
            by_comp.setdefault(label[cell], []).append(cell)

    def failing(result) -> set:
        """The components (of the pattern before pruning) holding a failing cell."""
        return {label[fl.cell] for fl in result.failures}

    # all of a component's candidates at once; components without a candidate stay as
    # they are, so only the cells of the others are audited
    changing = {cell for cell, c in label.items() if c in by_comp}
    for cells in by_comp.values():
        for cell in cells:
            codes[cell.level][cell.row, cell.col] = 0
    result = _audit_arrays(tree, struct, values, codes, fields, cfg,
                           Scope(gemeenten=sorted(by_gem), verdict_only=True, only=changing))
    _count(tally, (result.lp_solved, result.milp_solved))
    bad = failing(result)
    # Every pattern tried from here hides more than this one, so a cell safe now stays
    # safe (the tables that showed it still fit).  Only the cells failing now and the
    # candidates hidden again need checking.
    kept = {rg.cell: rg for rg in result.ranges if not rg.fails}
    at_risk = {fl.cell for fl in result.failures}
    at_risk |= {cell for c in bad for cell in by_comp[c]}
    for c in bad:
        for cell in by_comp[c]:
            codes[cell.level][cell.row, cell.col] = _CODE[SECONDARY]
    # then one by one (largest count first), the i-th candidate of every such component
    # in the same audit, each checked against the components around it
    queue = {c: by_comp[c] for c in sorted(bad) if len(by_comp[c]) > 1}
    gem_of = tree.gem
    for i in range(max((len(cells) for cells in queue.values()), default=0)):
        step = {c: cells[i] for c, cells in queue.items() if i < len(cells)}
        focus = {lv: set() for lv in tree.levels}
        for cell in step.values():
            codes[cell.level][cell.row, cell.col] = 0
            for lv, rows in _neighbourhood(tree, cell.level, cell.row).items():
                focus[lv] |= rows
        gems = sorted({int(gem_of[cell.level][cell.row]) for cell in step.values()})
        result = _audit_arrays(tree, struct, values, codes, fields, cfg,
                               Scope(gemeenten=gems, focus=focus, verdict_only=True, only=at_risk))
        _count(tally, (result.lp_solved, result.milp_solved))
        for c in failing(result):
            # only a component with a candidate in this step can have changed; were it
            # another, all its candidates are hidden again
            for cell in [step[c]] if c in step else by_comp[c]:
                codes[cell.level][cell.row, cell.col] = _CODE[SECONDARY]
    # the components that went one by one are audited once more as they end up (a
    # failure there is not expected: it hides the component's candidates again; should
    # even that fail, protect() returns a failing audit and nothing is written)
    for _ in range(3 if bad else 0):
        check = {Cell(lv, int(r), int(f)) for lv in tree.levels for r, f in zip(*np.nonzero(codes[lv] != 0))
                 if Cell(lv, int(r), int(f)) in at_risk}
        gems = sorted({int(gem_of[cell.level][cell.row]) for cell in check})
        result = _audit_arrays(tree, struct, values, codes, fields, cfg,
                               Scope(gemeenten=gems, verdict_only=True, only=check))
        _count(tally, (result.lp_solved, result.milp_solved))
        kept.update({rg.cell: rg for rg in result.ranges})
        if result.ok:
            break
        for c in failing(result):
            for cell in by_comp[c]:
                codes[cell.level][cell.row, cell.col] = _CODE[SECONDARY]
    for key in changing:
        all_ranges.pop(key, None)
    for key, rg in kept.items():
        if codes[key.level][key.row, key.col] != 0:
            all_ranges[key] = rg


def _settle(values, codes, links, tree: _Tree, cfg, gemeenten=None) -> None:
    """Inheritance and the group rule, repeated until neither hides anything more.
    ``gemeenten``: only their groups can have changed (gemeenten share no figure)."""
    while _inherit(values, codes, links) | _protect_groups(values, codes, tree, cfg, gemeenten):
        pass


def _related_fields(struct: Structure) -> np.ndarray:
    """fields x fields: whether two count fields share a variable of the structure, or
    variables tied by one of its link rows (the stacking chain). Only a related field of
    the same area narrows or widens a cell's range directly. In the grouped model an
    indicator of one theme is not related to an indicator of another theme, only to the
    fields of its own group and the chain; in the atom model two fields are unrelated only
    when nobody can be in both (an expression ``a AND NOT b`` and ``b``)."""
    p = struct.pattern.astype(np.int64)
    related = (p @ p.T) > 0
    if struct.links.size:
        tied = ((p @ (struct.links != 0).astype(np.int64).T) > 0).astype(np.int64)
        related |= (tied @ tied.T) > 0
    return related


def _repair(failures, values, codes, tree: _Tree, related: Optional[np.ndarray] = None) -> set:
    """Hide the cheapest published cell linked to each failing cell; the gemeenten touched.

    Linked means: another related field (:func:`_related_fields`) of the same area, a
    sibling, the parent or a child in the same field. (Hiding an unrelated field changes
    nothing the attacker can work out about the failing cell, so rounds were spent on it.)
    The search walks through hidden cells (that is how an attacker's reasoning travels)
    and stops at the nearest distance that has a published non-zero cell; among those a
    buurt goes before a wijk before a gemeente, then the smallest count, then the code."""

    kids = {(c, p): pd.Series(np.arange(tree.n[c])).groupby(tree.parent_rows(c, p)).indices for c, p in tree.edges}

    def neighbours(cell, related):
        lv, r, f = cell
        nf = values[lv].shape[1]
        out = [(lv, r, g) for g in range(nf) if g != f and (related is None or related[f, g])]
        for parent in tree.parents(lv):
            p = tree.parent_rows(lv, parent)[r]
            if p >= 0:
                out.append((parent, p, f))
                out += [(lv, s, f) for s in kids[(lv, parent)].get(p, ()) if s != r]
        for child in tree.children(lv):
            out += [(child, c, f) for c in kids[(child, lv)].get(r, ())]
        return out

    def candidates(start, related):
        seen, queue, cands, depth_found = {start}, deque([(start, 0)]), [], None
        while queue:
            cell, d = queue.popleft()
            if depth_found is not None and d >= depth_found:
                break
            for nb in neighbours(cell, related):
                if nb in seen:
                    continue
                seen.add(nb)
                lv, r, f = nb
                if codes[lv][r, f] != 0:
                    queue.append((nb, d + 1))
                elif values[lv][r, f] > 0:
                    cands.append((_RANK[lv], values[lv][r, f], tree.codes[lv][r], f, lv, r))
                    depth_found = d + 1
        return cands

    touched = set()
    for fail in failures:
        # related fields first; when none of them can be hidden any more, every field
        cands = candidates(fail.cell, related) or (candidates(fail.cell, None) if related is not None else [])
        if not cands:
            continue
        _, _, _, f_, lv, r_ = min(cands, key=lambda t: t[:4])
        codes[lv][r_, f_] = _CODE[SECONDARY]
        touched.add(int(fail.gemeente_row))
    return touched

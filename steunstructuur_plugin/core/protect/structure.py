"""How persons make up the published counts: the attacker's variables of one buurt.

In: the configuration.  Out: a :class:`Structure`: the variables of a buurt (whole numbers
of persons, at least 0), which of them each count field sums (``pattern``), and the
equalities that tie them together within the buurt (``links``).

Up to :data:`ATOM_MODEL_MAX` indicators the variables are the *atoms* (:func:`.model.field_atoms`):
one per combination of indicators a person can be in, 2^K - 1 at most.  Beyond that the
model follows the published figures instead (the *grouped* model):

* indicators are grouped so that no published figure but stacking uses indicators of two
  groups: the indicators of a published theme, an expression, an overlap pair, a stacking
  unit, or sharing a category, are one group.  A group's variables are its own atoms
  (persons by the combination of the group's indicators they are in); a group has at most
  :data:`MAX_GROUP_INDICATORS` indicators;
* without stacking, groups share nothing: a person in two groups can be seen as two
  persons, one in each, and every table of the groups' atoms is a table of persons;
* stacking counts persons by how many stacking units they are in, summed over groups.  A
  chain carries that sum from group to group: per group, transition variables
  ``t[s, a]`` count the persons arriving with ``s`` units so far (capped at 3) who take
  ``a`` units in this group; a link ties the persons taking ``a`` units to the group's
  atoms with ``a`` units, another that those leaving a group with ``s`` units arrive at the
  next with ``s``.  The stacking counts sum the last group's transitions ending at 2+ or
  3+.

The grouped model is exact, not a bound: every table of whole numbers that meets the
links is a table of whole persons (follow each person along the chain and give them one
of the group's atoms with as many units), and every table of persons is one of these.
So an attacker solving it learns exactly what one solving the atom model learns
(``tests/core/protect/test_structure.py`` checks the ranges are equal).  Its size is the
sum over groups, not the product: 50 indicators in 7 themes of 7 need 7 x 127 atoms and
7 x 8 transitions per buurt, instead of 2^50.
"""

from dataclasses import dataclass
from typing import List, Tuple

import numpy as np

from ..config import AnalysisConfig, ConfigError
from ..count.aggregate import _field_flags
from ..count.expressions import expression_terms

#: up to this many indicators the audit's variables are the atoms of all of them
ATOM_MODEL_MAX = 6

#: indicators in one group of the grouped model (2^10 - 1 atoms per buurt)
MAX_GROUP_INDICATORS = 10

_STACKING = ("stapeling_2plus_n", "stapeling_3plus_n")


@dataclass(frozen=True)
class Structure:
    """The variables of one buurt: ``pattern`` (fields x variables, bool) says which
    variables each count field sums; each row of ``links`` (links x variables, -1/0/1)
    is an equality ``links @ x == 0`` within the buurt.  ``persons``: every variable is
    a number of persons of one atom (no links), so tables can be changed by moving
    persons between buurten (:func:`.certificates._pair_moves`)."""

    pattern: np.ndarray
    links: np.ndarray
    persons: bool
    #: what each variable counts, for reports and tests
    names: Tuple[str, ...]

    @property
    def nv(self) -> int:
        return self.pattern.shape[1]


def structure(cfg: AnalysisConfig, grouped=None) -> Structure:
    """The audit's variables for ``cfg``: the atom model up to :data:`ATOM_MODEL_MAX`
    indicators, else the grouped model (``grouped`` forces one or the other)."""
    from .model import field_atoms

    if grouped is None:
        grouped = len(cfg.indicators) > ATOM_MODEL_MAX
    if not grouped:
        names, pattern = field_atoms(cfg)
        return Structure(pattern, np.zeros((0, pattern.shape[1]), dtype=np.int8), True,
                         tuple("+".join(n) for n in names))
    return _grouped(cfg)


def indicator_groups(cfg: AnalysisConfig) -> List[List[str]]:
    """The indicators in groups that no published figure but stacking links; a group of
    more than :data:`MAX_GROUP_INDICATORS` is a configuration error naming what links it."""
    inds = list(cfg.indicators)
    parent = {ind: ind for ind in inds}
    why = {}

    def root(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def join(names, reason):
        names = list(names)
        for other in names[1:]:
            a, b = root(names[0]), root(other)
            if a != b:
                parent[b] = a
                why.setdefault(a, []).append(reason)

    by_cat = {}
    for ind, cats in cfg.indicator_categories().items():
        for cat in cats:
            by_cat.setdefault(cat, []).append(ind)
    for cat, members in by_cat.items():
        join(members, f"category '{cat}'")
    for name in cfg.map_indicators():
        join(expression_terms(cfg.definition(name)), f"'{name}'")
    for a, b in cfg.overlaps:
        join(expression_terms(cfg.definition(a)) + expression_terms(cfg.definition(b)), f"overlap {a} x {b}")
    for unit in cfg.stacking_units():
        join(unit, "a stacking unit")
    groups = {}
    for ind in inds:
        groups.setdefault(root(ind), []).append(ind)
    for r, members in groups.items():
        if len(members) > MAX_GROUP_INDICATORS:
            reasons = sorted(set(why.get(r, [])))
            raise ConfigError(
                f"the disclosure audit links {len(members)} indicators ({', '.join(members[:4])}, ...) through "
                f"{', '.join(reasons[:5])}; at most {MAX_GROUP_INDICATORS} indicators may be linked by themes, "
                "expressions, overlaps or shared categories (stacking over themes links them only by the theme)")
    return list(groups.values())


def _possible(cfg: AnalysisConfig, members: List[str]) -> List[int]:
    """The possible combinations (bit masks over ``members``) of a group: those the
    categories of its indicators can make (a category in two indicators puts a person in
    both; see :func:`.model.field_atoms`)."""
    index = {ind: i for i, ind in enumerate(members)}
    cat_mask = {}
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
        if reach == s:
            out.append(s)
    return out


def _grouped(cfg: AnalysisConfig) -> Structure:
    fields = cfg.count_fields()
    col = {f: j for j, f in enumerate(fields)}
    inds = list(cfg.indicators)
    where = {ind: i for i, ind in enumerate(inds)}
    units = cfg.stacking_units()
    chained = len(units) >= 2 and "stapeling_2plus_n" in col
    cap = 3 if "stapeling_3plus_n" in col else 2
    columns, names = [], []  # per variable: (fields it sums) as a bool column
    link_rows = []  # lists of (variable, coefficient)
    chain = []  # per group with stacking units: {a: [atom variables]}
    for members in indicator_groups(cfg):
        masks = _possible(cfg, members)
        member = np.zeros((len(masks), len(inds)), dtype=bool)
        for r, s in enumerate(masks):
            for i, ind in enumerate(members):
                member[r, where[ind]] = bool(s >> i & 1)
        flags = _field_flags(member, cfg)
        taken = np.zeros(len(masks), dtype=np.int64)
        for unit in units:
            if unit[0] in members:
                taken += member[:, [where[ind] for ind in unit]].any(axis=1)
        by_taken = {}
        for r, s in enumerate(masks):
            column = np.array([bool(flags[f][r]) if f not in _STACKING else False for f in fields])
            by_taken.setdefault(int(taken[r]), []).append(len(columns))
            columns.append(column)
            names.append("+".join(ind for i, ind in enumerate(members) if s >> i & 1))
        if chained and taken.max() > 0:
            chain.append(by_taken)
    if chained:
        _chain(chain, cap, fields, col, columns, names, link_rows)
    pattern = np.column_stack(columns) if columns else np.zeros((len(fields), 0), dtype=bool)
    links = np.zeros((len(link_rows), len(columns)), dtype=np.int8)
    for r, row in enumerate(link_rows):
        for var, coef in row:
            links[r, var] += coef
    return Structure(pattern, links, not len(link_rows), tuple(names))


def _chain(chain, cap: int, fields, col, columns, names, link_rows) -> None:
    """Transition variables and links that carry the number of stacking units a person
    is in from group to group (see the module's docstring); appends to the lists."""
    arriving = {}  # state -> variables of persons leaving the previous group with it
    for q, by_taken in enumerate(chain):
        most = max(by_taken)
        taking = {a: [] for a in range(most + 1)}
        starting, leaving = {}, {}
        for s in [0] + sorted(arriving):  # only states someone arrives with
            for a in range(most + 1):
                if s == 0 and a == 0:
                    continue  # nobody counted yet, and nothing here: not needed
                var = len(columns)
                columns.append(np.zeros(len(fields), dtype=bool))
                names.append(f"chain {q}: {s} then {a}")
                taking[a].append(var)
                starting.setdefault(s, []).append(var)
                leaving.setdefault(min(cap, s + a), []).append(var)
        for a in range(1, most + 1):  # persons taking a units here are the atoms with a units
            link_rows.append([(v, 1) for v in taking[a]] + [(v, -1) for v in by_taken.get(a, [])])
        for s, previous in arriving.items():  # who leaves with s units arrives with s
            link_rows.append([(v, 1) for v in previous] + [(v, -1) for v in starting.get(s, [])])
        arriving = {s: vs for s, vs in leaving.items() if s >= 1}
    for s, vs in arriving.items():
        for f, k in (("stapeling_2plus_n", 2), ("stapeling_3plus_n", 3)):
            if f in col and s >= k:
                for v in vs:
                    columns[v][col[f]] = True

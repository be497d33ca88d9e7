"""Inflow and outflow between consecutive peildata, in one table with the stocks (issue #21, item 2).

In: a series' records (pseudonymised and located, each with its start and end date:
what :func:`..pipeline._run_series` reads once), the configuration and its peildata.
Out: the *flow model* (:func:`flow_model`): one analysis whose count fields are every
count of every peildatum (indicators, themes, expressions, overlaps, stacking) and, per
map indicator and pair of consecutive peildata, its inflow and outflow; its records
(:func:`flow_records`), which the usual counting (:func:`..count.aggregate.aggregate`)
and protection (:func:`..protect.protect`, with :func:`..protect.changes.persons_of`)
take as they are; and the tables back per peildatum, the flows as columns
(:func:`split_flows`).

**What a flow is.**  A unit (person, or household) counts at each peildatum in its home
buurt of that date, as at one peildatum.  For an area A, a map indicator X and
consecutive peildata s < t: ``instroom`` at t counts the units in X in A at t that were
not in X in A at s (they entered X, or moved into a buurt of A while in X); ``uitstroom``
those in X in A at s that are not at t.  So at every level, exactly,
``stock(t) = stock(s) + instroom(t) - uitstroom(t)``.  An area's flows are the sums of its
buurten's: a move between two buurten of one wijk is an outflow of the one and an inflow
of the other, in the wijk's figures too.  That keeps every published figure a sum over
buurten, which the audit relies on.

**Why one analysis.**  The flows tie the peildata together by equations, so the attacker
who has the series with its flows knows more than each peildatum's figures: a hidden
stock can come back as ``stock(s) + in - out``.  The flow model audits all peildata and
flows together, exactly: its units are *stays* (a unit in one home buurt; a unit that
moves is one stay per buurt), each with the indicators it is in at every peildatum, and
every figure is a count of stays.  Every table of stays is a table of real units (each
stay one unit), and every table of real units is one of stays, so the attacker who
solves the model learns exactly what the figures tell.  The model's indicators are the
configuration's at every peildatum (``i<j>_t<k>``); its audit groups them per peildatum
(``audit_groups``), so that the grouped model of :mod:`..protect.structure` links the
peildata through a chain that carries only what a unit was at the peildatum before:
3 indicators over 12 peildata with their overlaps, stacking and flows take 784
variables per buurt.
"""

from dataclasses import dataclass, field, replace
from itertools import combinations
from typing import Dict, List, Optional, Tuple

import numpy as np
import pandas as pd

from ...i18n import tr
from ..config import (
    MAX_INDICATORS,
    REACH_CATEGORY,
    AnalysisConfig,
    ConfigError,
    ProvisionsConfig,
    normalise_category_name,
)
from ..count.aggregate import _home_codes, _unit_codes
from ..count.expressions import parse_expression
from ..read.registrations import active_on

#: the two flows of a map indicator, as column names ``<indicator>_<flow>_n``
FLOW_IN, FLOW_OUT = "instroom", "uitstroom"
FLOWS = (FLOW_IN, FLOW_OUT)

#: the flow model's audit variables per buurt, at most (estimated before it is built: see
#: :func:`flow_model`; 8 indicators over 12 peildata would take 724,200 and minutes)
MAX_FLOW_VARIABLES = 100_000


def flow_column(indicator: str, flow: str) -> str:
    """The published column of a map indicator's inflow or outflow."""
    return f"{indicator}_{flow}_n"


@dataclass
class FlowModel:
    """The flow model of a series: ``config`` is the one analysis (every peildatum's
    counts and the flows as count fields), ``peildata`` its dates, and ``columns`` per
    count field of ``config`` the peildatum (its index) and the column it is there (the
    configuration's count field, or a :func:`flow_column`)."""

    config: AnalysisConfig
    peildata: List[str]
    columns: Dict[str, Tuple[int, str]] = field(default_factory=dict)
    #: the series' own configuration
    original: Optional[AnalysisConfig] = None

    def output_columns(self, t: int) -> List[str]:
        """The count columns of peildatum ``t`` (its index), in order: the configuration's
        count fields, then (after the first peildatum) each map indicator's inflow and outflow."""
        flows = [flow_column(n, f) for n in self.original.map_indicators() for f in FLOWS] if t else []
        return self.original.count_fields() + flows


def flow_model(cfg: AnalysisConfig) -> FlowModel:
    """The flow model of a series configuration (see the module's docstring).  A
    :class:`..config.ConfigError` when the configuration has no series, distances to
    provisions (reach), more indicators over all peildata than one analysis holds, or an
    audit beyond :data:`MAX_FLOW_VARIABLES` per buurt."""
    dates = cfg.source.peildata()
    if len(dates) < 2:
        raise ConfigError(tr("inflow and outflow need a series of peildata"))
    if cfg.reach_pseudo():
        raise ConfigError(tr("inflow and outflow are not counted together with distances to provisions"))
    from ..protect.structure import MAX_GROUP_INDICATORS, indicator_groups

    inds, themes, exprs = list(cfg.indicators), list(cfg.themes), list(cfg.expressions)
    if len(inds) * len(dates) > MAX_INDICATORS:
        raise ConfigError(tr("inflow and outflow: {k} indicators at {n} peildata are more than one analysis "
                             "holds ({max}); choose fewer indicators or peildata").format(
                                 k=len(inds), n=len(dates), max=MAX_INDICATORS))
    # one group per peildatum: its combinations of indicators, and the chain's transitions
    # from the group before (at most 2^k states) into them: at most this many variables per
    # buurt (3 indicators over 12 peildata: 864, the model has 784; 8 over 12: 789,504).
    # Beyond one group a peildatum, the chain also carries cross-group figures: counted
    # per map indicator, an estimate that may refuse more than it must
    k = len(inds)
    size = (len(dates) * (2 ** k + 4 ** k) if k <= MAX_GROUP_INDICATORS
            else len(dates) * 2 ** k * 2 ** len(cfg.map_indicators()))
    if size > MAX_FLOW_VARIABLES:
        raise ConfigError(tr("inflow and outflow: the disclosure audit of {k} indicators ({m} maps) over {n} "
                             "peildata would need about {size} variables per buurt (at most {max}); choose fewer "
                             "indicators").format(k=len(inds), m=len(cfg.map_indicators()), n=len(dates),
                                                  size=f"{size:,}", max=f"{MAX_FLOW_VARIABLES:,}"))
    number = {**{n: f"i{j}" for j, n in enumerate(inds)}, **{n: f"h{j}" for j, n in enumerate(themes)},
              **{n: f"e{j}" for j, n in enumerate(exprs)}}
    names = set(inds) | set(themes)

    def tree_of(name: str):
        return parse_expression(cfg.expressions[name], names) if name in cfg.expressions else name

    def text(tree, t: int) -> str:
        if isinstance(tree, str):
            return f"{number[tree]}_t{t}"
        if tree[0] == "not":
            return f"NOT ({text(tree[1], t)})"
        return f"({text(tree[1], t)}) {tree[0].upper()} ({text(tree[2], t)})"

    def at(name: str, t: int) -> str:
        return f"{number[name]}_t{t}"

    out = FlowModel(config=cfg, peildata=list(dates), original=cfg)
    indicators, theme_specs, expressions, overlaps = {}, {}, {}, []
    for t in range(len(dates)):
        for n in inds:
            # the categories as registrations carry them ('WMO  begeleiding' is wmo_begeleiding)
            indicators[at(n, t)] = [f"{normalise_category_name(c)}@{t}" for c in cfg.indicators[n]]
        for n, spec in cfg.themes.items():
            if isinstance(spec, dict):
                theme_specs[at(n, t)] = {**spec, "indicators": [at(m, t) for m in spec["indicators"]]}
            else:
                theme_specs[at(n, t)] = [at(m, t) for m in spec]
        for n in exprs:
            expressions[at(n, t)] = text(tree_of(n), t)
        overlaps += [(at(a, t), at(b, t)) for a, b in cfg.overlaps]
        units = ["(" + " OR ".join(at(i, t) for i in unit) + ")" for unit in cfg.stacking_units()]
        for k, kind in ((2, "stapeling_2plus_n"), (3, "stapeling_3plus_n")):
            if len(units) >= k:  # in k or more stacking units: some k of them
                expressions[f"s{k}_t{t}"] = " OR ".join("(" + " AND ".join(c) + ")" for c in combinations(units, k))
                out.columns[f"s{k}_t{t}_n"] = (t, kind)
        for n in cfg.map_indicators():
            out.columns[f"{at(n, t)}_n"] = (t, f"{n}_n")
        for a, b in cfg.overlaps:
            out.columns[AnalysisConfig.overlap_field(at(a, t), at(b, t))] = (t, cfg.overlap_field(a, b))
        if t == 0:
            continue
        for j, n in enumerate(cfg.map_indicators()):
            now, before = text(tree_of(n), t), text(tree_of(n), t - 1)
            expressions[f"in{j}_t{t}"] = f"({now}) AND NOT ({before})"
            expressions[f"uit{j}_t{t}"] = f"({before}) AND NOT ({now})"
            out.columns[f"in{j}_t{t}_n"] = (t, flow_column(n, FLOW_IN))
            out.columns[f"uit{j}_t{t}_n"] = (t, flow_column(n, FLOW_OUT))
    # a peildatum's indicators in one group where they fit (the chain then carries what a
    # unit was at the peildatum before), else in the configuration's own groups
    own = [inds] if len(inds) <= MAX_GROUP_INDICATORS else indicator_groups(cfg)
    groups = [[at(n, t) for n in g] for t in range(len(dates)) for g in own]
    source = replace(cfg.source, reference_date=None, reference_dates=[], series={})
    out.config = AnalysisConfig(
        title=cfg.title, gemeente=cfg.gemeente, unit=cfg.unit, source=source,
        # per-indicator denominators name the configuration's indicators; counts need none
        areas=replace(cfg.areas, denominators={}),
        indicators=indicators, themes=theme_specs, expressions=expressions, overlaps=overlaps, stacking="off",
        disclosure=cfg.disclosure, provisions=ProvisionsConfig(), audit_groups=groups).validate("flow model")
    missing = set(out.config.count_fields()) ^ set(out.columns)
    assert not missing, missing
    return out


def flow_records(records: pd.DataFrame, model: FlowModel, start: np.ndarray, end: np.ndarray) -> pd.DataFrame:
    """The flow model's records: per peildatum, every record active on it (``start``,
    ``end``: its dates, NaT open) as the stay of its unit in the unit's home buurt of that
    date (the home as one peildatum chooses it: :func:`..count.aggregate._home_codes`),
    with the category marked with the peildatum.  Columns ``person`` (and ``household``,
    the same), ``category``, ``buurtcode``: a stay's key, never the pseudonym itself."""
    cfg = model.config
    unit = "household" if cfg.unit == "households" else "person"
    all_units = pd.Index(pd.unique(records[unit]))
    all_buurten = pd.Index(pd.unique(records["buurtcode"]))
    parts = []
    for t, date in enumerate(model.peildata):
        act = records.loc[active_on(start, end, date), [unit, "category", "buurtcode"]]
        if not len(act):
            continue
        u, units, c, cats, b, buurten = _unit_codes(act, unit)
        own = ~pd.Index(cats).astype(str).str.startswith(REACH_CATEGORY)[c]
        home = _home_codes(u[own], c[own], b[own], len(cats), len(buurten))  # per unit code
        home_of_row = home[u]
        stay = (all_units.get_indexer(units)[u].astype(np.int64) * len(all_buurten)
                + all_buurten.get_indexer(buurten)[home_of_row])
        parts.append(pd.DataFrame({
            "person": stay, "category": (pd.Series(np.asarray(cats, dtype=object)[c]).astype(str) + f"@{t}").to_numpy(),
            "buurtcode": np.asarray(buurten, dtype=object)[home_of_row]}))
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        {"person": np.zeros(0, dtype=np.int64), "category": [], "buurtcode": []})
    if unit == "household":
        out["household"] = out["person"]
    return out


def split_flows(tables: Dict[str, pd.DataFrame], model: FlowModel) -> Dict[str, Dict[str, pd.DataFrame]]:
    """The flow model's count tables (level -> table with its count fields; hidden cells
    NULL or not) back per peildatum: date -> level -> table with the configuration's
    count fields of that date and, from the second peildatum on, the flows into it."""
    cfg = model.config
    out: Dict[str, Dict[str, pd.DataFrame]] = {}
    fields = cfg.count_fields()
    for t, date in enumerate(model.peildata):
        field_of = {col: f for f, (k, col) in model.columns.items() if k == t}
        out[date] = {}
        for level, table in tables.items():
            got = table[[c for c in table.columns if c not in fields]].copy()
            for col in model.output_columns(t):
                got[col] = table[field_of[col]].to_numpy()
            out[date][level] = got
    return out

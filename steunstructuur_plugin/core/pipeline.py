"""The main job: registrations + buurt polygons -> safe, aggregated GeoPackage.

Called by the Processing algorithm, the dock's QgsTask, the demo and the tests.
"""

import copy
import dataclasses
import datetime
import os
from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional, Tuple

import numpy as np
import pandas as pd

from ..i18n import tr
from ..toolbelt import plugin_version
from .config import AnalysisConfig
from .count.aggregate import aggregate
from .errors import Cancelled, SteunstructuurError
from .place.areas import AreaTable
from .place.division import Division, assign_division
from .place.locate import locate, read_postcode_table
from .protect import AuditResult, audit_published, audit_report, check_published, protect, safe_tables
from .protect.changes import persons_of
from .protect.register import (
    Entry,
    Register,
    area_fingerprints,
    known_from,
    population_fingerprint,
    secret_id,
)
from .protect.solve import backstop_hits
from .publish.geopackage import (
    check_output_path,
    output_lock,
    read_metadata,
    read_series,
    read_tables,
    read_trends,
    series_layer_names,
    write_geopackage,
)
from .publish.seal import EDITED, SEALED, UNSEALED, check_seal, seal_secret, stored_seal, structure_problems
from .reach import Provisions, provision_tables, read_provisions
from .reach.distance import check_metres, with_reach_rows
from .read.pseudonymise import pseudonym_codes, settings_secret
from .read.registrations import (
    SERIES_DATES,
    ImportReport,
    NothingCounted,
    ReadWhole,
    SourceError,
    active_on,
    drop_duplicates,
    is_plain_csv,
    prepare_records,
    read_csv_chunks,
    read_table,
)
from .series import series_problems, series_tables, split_series
from .series.trend import trend_problems, trend_tables

PLUGIN_VERSION = plugin_version()
#: rows of a CSV read, validated and located at a time (memory, progress)
CHUNK_ROWS = 250_000


class DisclosureFailed(SteunstructuurError, RuntimeError):
    pass


@dataclass
class RunResult:
    safe: Dict[str, pd.DataFrame]
    report: ImportReport
    audit: AuditResult
    loss: dict
    metadata: dict = field(default_factory=dict)
    output: Optional[str] = None
    #: the seal of the output written (:mod:`.publish.seal`)
    seal: str = ""
    #: the analyst's audit report (reasons and information loss: not for publication)
    audit_text: str = ""
    #: the earlier outputs of the same population this one was protected together with
    #: (:mod:`.protect.register`), and the entry it was registered as
    earlier: List[str] = field(default_factory=list)
    entry: Optional[Entry] = None
    #: the provisions read (:mod:`.reach`), one import report per provisions file, and the
    #: configuration as published (its provision types filled in from the files)
    provisions: Optional[Provisions] = None
    provision_reports: List[ImportReport] = field(default_factory=list)
    config: Optional[AnalysisConfig] = None
    #: a series of peildata (:mod:`.series`): peildatum -> that date's safe tables (the
    #: last one is ``safe``), and per peildatum its own run
    series: Dict[str, Dict[str, pd.DataFrame]] = field(default_factory=dict)
    runs: Dict[str, "RunResult"] = field(default_factory=dict)
    #: what the publication register knows this run by (in memory only)
    population: Optional[str] = None
    area_prints: Optional[dict] = None


def _noop(percent: float, message: str) -> bool:
    return True


def run(input_path: str, areas: AreaTable, cfg: AnalysisConfig, output: Optional[str] = None,
        secret: Optional[bytes] = None, progress: Callable[[float, str], bool] = _noop,
        seal_key: Optional[bytes] = None, register: Optional[Register] = None,
        division: Optional[Division] = None) -> RunResult:
    """Read, validate, locate, aggregate, protect and (optionally) write and seal.

    ``progress(percent, message)`` returns False to cancel.  Raw records exist only in
    this function's locals and are gone when it returns.  ``register``: the publication
    register (:mod:`.protect.register`): the run is protected together with every earlier
    output of the same population in it, and an output written is added to it.
    ``division``: the gemeente's own areas (:mod:`.place.division`), counted, protected and
    written beside the buurten as the ``gebied`` level.
    """
    if division is not None:  # each buurt's own area, or a refusal naming a buurt it cuts
        areas = assign_division(areas, division)
    job = _run_series if cfg.source.peildata() else _run
    if output:  # refused before anything is read: an output that is an input, or being written
        check_output_path(output, [(tr("the registrations file"), input_path),
                                   (tr("the area layer's file"), areas.source)])
        with output_lock(output):
            return job(input_path, areas, cfg, output, secret, progress, seal_key, register)
    return job(input_path, areas, cfg, output, secret, progress, seal_key, register)


def _run_series(input_path, areas, cfg, output, secret, progress, seal_key, register) -> RunResult:
    """A series of peildata (:mod:`.series`): the registrations read once, each record
    with its dates (refused where some count could only rise or fall: :func:`_check_changes`);
    then every peildatum counted from the records active on it, protected and audited on
    its own (and with the register's earlier outputs of that date's population), as a run
    of that peildatum alone; then one output with the last peildatum as the main layers,
    every peildatum in the series layers and their trends.  Any date that fails stops the
    run before anything is written."""
    dates = cfg.source.peildata()
    secret = secret if secret is not None else settings_secret()
    provisions, provision_reports, cfg = read_run_provisions(cfg, areas, input_path)
    # read once, every record with its dates; then each peildatum selects the records active on it
    records, report, rows = _read_records(
        input_path, cfg, areas, secret, _stepper(lambda pct, msg: progress(0.3 * pct, msg)), register is not None)
    for c in SERIES_DATES:  # no record read: nothing to select (each peildatum then says nothing was counted)
        if c not in records.columns:
            records[c] = pd.Series(pd.NaT, index=records.index, dtype="datetime64[ns]")
    start, end = (records[c].to_numpy(dtype="datetime64[ns]") for c in SERIES_DATES)
    _check_changes(records, start, end, dates, areas, cfg)
    runs: Dict[str, RunResult] = {}
    for i, date in enumerate(dates):
        one = dataclasses.replace(cfg, source=dataclasses.replace(
            cfg.source, reference_date=date, reference_dates=[], series={}))

        def sub(pct, msg, i=i, date=date):
            return progress(30.0 + 60.0 * (i + pct / 100.0) / len(dates), tr(
                "peildatum {date} ({i} of {n}): {step}").format(date=date, i=i + 1, n=len(dates), step=msg))
        active = active_on(start, end, date)
        mine = copy.deepcopy(report)
        _reject_outside(mine, records, active, start, date, one)
        rows_on = None if rows is None else [tuple(x[active_on(r[3], r[4], date)] for x in r[:3]) for r in rows]
        try:
            runs[date] = _count_and_protect(
                records.loc[active].drop(columns=list(SERIES_DATES)).reset_index(drop=True), mine, rows_on, one,
                areas, provisions, provision_reports, None, secret, _stepper(sub), seal_key, register)
        except NothingCounted as exc:  # which peildatum
            raise NothingCounted(tr("peildatum {date}: {error}").format(date=date, error=exc)) from None
    del records, rows, start, end  # the registrations (pseudonyms, dates) no longer than needed
    last = runs[dates[-1]]
    published = dataclasses.replace(last.config, source=dataclasses.replace(
        last.config.source, reference_date=None, reference_dates=list(cfg.source.reference_dates),
        series=dict(cfg.source.series)))
    result = dataclasses.replace(last, config=published, series={d: r.safe for d, r in runs.items()}, runs=runs,
                                 report=last.report, earlier=sorted({e for r in runs.values() for e in r.earlier}))
    for d, r in runs.items():  # what the other peildata's runs warned of is said too (the report is the last's)
        if r is not last:
            last.report.notes.extend(tr("peildatum {date}: {note}").format(date=d, note=n) for n in r.report.notes)
    result.metadata = build_metadata(published, last.report, last.audit, last.loss)
    result.metadata["audit"] = {"ok": all(r.audit.ok for r in runs.values()),
                                "cells_checked": sum(r.audit.cells_checked for r in runs.values()),
                                "failures": sum(len(r.audit.failures) for r in runs.values())}
    result.metadata["series"] = {"peildata": dates,
                                 "cells_hidden": {d: r.loss["cells_hidden"] for d, r in runs.items()}}
    result.audit_text = "\n\n".join([tr("a series of {n} peildata ({first} to {last}); the import report above is "
                                         "that of the last, each peildatum was counted, protected and audited on "
                                         "its own").format(n=len(dates), first=dates[0], last=dates[-1])]
                                     + [tr("Peildatum {date}").format(date=d) + "\n" + r.audit_text
                                        for d, r in runs.items()])
    if output:
        _stepper(progress)(90, tr("writing GeoPackage"))
        long = series_tables(result.series)
        result.output = write_geopackage(output, last.safe, areas, result.metadata, seal_key, last.provisions,
                                         series=long, trends=trend_tables(long, published.map_indicators()))
        result.seal = stored_seal(result.output)
        if register is not None:  # each peildatum is a population of its own
            for d, r in runs.items():
                r.entry = Entry.of_output(r.safe, r.config, r.area_prints, result.output, r.population,
                                          secret_id(secret))
                register.record(r.entry)
            result.entry = last.entry
    progress(100, tr("done"))
    return result


def _check_changes(records, start, end, dates, areas: AreaTable, cfg: AnalysisConfig) -> None:
    """Refuse a series in which, in some gemeente, nobody enters an indicator from one
    peildatum to the next, or nobody leaves it: each of its counts there could then only
    fall (or only rise), and an attacker who sees that the published counts never do
    otherwise combines the peildata (an outside review pinned hidden counts of 1-4 from
    such a series).  Entering and leaving are read from the registrations active on
    consecutive peildata (a registration between two peildata is neither).  A guard
    against that case, not a model of change: see the README's *A series of peildata*."""
    active = np.column_stack([active_on(start, end, d) for d in dates])
    enters = (~active[:, :-1] & active[:, 1:]).any(axis=1)
    leaves = (active[:, :-1] & ~active[:, 1:]).any(axis=1)
    gem = records["buurtcode"].map(dict(zip(areas.frame["code"], areas.frame["gemeentecode"]))).to_numpy()
    names = dict(zip(areas.frame["gemeentecode"], areas.frame["gemeentenaam"]))
    category = records["category"].astype(str)
    for indicator, cats in cfg.indicator_categories().items():
        mine = category.isin(cats).to_numpy() & active.any(axis=1)
        if not mine.any():
            continue
        seen = pd.DataFrame({"gem": gem[mine], "enters": enters[mine], "leaves": leaves[mine]}).groupby(
            "gem")[["enters", "leaves"]].any()
        for code, row in seen.iterrows():
            if row["enters"] and row["leaves"]:
                continue
            raise DisclosureFailed(tr(
                "gemeente {name} ({code}), {indicator}: from one peildatum to the next nobody {what} (from {first} "
                "to {last}), so each of its counts there could only {way}; an attacker who sees that could "
                "combine the peildata. Choose other peildata, leave the indicator out, or publish one "
                "peildatum").format(
                name=names.get(code) or code, code=code, indicator=indicator, first=dates[0], last=dates[-1],
                what=tr("enters it") if not row["enters"] else tr("leaves it"),
                way=tr("fall") if not row["enters"] else tr("rise")))


def _reject_outside(report: ImportReport, records, active, start, date: str, cfg: AnalysisConfig) -> None:
    """A series' import report of one peildatum: the rows read once, with those not active
    on it rejected as ``outside_period`` (named by the start date's column when they start
    later, else the end date's), so that it reconciles as one peildatum's run does."""
    later = ~active & ~np.isnat(start) & (start > np.datetime64(date, "ns"))
    per_row = records[["row"]].assign(_later=later, _out=~active).drop_duplicates("row")  # a wide row: one
    per_row = report.reject(per_row, per_row["_later"], "outside_period", cfg.source.start_date or "")
    report.reject(per_row, per_row["_out"], "outside_period", cfg.source.end_date or "")


def _run(input_path, areas, cfg, output, secret, progress, seal_key, register) -> RunResult:
    step = _stepper(progress)
    # the provisions first: a wrong provisions file stops the run before the registrations are read
    provisions, provision_reports, cfg = read_run_provisions(cfg, areas, input_path)
    secret = secret if secret is not None else settings_secret()
    records, report, rows = _read_records(input_path, cfg, areas, secret, step, register is not None)
    return _count_and_protect(records, report, rows, cfg, areas, provisions, provision_reports, output, secret,
                              step, seal_key, register)


def _stepper(progress):
    def step(pct, msg):
        if progress(pct, msg) is False:
            raise Cancelled(msg)
    return step


def _read_records(input_path, cfg, areas, secret, step, with_population: bool):
    """(records, import report, population rows): read, validated, pseudonymised and
    located; the population rows (what the publication register knows a population by)
    only ``with_population``.  For a series every record keeps its dates
    (:data:`.read.registrations.SERIES_DATES`)."""
    report = ImportReport()
    records = None
    # what the publication register knows this population by: the rows of valid keys, before
    # the configuration's categories or the area layer select any (outside review: taken
    # after them, another configuration or a layer without one buurt was another population)
    rows = [] if with_population else None
    if is_plain_csv(input_path):
        try:
            records = _read_in_chunks(input_path, cfg, areas, secret, report, step, rows)
        except ReadWhole:
            report = ImportReport()  # read it whole below (malformed rows, encoding)
            rows = [] if with_population else None
    if records is None:
        step(0, tr("reading registrations"))
        frame = read_table(input_path, cfg, report)
        step(20, tr("validating and pseudonymising"))
        records = prepare_records(frame, cfg, secret, report, population=rows)
        del frame
        step(40, tr("locating registrations in buurten"))
        records = locate(records, cfg, areas, report)
    return records, report, rows


def _count_and_protect(records, report, rows, cfg, areas, provisions, provision_reports, output, secret, step,
                       seal_key, register) -> RunResult:
    """Count, protect and (optionally) write one peildatum's located records."""
    population = None
    if rows is not None:
        population = population_fingerprint(*(np.concatenate([r[i] for r in rows]) if rows else np.zeros(0)
                                              for i in range(3)), cfg.source.reference_date, secret)
        del rows
    # duplicates are counted for the report; aggregation sees every located record, so
    # that the home buurt of a person does not depend on which duplicate came first
    drop_duplicates(records, report)
    report.appendix = [line for r in provision_reports for line in r.lines()]  # the provisions' reports
    report.check_counted()  # a map of zeros that passes its audit is no result
    if cfg.provisions.reach.indicators:  # the distances to provisions, as categories; then no x/y
        step(58, tr("measuring distances to provisions"))
        records = with_reach_rows(records, provisions, cfg)
    cfg = cfg.with_reach()  # what is counted and published: with reach, per type and distance
    step(60, tr("aggregating"))
    tables = aggregate(records, cfg, areas)
    persons = persons_of(records, cfg, areas)  # in memory, inside protection only
    del records
    known, earlier, area_prints = None, [], None
    if register is not None:  # every earlier output of this population, or a refusal naming one
        area_prints = area_fingerprints(areas.frame, areas.geometries, areas.crs)
        known, entries = known_from(register.of_population(population, secret_id(secret)), tables, cfg,
                                    area_prints)
        earlier = [e.label() for e in entries]
        if earlier:
            report.notes.append(tr("protected together with {n} earlier output(s) of the same registrations in the "
                                   "publication register: {names}").format(n=len(earlier), names=", ".join(earlier)))
        others = register.other_secrets(secret_id(secret))
        if others:
            report.notes.append(tr("{n} output(s) in the publication register were made with another pseudonym key "
                                   "(another computer or user) and could not be compared with these registrations")
                                .format(n=others))
    step(75, tr("disclosure control and audit"))
    hits = backstop_hits()
    prot = protect(tables, cfg, persons=persons, known=known, progress=lambda done: step(75 + 14 * done, tr(
        "disclosure control and audit")))
    if backstop_hits() > hits:
        report.notes.append(tr("the disclosure control's search for tables stopped on its time limit {n} times, "
                               "not on its fixed number of steps: another run of the same data on a faster or idle "
                               "computer may hide other cells, and two such files together tell more than one; "
                               "publish one of them only").format(n=backstop_hits() - hits))
    del persons
    safe = with_provisions(safe_tables(prot, cfg), areas, provisions, cfg)
    result = RunResult(safe=safe, report=report, audit=prot.audit, loss=prot.loss(), earlier=earlier,
                       provisions=provisions, provision_reports=provision_reports, config=cfg,
                       population=population, area_prints=area_prints)
    result.audit_text = audit_report(prot.audit, result.loss, cfg)
    result.metadata = build_metadata(cfg, report, prot.audit, result.loss)
    if not prot.audit.ok:
        raise DisclosureFailed(prot.audit.summary())
    if output:
        step(90, tr("writing GeoPackage"))
        result.output = write_geopackage(output, safe, areas, result.metadata, seal_key, provisions)
        result.seal = stored_seal(result.output)
        if register is not None:  # what was published, for every later output of these registrations
            result.entry = Entry.of_output(safe, cfg, area_prints, result.output, population, secret_id(secret))
            register.record(result.entry)
    step(100, tr("done"))
    return result


def read_run_provisions(cfg: AnalysisConfig, areas: AreaTable, registrations: str = ""):
    """(provisions, their import reports, the configuration with its provision types): the
    types are the configuration's, or (none given) every type the files hold, so that the
    output's configuration explains every provision column it has.  Provisions farther
    from the area layer than its largest distance count nowhere: the report says how
    many (all of them: another coordinate system?)."""
    if not cfg.provisions.sources:
        return None, [], cfg
    provisions, reports = read_provisions(cfg, areas.crs, registrations)
    if areas.geometries:
        bounds = np.array([g.bounds for g in areas.geometries if g is not None])
        reach = max(cfg.provisions.area_distances + cfg.provisions.reach.distances)
        far = ((provisions.x < bounds[:, 0].min() - reach) | (provisions.x > bounds[:, 2].max() + reach)
               | (provisions.y < bounds[:, 1].min() - reach) | (provisions.y > bounds[:, 3].max() + reach))
        if far.any():
            reports[-1].notes.append(tr("{n} of {all} provisions lie more than {km} km outside the area layer's "
                                        "extent and count nowhere{hint}").format(n=int(far.sum()), all=len(provisions),
                                                                km=f"{reach / 1000:g}", hint=tr(
                                                                    " (all of them: x/y in another coordinate "
                                                                    "system than the source's crs?)")
                                                                if far.all() else ""))
    if not cfg.provisions.types:
        cfg = dataclasses.replace(cfg, provisions=dataclasses.replace(cfg.provisions, types=provisions.types()))
    if cfg.provisions.reach.indicators:  # refused now, before the registrations are read
        check_metres(areas.crs)
        cfg.validate()  # the reach types among those read
        path = cfg.provisions.reach.network.get("path", "")
        if path and not os.path.exists(path.split("|", 1)[0]):
            raise SourceError(tr("{path}: road layer not found (provisions.reach.network.path)").format(path=path))
    return provisions, reports, cfg


def with_provisions(safe: Dict[str, pd.DataFrame], areas: AreaTable, provisions: Optional[Provisions],
                    cfg: AnalysisConfig) -> Dict[str, pd.DataFrame]:
    """The safe tables with the provision counts per area (:mod:`.reach.nearby`) as their
    last columns: counts of public places, published as they are."""
    if provisions is None:
        return safe
    counts = provision_tables(areas, provisions, cfg.provisions.types, cfg.provisions.area_distances)
    out = {}
    for level, table in safe.items():
        add = counts[level].set_index("code").reindex(table["code"]).fillna(0).astype("int64")
        out[level] = pd.concat([table.reset_index(drop=True), add.reset_index(drop=True)], axis=1)
    return out


def _read_in_chunks(path, cfg: AnalysisConfig, areas: AreaTable, secret: bytes, report: ImportReport, step,
                    population: Optional[list] = None):
    """Read, validate, pseudonymise and locate a CSV ``CHUNK_ROWS`` rows at a time.

    What is kept of a chunk is compact: the row number, the pseudonym as two 64-bit
    integers (the first 128 bits of the HMAC) instead of a 64-character string, the
    category and the buurtcode.  At the end each distinct pseudonym becomes an integer
    code, which is all that counting needs.  Memory then grows with the located records,
    not with the text of the file.  ``population``: see :func:`.read.registrations.prepare_records`."""
    parts = []
    step(0, tr("reading registrations"))
    lookup = None
    if cfg.source.location == "postcode" and cfg.source.postcode_table:
        lookup = read_postcode_table(cfg.source.postcode_table)  # once, not per chunk
    for frame, done in read_csv_chunks(path, cfg, report, CHUNK_ROWS):
        records = prepare_records(frame, cfg, secret, report, compact=True, population=population)
        del frame
        parts.append(locate(records, cfg, areas, report, lookup))
        step(55 * done, tr("read, validated and located {n} rows").format(n=f"{report.rows_read:,}"))
    records = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(
        columns=["row", "category", "buurtcode", "person_hi", "person_lo"])
    del parts
    for key in ("person", "household"):
        if f"{key}_hi" in records.columns:
            records[key] = pseudonym_codes(records.pop(f"{key}_hi").to_numpy(), records.pop(f"{key}_lo").to_numpy())
    return records


def published_configuration(cfg: AnalysisConfig) -> dict:
    """The configuration as an output states it: the provisions' files by their names only
    (a folder names the user; a layer's source can hold a connection)."""
    data = cfg.to_dict()
    prov = data.get("provisions") or {}
    network = (prov.get("reach") or {}).get("network") or {}
    for src in prov.get("sources", []) + ([network] if network.get("path") else []):
        path = src["path"].split("|", 1)[0].split("?", 1)[0]
        src["path"] = os.path.basename(path.replace("\\", "/").rstrip("/")) or "?"
    if prov.get("postcode_table"):
        prov["postcode_table"] = os.path.basename(prov["postcode_table"].replace("\\", "/"))
    return data


def _series_audit(path: str, series, tables, cfg: AnalysisConfig, proven: bool, result: AuditResult) -> List[str]:
    """The gate's checks of a series (:mod:`.series`): its layers as the plugin writes
    them, its trend layers the trends of its own published rates, and every peildatum
    before the last (which the main layers show, audited already) checked and audited
    like an output of its own.  Returns the problems; a
    peildatum's cells that can be derived are one problem naming the date and how many;
    its LPs count in ``result``."""
    peildata = cfg.source.peildata()
    if not series:
        return [tr("the configuration has a series of {n} peildata, the file no series layers").format(
            n=len(peildata))]
    problems = series_problems(series, tables, peildata)
    if problems:
        return problems
    problems += trend_problems(read_trends(path), series, cfg.map_indicators())
    for date, own in split_series(series).items():
        if date == peildata[-1]:
            continue
        problems += [tr("peildatum {date}: {problem}").format(date=date, problem=p)
                     for p in check_published(own, cfg)]
        got = audit_published(own, cfg, proven=proven)
        result.lp_solved += got.lp_solved
        result.milp_solved += got.milp_solved
        if got.failures:
            problems.append(tr("peildatum {date}: {n} suppressed cell(s) can be derived from what the file "
                               "publishes").format(date=date, n=len(got.failures)))
    return problems


def build_metadata(cfg: AnalysisConfig, report: ImportReport, audit: AuditResult, loss: dict) -> dict:
    """What the output may say about the run: no rows, no keys, no small counts, and none
    of the import report's counts.  Those stay in the analyst's report (the dock, the
    Processing log): the number of rows counted is, with one category per indicator, the
    sum of the gemeente's counts, and an outside review pinned a hidden gemeente count of
    4 with it (216 - 90 - 122)."""
    return {
        "plugin": "Steunstructuur",
        "plugin_version": PLUGIN_VERSION,
        "created": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "configuration": published_configuration(cfg),
        "min_count": int(cfg.disclosure.min_count),
        "unit": cfg.unit,
        "indicators": cfg.map_indicators(),
        "audit": {"ok": audit.ok, "cells_checked": audit.cells_checked, "failures": len(audit.failures)},
        "cells_hidden": loss["cells_hidden"],
    }


def audit_file(path: str, exact_ranges: bool = False,
               seal_key: Optional[bytes] = None) -> Tuple[AuditResult, AnalysisConfig, str]:
    """Audit a Steunstructuur GeoPackage from what it publishes: the attacker's view, and
    whether the file is what the plugin wrote.

    The file fails when its seal (:mod:`.publish.seal`, checked with ``seal_key``, default
    the user's) is missing or does not match its content, when its schema is not an
    output's, when it holds columns the configuration does not explain or figures the
    plugin cannot have published (:func:`check_published`), or when a hidden cell can be
    derived (for a sealed file with more than 10 indicators: when its LP range fails; the
    whole-number proof was made from the true table when the file was written, see
    :class:`.protect.attacker.Scope`).  Returns the audit
    (its ``content_seal``: the seal of the content audited), the configuration stored in
    the file and a plain-text report; with ``exact_ranges`` every hidden cell's exact
    range, all listed in the report."""
    meta = read_metadata(path)
    if "configuration" not in meta:
        raise DisclosureFailed(tr("{path}: no configuration in the metadata table; not a Steunstructuur output")
                               .format(path=path))
    cfg = AnalysisConfig.from_dict(meta["configuration"], origin=f"{path} metadata")
    state, content = check_seal(path, seal_key if seal_key is not None else seal_secret())
    problems = []
    if state == UNSEALED:
        problems.append(tr("the file carries no seal: it was not written by this version of the plugin; run the "
                           "analysis again"))
    elif state == EDITED:
        problems.append(tr("the file was changed after it was written (its seal does not match its content), or "
                           "it was written with another user's seal key"))
    problems += structure_problems(path)
    tables = read_tables(path)
    problems += check_published(tables, cfg)
    complete = all(f in t.columns for t in tables.values() for f in cfg.count_fields())
    if complete:
        # a sealed file of the grouped model was shown safe in whole numbers when it was
        # written (from the true table it does not hold): its LP relaxation is checked
        result = audit_published(tables, cfg, exact_ranges=exact_ranges, proven=state == SEALED)
    else:  # a count column is missing: there is nothing to audit it against
        result = AuditResult(ok=False)
    extra = series_layer_names(path)
    if not cfg.source.peildata() and extra:
        # a series' layers in a file of one peildatum would go to partners unchecked
        problems.append(tr("the file holds the layers of a series ({names}), its configuration has none").format(
            names=", ".join(extra)))
    elif cfg.source.peildata() and complete:  # every peildatum of a series, each as its own output
        problems += _series_audit(path, read_series(path), tables, cfg, state == SEALED, result)
    result.problems = problems
    result.ok = result.ok and not problems
    result.content_seal = content
    hidden = sum(int(t[f].isna().sum()) for t in tables.values() for f in cfg.count_fields() if f in t.columns)
    text = (audit_report(result, None, cfg, list_ranges=exact_ranges) + "\n"
            + tr("cells suppressed in the file: {n}").format(n=hidden))
    return result, cfg, text

"""Resolve each registration to a buurtcode.

Three ways, per configuration:

* ``buurtcode``: a column with the CBS buurtcode (``BU`` + 8 digits; ``bu``, missing
  prefix and missing leading zeros are accepted);
* ``xy``: coordinates in a stated CRS (default RD New, EPSG:28992), located by
  point-in-polygon against the area layer;
* ``postcode``: postcode + huisnummer through a CBS "buurt, wijk en gemeente voor
  postcode huisnummer" table.
"""

import numpy as np
import pandas as pd

from ...i18n import tr
from ..config import AnalysisConfig
from ..read.registrations import ImportReport, SourceError, describe_columns, detect_delimiter
from .areas import AreaTable, normalise_buurtcode


def parse_number(values: pd.Series) -> pd.Series:
    """Numbers with a decimal point or a decimal comma ('253123,45'); blanks -> NaN.

    A comma is a decimal comma only in a number without a point: replacing every comma
    by a point gives exactly that (a number with both, or with two commas, stays
    invalid either way).  Surrounding blanks other than spaces and tabs (a no-break
    space from a spreadsheet) are stripped for the values that do not parse at once."""
    s = values.astype(str).str.replace(",", ".", regex=False)
    out = pd.to_numeric(s, errors="coerce")
    retry = out.isna().to_numpy() & (s != "").to_numpy()
    if retry.any():
        out[retry] = pd.to_numeric(s[retry].str.strip(), errors="coerce")
    return out


def locate(records: pd.DataFrame, cfg: AnalysisConfig, areas: AreaTable, report: ImportReport,
           lookup=None) -> pd.DataFrame:
    """Add a ``buurtcode`` column; rows that cannot be placed are rejected in ``report``.
    ``lookup``: for location ``postcode``, the table of :func:`read_postcode_table`."""
    src = cfg.source
    if src.location == "buurtcode":
        code = normalise_buurtcode(records[src.buurtcode])
        records = records.assign(buurtcode=code)
        records = report.reject(records, code.isna(), "bad_location", src.buurtcode)
        known = set(areas.codes)
        records = report.reject(records, ~records["buurtcode"].isin(known), "out_of_area", src.buurtcode)
        cols = [src.buurtcode]
    elif src.location == "xy":
        x = parse_number(records[src.x])
        y = parse_number(records[src.y])
        bad = x.isna() | y.isna() | ~np.isfinite(x) | ~np.isfinite(y)
        records = records.assign(_x=x, _y=y)
        records = report.reject(records, bad, "bad_location", f"{src.x}/{src.y}")
        records = records.assign(buurtcode=points_in_areas(records["_x"].to_numpy(), records["_y"].to_numpy(),
                                                           src.crs, areas))
        records = report.reject(records, records["buurtcode"].isna(), "out_of_area", f"{src.x}/{src.y}")
        # with reach the x/y stay (in memory) until the distances to provisions are measured
        cols = [src.x, src.y] + ([] if cfg.provisions.reach.indicators else ["_x", "_y"])
    else:
        records = locate_by_postcode(records, cfg, areas, report, lookup)
        cols = [src.postcode, src.huisnummer]
    return records.drop(columns=[c for c in dict.fromkeys(cols) if c in records.columns and c != "buurtcode"])


def points_in_areas(x: np.ndarray, y: np.ndarray, crs: str, areas: AreaTable) -> np.ndarray:
    """The buurtcode of the polygon containing each point (None outside every polygon).

    Vectorised point in polygon (:mod:`.pip`): 1,000,000 points inside Dutch buurten in about
    1 s after a 0.7 s index (``make bench``), where a geopandas spatial join without pygeos
    takes over a minute."""
    if len(x) == 0:
        return np.array([], dtype=object)
    x, y = to_crs(x, y, crs, areas.crs)
    hit = areas.polygon_index().locate(np.asarray(x, dtype=float), np.asarray(y, dtype=float))
    codes = areas.codes.to_numpy(dtype=object)
    return np.where(hit >= 0, codes[np.maximum(hit, 0)], None)


def to_crs(x: np.ndarray, y: np.ndarray, src_crs: str, crs: str):
    """x/y in ``src_crs`` as floats in ``crs`` (as they are when either is unknown or both
    are the same); a point pyproj cannot place becomes inf."""
    if len(x) == 0 or not src_crs or not crs or src_crs.upper() == crs.upper():
        return x, y
    from pyproj import Transformer

    tr_ = Transformer.from_crs(src_crs, crs, always_xy=True)
    return tuple(np.asarray(v, dtype=float) for v in tr_.transform(x, y))


def normalise_postcode(values: pd.Series) -> pd.Series:
    """'1234 ab' -> '1234AB'; anything that is not 4 digits + 2 letters -> NaN."""
    s = values.astype(str).str.upper().str.replace(r"\s+", "", regex=True)
    return s.where(s.str.fullmatch(r"[1-9]\d{3}[A-Z]{2}"))


def parse_huisnummer(values: pd.Series) -> pd.Series:
    """'12', '12a', '12-2', '12 bis' -> 12 (a toevoeging matches on the number)."""
    num = values.astype(str).str.strip().str.extract(r"^(\d+)", expand=False)
    return pd.to_numeric(num, errors="coerce")


def read_postcode_table(path: str) -> pd.DataFrame:
    """CBS ``pc6hnrYYYY0801_gwb.csv``: PC6;Huisnummer;BuurtYYYY;WijkYYYY;GemeenteYYYY."""
    try:
        with open(path, encoding="utf-8-sig", errors="replace") as fh:
            delimiter = detect_delimiter(fh.readline())
        # the C parser: the national CBS table has millions of rows
        table = pd.read_csv(path, sep=delimiter, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except (OSError, pd.errors.ParserError) as exc:
        raise SourceError(tr("{path}: cannot read postcode table: {error}").format(path=path, error=exc)) from None
    cols = {c.lower(): c for c in table.columns}
    pc = cols.get("pc6") or cols.get("postcode")
    hn = cols.get("huisnummer")
    bu = next((cols[c] for c in cols if c.startswith("buurt")), None)
    if not (pc and hn and bu):
        raise SourceError(tr("{path}: expected columns PC6;Huisnummer;BuurtYYYY; {columns}").format(
            path=path, columns=describe_columns(table.columns)))
    out = pd.DataFrame({
        "pc": normalise_postcode(table[pc]),
        "hn": pd.to_numeric(table[hn], errors="coerce"),
        "buurtcode": normalise_buurtcode(table[bu]),
    }).dropna()
    return out.drop_duplicates(["pc", "hn"])


def locate_by_postcode(records, cfg: AnalysisConfig, areas: AreaTable, report: ImportReport, lookup=None):
    """``lookup``: the postcode table already read (a file read in chunks reads it once)."""
    src = cfg.source
    if not src.postcode_table:
        raise SourceError(tr("location 'postcode' needs source.postcode_table (the CBS pc6hnr file)"))
    table = lookup if lookup is not None else read_postcode_table(src.postcode_table)
    pc = normalise_postcode(records[src.postcode])
    hn = parse_huisnummer(records[src.huisnummer])
    records = records.assign(_pc=pc, _hn=hn)
    records = report.reject(records, pc.isna() | hn.isna(), "bad_location", f"{src.postcode}/{src.huisnummer}")
    merged = records.merge(table, how="left", left_on=["_pc", "_hn"], right_on=["pc", "hn"])
    merged.index = records.index
    merged = merged.drop(columns=["pc", "hn", "_pc", "_hn"])
    merged = report.reject(merged, merged["buurtcode"].isna(), "postcode_not_found", src.postcode)
    return report.reject(merged, ~merged["buurtcode"].isin(set(areas.codes)), "out_of_area", src.postcode)

"""The buurt polygon layer as a table: codes, names, denominator and geometry.

Accepts any polygon layer QGIS can open.  Wijk and gemeente codes are taken from the
layer's fields when present, otherwise derived from the CBS buurtcode
(``BUggggwwbb`` -> ``WKggggww`` -> ``GMgggg``).
"""

import re
from dataclasses import dataclass

import numpy as np
import pandas as pd
from shapely import wkb

from ...i18n import tr
from ..config import AreaConfig
from ..errors import SteunstructuurError
from ..qvalues import is_null


class AreaError(SteunstructuurError, ValueError):
    pass


@dataclass
class AreaTable:
    frame: pd.DataFrame  # code, name, wijkcode, wijknaam, gemeentecode, gemeentenaam, denominator
    geometries: list  # shapely geometries in frame order
    crs: str  # authid, e.g. EPSG:28992
    source: str = ""

    @property
    def codes(self) -> pd.Series:
        return self.frame["code"]

    def polygon_index(self):
        """The point-in-polygon index of the geometries, built once per table."""
        from .pip import PolygonIndex

        if getattr(self, "_index", None) is None:
            self._index = PolygonIndex(self.geometries)
        return self._index

    def level_geometries(self) -> dict:
        """level -> code -> shapely geometry for buurt, wijk and gemeente, made once per
        table: wijken dissolved from their buurten, gemeenten from their (already
        dissolved) wijken, which is quicker than from all their buurten."""
        if getattr(self, "_levels", None) is None:
            from shapely.ops import unary_union

            af, geoms = self.frame, self.geometries
            out = {"buurt": dict(zip(af["code"], geoms))}
            out["wijk"] = {code: unary_union([geoms[i] for i in idx if geoms[i] is not None])
                           for code, idx in af.groupby("wijkcode", sort=True).indices.items()}
            wijken = af[["wijkcode", "gemeentecode"]].dropna().drop_duplicates("wijkcode")
            out["gemeente"] = {code: unary_union([out["wijk"][w] for w in group["wijkcode"]])
                               for code, group in wijken.groupby("gemeentecode", sort=True)}
            if "gebiedcode" in af.columns:  # an own division: each area the union of its buurten
                rows = np.flatnonzero(af["gebiedcode"].fillna("").astype(str).to_numpy() != "")
                out["gebied"] = {code: unary_union([geoms[i] for i in rows[idx] if geoms[i] is not None])
                                 for code, idx in af.iloc[rows].groupby("gebiedcode", sort=True).indices.items()}
            self._levels = out
        return self._levels


def normalise_buurtcode(values: pd.Series) -> pd.Series:
    """'BU01680001', 'bu01680001', ' 1680001', '01680001' -> 'BU01680001'; invalid -> NaN."""
    s = values.astype(str).str.strip().str.upper()
    s = s.str.replace(r"^BU", "", regex=True)
    s = s.where(s.str.fullmatch(r"\d{1,8}"))
    return "BU" + s.str.zfill(8)


def wijk_of(buurtcodes: pd.Series) -> pd.Series:
    return "WK" + buurtcodes.str.slice(2, 8)


def gemeente_of(buurtcodes: pd.Series) -> pd.Series:
    return "GM" + buurtcodes.str.slice(2, 6)


def area_table_from_layer(layer, cfg: AreaConfig) -> AreaTable:
    """Build the area table from a QgsVectorLayer (polygons)."""
    from qgis.core import QgsWkbTypes

    if layer is None or not layer.isValid():
        raise AreaError(tr("the area layer is not valid"))
    if layer.geometryType() != QgsWkbTypes.PolygonGeometry:
        raise AreaError(tr("{layer}: the area layer must have polygons").format(layer=layer.name()))
    names = layer.fields().names()
    # a memory layer's source is its whole field list: messages name the layer instead
    where = tr("layer '{name}'").format(name=layer.name()) if layer.providerType() == "memory" else layer.source()
    if cfg.code not in names:
        raise AreaError(tr("{layer}: field '{field}' (buurtcode) not found; fields: {fields}").format(
            layer=where, field=cfg.code, fields=", ".join(names)))
    wanted = [f for f in (cfg.code, cfg.name, cfg.wijkcode, cfg.wijknaam, cfg.gemeentecode,
                          cfg.gemeentenaam, cfg.denominator, *cfg.denominators.values()) if f and f in names]
    # a denominator field the layer lacks made every rate 'no_denominator': a map hatched
    # all over that still said most buurten were published
    missing = [f for f in [cfg.denominator, *cfg.denominators.values()] if f and f not in names]
    if missing:
        raise AreaError(tr("{layer}: denominator field '{field}' not found; fields: {fields}; choose one of them as "
                           "'areas.denominator' (inhabitants), or none for counts without rates").format(
            layer=where, field=missing[0], fields=", ".join(names)))
    rows, geoms = [], []
    for feat in layer.getFeatures():
        rows.append([feat[f] for f in wanted])
        g = feat.geometry()
        geoms.append(wkb.loads(bytes(g.asWkb())) if g and not g.isEmpty() else None)
    if not rows:
        raise AreaError(tr("{layer}: the area layer has no features (buurten)").format(layer=where))
    raw = pd.DataFrame(rows, columns=wanted)
    return _finish(raw, geoms, cfg, layer.crs().authid(), where)


def _check_hierarchy(frame: pd.DataFrame, source: str) -> None:
    """Every wijk lies in one gemeente, and CBS codes agree with it: a buurt whose
    gemeentecode differs from its wijk's was counted in the wrong gemeente."""
    per_wijk = frame.groupby("wijkcode")["gemeentecode"].nunique()
    if (per_wijk > 1).any():
        wijk = per_wijk.index[per_wijk > 1][0]
        rows = frame[frame["wijkcode"] == wijk]
        usual = "GM" + wijk[2:6] if re.fullmatch(r"WK\d{6}", wijk) else rows["gemeentecode"].mode().iloc[0]
        odd = rows[rows["gemeentecode"] != usual]["code"].iloc[0]
        raise AreaError(tr("{layer}: buurt {buurt} has another gemeentecode than the other buurten of wijk {wijk}")
                        .format(layer=source, buurt=odd, wijk=wijk))
    cbs = frame["wijkcode"].str.fullmatch(r"WK\d{6}") & frame["gemeentecode"].str.fullmatch(r"GM\d{4}")
    wrong = cbs & (frame["wijkcode"].str[2:6] != frame["gemeentecode"].str[2:6])
    wrong |= frame["wijkcode"].str.fullmatch(r"WK\d{6}") & (frame["code"].str[2:8] != frame["wijkcode"].str[2:8])
    if wrong.any():
        first = frame[wrong].iloc[0]
        raise AreaError(tr("{layer}: buurt {buurt} lies in wijk {wijk} and gemeente {gemeente}, whose CBS codes do "
                           "not agree").format(layer=source, buurt=first["code"], wijk=first["wijkcode"],
                                               gemeente=first["gemeentecode"]))


def _check_geometries(codes: pd.Series, geoms, source: str) -> None:
    """An invalid polygon (a bow-tie, a ring that crosses itself) is refused when the layer
    is read: points in it are placed by chance, and the wijk and gemeente outlines cannot be
    dissolved from it."""
    bad = [code for code, g in zip(codes, geoms) if g is not None and not g.is_valid]
    if bad:
        from shapely.validation import explain_validity

        first = geoms[list(codes).index(bad[0])]
        raise AreaError(tr("{layer}: {n} buurt polygon(s) are not valid geometry, first {buurten} ({why}); repair "
                           "the layer with Processing > Vector geometry > Fix geometries and choose the repaired "
                           "layer").format(layer=source, n=len(bad), buurten=", ".join(bad[:10]),
                                           why=explain_validity(first).split("[")[0].strip()))


def _finish(raw, geoms, cfg: AreaConfig, crs: str, source: str) -> AreaTable:
    def col(name):
        if name and name in raw.columns:
            return raw[name].map(lambda v: None if is_null(v) else v)
        return pd.Series([None] * len(raw), index=raw.index, dtype=object)

    code = normalise_buurtcode(col(cfg.code))
    bad = code.isna()
    if bad.any():
        first = raw.loc[bad, cfg.code].iloc[0]
        raise AreaError(tr("{layer}: field '{field}' holds '{value}', which is not a CBS buurtcode (BU + 8 digits) "
                           "in {n} feature(s)").format(layer=source, field=cfg.code, value=first, n=int(bad.sum())))
    if code.duplicated().any():
        raise AreaError(tr("{layer}: buurtcode '{code}' occurs more than once").format(
            layer=source, code=code[code.duplicated()].iloc[0]))
    frame = pd.DataFrame({"code": code.values})
    frame["name"] = col(cfg.name).fillna("").astype(str).values
    wk = col(cfg.wijkcode)
    frame["wijkcode"] = wk.where(wk.notna(), wijk_of(code)).astype(str).values
    frame["wijknaam"] = col(cfg.wijknaam).fillna("").astype(str).values
    gm = col(cfg.gemeentecode)
    frame["gemeentecode"] = gm.where(gm.notna(), gemeente_of(code)).astype(str).values
    frame["gemeentenaam"] = col(cfg.gemeentenaam).fillna("").astype(str).values
    den = pd.to_numeric(col(cfg.denominator), errors="coerce") if cfg.denominator else None
    # CBS writes a secret or unknown number as a negative one (-99997): no denominator
    frame["denominator"] = den.where(den >= 0).values if den is not None else np.nan
    for ind, fld in cfg.denominators.items():
        d = pd.to_numeric(col(fld), errors="coerce")
        frame[f"{ind}_denominator"] = d.where(d >= 0).values
    _check_hierarchy(frame, source)
    _check_geometries(frame["code"], geoms, source)
    return AreaTable(frame=frame, geometries=list(geoms), crs=crs, source=source)


def load_area_layer(path: str, layer_name: str = ""):
    from qgis.core import QgsVectorLayer

    uri = f"{path}|layername={layer_name}" if layer_name else path
    layer = QgsVectorLayer(uri, layer_name or "buurten", "ogr")
    if not layer.isValid():
        raise AreaError(tr("{layer}: cannot open as a vector layer").format(layer=uri))
    return layer

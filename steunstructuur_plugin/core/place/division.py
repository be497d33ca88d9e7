"""The gemeente's own area division: wijkteamgebieden, a gebiedsindeling, any polygon layer
with a code and a name field, counted beside the CBS wijken (issue #19).

In: the division's polygons (:func:`division_from_layer`, or a :class:`Division` made in
code) and the buurt area table.  Out: the area table with each buurt's own area
(``gebiedcode``, ``gebiednaam``; empty outside the division), from which
:func:`..count.aggregate.aggregate` counts the ``gebied`` level and the output gets its
``gebied`` layer (the union of each area's buurten).

An own area is made of whole buurten: a buurt belongs to the area that holds at least
:data:`WHOLE` of its surface (what is left is where two layers were drawn a little
differently, and no more than ``1 - WHOLE`` lies in other areas), and lies outside the
division when at most ``1 - WHOLE`` of it lies in any area.  A division that cuts a buurt
(more of it in two areas, areas that overlap over it, or partly outside) is
refused, naming the buurt and the areas: the registrations would have to be counted in
parts of buurten, which the disclosure audit does not model (a sliver between a buurt and
an area could reveal a small count).  An area whose buurten lie in two gemeenten is
refused too: gemeenten share no figure in the audit.
"""

from dataclasses import dataclass
from typing import List, Optional

import numpy as np
import pandas as pd

from ...i18n import tr
from ..qvalues import is_null
from .areas import AreaError, AreaTable

#: the share of a buurt's surface inside one own area that makes it that area's
WHOLE = 0.98


@dataclass
class Division:
    """An own area division: codes, names and polygons (shapely) in ``crs``."""

    codes: List[str]
    names: List[str]
    geometries: list
    crs: str
    source: str = ""


def division_from_layer(layer, code_field: str, name_field: Optional[str] = None) -> Division:
    """Read an own division from a polygon QgsVectorLayer: its code field (required, unique
    per area) and name field (optional)."""
    from qgis.core import QgsWkbTypes
    from shapely import wkb

    if layer is None or not layer.isValid():
        raise AreaError(tr("the division layer is not valid"))
    where = tr("layer '{name}'").format(name=layer.name()) if layer.providerType() == "memory" else layer.source()
    if layer.geometryType() != QgsWkbTypes.PolygonGeometry:
        raise AreaError(tr("{layer}: the division layer must have polygons").format(layer=where))
    names = layer.fields().names()
    for fld in (code_field, name_field):
        if fld and fld not in names:
            raise AreaError(tr("{layer}: field '{field}' not found; fields: {fields}").format(
                layer=where, field=fld, fields=", ".join(names)))
    codes, labels, geoms = [], [], []
    for n, feat in enumerate(layer.getFeatures(), start=1):
        code = feat[code_field]
        if is_null(code) or not str(code).strip():
            raise AreaError(tr("{layer}: feature {row} has no code in field '{field}'").format(
                layer=where, row=n, field=code_field))
        g = feat.geometry()
        if not g or g.isEmpty():
            raise AreaError(tr("{layer}: feature {row} ('{code}') has no polygon").format(
                layer=where, row=n, code=str(code).strip()))
        codes.append(str(code).strip())
        label = feat[name_field] if name_field else None
        labels.append("" if is_null(label) else str(label))
        geoms.append(wkb.loads(bytes(g.asWkb())))
    if not codes:
        raise AreaError(tr("{layer}: the division layer has no features").format(layer=where))
    return Division(codes, labels, geoms, layer.crs().authid(), where)


def _merged(division: Division, source: str):
    """One polygon per code (an area drawn as several features is one area); invalid
    polygons refused as the buurt layer's are."""
    from shapely.ops import unary_union

    by_code, names = {}, {}
    for code, name, g in zip(division.codes, division.names, division.geometries):
        if not g.is_valid:
            from shapely.validation import explain_validity

            raise AreaError(tr("{layer}: the polygon of area '{code}' is not valid geometry ({why}); repair the layer "
                               "with Processing > Vector geometry > Fix geometries").format(
                layer=source, code=code, why=explain_validity(g).split("[")[0].strip()))
        by_code.setdefault(code, []).append(g)
        names.setdefault(code, name)
    return {code: unary_union(gs) if len(gs) > 1 else gs[0] for code, gs in by_code.items()}, names


def assign_division(areas: AreaTable, division: Division) -> AreaTable:
    """The area table with each buurt's own area (see the module's docstring)."""
    source = division.source or tr("the division layer")
    if not areas.geometries:
        raise AreaError(tr("an own area division needs the buurt polygons"))
    if division.crs and areas.crs and division.crs != areas.crs:
        raise AreaError(tr("{layer}: the division is in {crs}, the buurten in {buurt_crs}; reproject it to "
                           "{buurt_crs}").format(layer=source, crs=division.crs, buurt_crs=areas.crs))
    polygons, names = _merged(division, source)
    codes = list(polygons)
    box = np.array([polygons[c].bounds for c in codes]).reshape(-1, 4)
    frame = areas.frame
    own = [""] * len(frame)
    for i, (bcode, g) in enumerate(zip(frame["code"], areas.geometries)):
        if g is None or g.is_empty or g.area <= 0:
            continue
        shares = {}
        x0, y0, x1, y1 = g.bounds
        for j in np.flatnonzero((box[:, 0] <= x1) & (box[:, 2] >= x0) & (box[:, 1] <= y1) & (box[:, 3] >= y0)):
            part = g.intersection(polygons[codes[j]]).area / g.area
            if part > 0:
                shares[codes[j]] = part
        best = max(shares, key=shares.get) if shares else None
        if best is not None and shares[best] >= WHOLE and sum(shares.values()) - shares[best] <= 1 - WHOLE:
            own[i] = best
        elif sum(shares.values()) > 1 - WHOLE:
            parts = [tr("{pct} % in '{code}'").format(pct=f"{100 * v:.0f}", code=c)
                     for c, v in sorted(shares.items(), key=lambda kv: -kv[1])[:3] if v > 1 - WHOLE]
            outside = 1 - min(sum(shares.values()), 1.0)
            if outside > 1 - WHOLE:
                parts.append(tr("{pct} % outside every area").format(pct=f"{100 * outside:.0f}"))
            parts = ", ".join(parts)
            raise AreaError(tr("{layer}: the division cuts buurt {buurt} ({parts}); an own area must be made of whole "
                               "buurten, as the disclosure audit counts people per buurt. Redraw the area along the "
                               "buurt's boundary").format(layer=source, buurt=bcode, parts=parts))
    own = pd.Series(own, index=frame.index)
    inside = own != ""
    if not inside.any():
        raise AreaError(tr("{layer}: no buurt of the area layer lies in the division (another region or coordinate "
                           "system?)").format(layer=source))
    gemeenten = frame.loc[inside, "gemeentecode"].groupby(own[inside]).nunique()
    if (gemeenten > 1).any():
        code = gemeenten.index[gemeenten > 1][0]
        raise AreaError(tr("{layer}: area '{code}' holds buurten of more than one gemeente; an own area lies within "
                           "one gemeente").format(layer=source, code=code))
    clash = sorted(set(codes) & set(frame["code"]) | set(codes) & set(frame["wijkcode"].dropna())
                   | set(codes) & set(frame["gemeentecode"].dropna()))
    if clash:
        raise AreaError(tr("{layer}: area code '{code}' is also a buurt, wijk or gemeente code; give the areas "
                           "codes of their own").format(layer=source, code=clash[0]))
    out = frame.copy()
    out["gebiedcode"] = own.to_numpy()
    out["gebiednaam"] = np.array([names.get(c, "") if c else "" for c in own], dtype=object)
    return AreaTable(frame=out, geometries=areas.geometries, crs=areas.crs, source=areas.source)

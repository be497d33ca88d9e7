"""Guess the field mapping of a registrations source from its column names.

Case systems name columns in many ways (``BSN``, ``Burgerservicenummer``, ``clientnr``,
``Postcode``, ``Huisnr``, ``X_RD``, ``Buurtcode``, ``Voorziening``, ``Product``...).
The guess fills a :class:`SourceConfig`; the dock's mapping dialog shows it for the
analyst to correct and save.
"""

import re
from typing import Dict, List, Optional

from ..config import SourceConfig

#: SourceConfig field -> regular expressions on the normalised column name, best first
PATTERNS: Dict[str, List[str]] = {
    "person_key": [r"^bsn$", r"burgerservicenummer", r"^bsn", r"client_?(nummer|nr|id)$", r"^client$",
                   r"persoon_?(nummer|nr|id)$", r"^person_?id$", r"^(klant|cliënt)_?(nummer|nr|id)?$"],
    "household_key": [r"huishouden_?(nummer|nr|id)?$", r"^household", r"^hh_?(nr|id)$", r"^gezin_?(nr|id)"],
    "category": [r"^voorziening$", r"^categorie$", r"^regeling$", r"^product$", r"^voorziening",
                 r"^categor", r"^regeling", r"^product", r"^soort", r"^type"],
    "buurtcode": [r"^buurt_?code$", r"^bu_?code$", r"^buurt\d{4}$", r"^buurt$", r"^cbs_?buurt", r"buurtcode"],
    "x": [r"^x$", r"^x_?rd$", r"^rd_?x$", r"^x_?coord", r"^xcoord", r"^lon(gitude)?$", r"^lng$"],
    "y": [r"^y$", r"^y_?rd$", r"^rd_?y$", r"^y_?coord", r"^ycoord", r"^lat(itude)?$"],
    "postcode": [r"^postcode$", r"^pc6$", r"^post_?code", r"^pc$"],
    "huisnummer": [r"^huisnummer$", r"^huisnr$", r"^hnr$", r"^huis_?n(umme)?r"],
    "start_date": [r"^start_?datum$", r"^begin_?datum$", r"^ingangs_?datum$", r"^datum_?(start|begin|ingang)",
                   r"^start", r"^begin", r"^ingang"],
    "end_date": [r"^eind_?datum$", r"^einde_?datum$", r"^datum_?(eind|einde)", r"^eind", r"^einde", r"^end"],
}
_WGS84 = {"lon", "longitude", "lng", "lat", "latitude"}


def _norm(name: str) -> str:
    s = name.strip().lower()
    s = re.sub(r"[\s\-\.]+", "_", s)
    return s


def guess_column(columns: List[str], key: str, taken=()) -> Optional[str]:
    normed = [(_norm(c), c) for c in columns if c not in taken]
    for pattern in PATTERNS[key]:
        for n, original in normed:
            if re.search(pattern, n):
                return original
    return None


def guess_source(columns: List[str]) -> SourceConfig:
    """A SourceConfig with every column that could be recognised; location by what exists:
    a buurtcode column first, then x/y, then postcode + huisnummer."""
    found: Dict[str, Optional[str]] = {}
    taken = set()
    for key in PATTERNS:
        col = guess_column(columns, key, taken)
        found[key] = col
        if col:
            taken.add(col)
    if found["buurtcode"]:
        location = "buurtcode"
    elif found["x"] and found["y"]:
        location = "xy"
    elif found["postcode"] and found["huisnummer"]:
        location = "postcode"
    else:
        location = "buurtcode"
    crs = "EPSG:4326" if found["x"] and _norm(found["x"]) in _WGS84 else "EPSG:28992"
    return SourceConfig(
        person_key=found["person_key"] or "",
        household_key=found["household_key"],
        category=found["category"],
        location=location,
        buurtcode=found["buurtcode"],
        x=found["x"],
        y=found["y"],
        crs=crs,
        postcode=found["postcode"],
        huisnummer=found["huisnummer"],
        start_date=found["start_date"],
        end_date=found["end_date"],
    )

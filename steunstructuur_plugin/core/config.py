"""The analysis configuration: one JSON file that describes an analysis.

The configuration names the columns of the registrations source, the fields of the
area (buurt) layer, the indicators as unions of categories, the overlap pairs and the
disclosure settings.  It never holds a secret: the pseudonymisation key lives in the
user's QGIS settings (see :mod:`.pseudonymise`).

Pure logic: no GUI imports.
"""

import datetime
import json
import re
from dataclasses import asdict, dataclass, field
from typing import Dict, List, Optional, Tuple

from .errors import SteunstructuurError

SCHEMA_VERSION = 1

_NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,30}$")
LOCATION_TYPES = ("buurtcode", "xy", "postcode")


def normalise_category_name(text: str) -> str:
    """'  WMO begeleiding ' -> 'wmo_begeleiding': how a category is compared, in the
    configuration and in every registration (:func:`.read.registrations.normalise_category`)."""
    return re.sub(r"\s+", "_", str(text).strip().lower())


class ConfigError(SteunstructuurError, ValueError):
    """The configuration is invalid; the message names the file and the key."""


@dataclass
class SourceConfig:
    """Columns of the registrations source (CSV export of a case system)."""

    person_key: str = "bsn"
    household_key: Optional[str] = None
    category: Optional[str] = "voorziening"
    #: wide format: {column: category}; a row counts for the category when the
    #: column holds 1 / ja / yes / true / x.
    wide_columns: Dict[str, str] = field(default_factory=dict)
    location: str = "buurtcode"  # one of LOCATION_TYPES
    buurtcode: Optional[str] = "buurtcode"
    x: Optional[str] = None
    y: Optional[str] = None
    crs: str = "EPSG:28992"
    postcode: Optional[str] = None
    huisnummer: Optional[str] = None
    #: CBS "buurt, wijk en gemeente voor postcode huisnummer" file for location=postcode
    postcode_table: Optional[str] = None
    start_date: Optional[str] = None
    end_date: Optional[str] = None
    #: peildatum (ISO date): only registrations active on this date count
    reference_date: Optional[str] = None
    #: CSV options; None means detect
    delimiter: Optional[str] = None
    encoding: Optional[str] = None
    sheet: Optional[str] = None


@dataclass
class AreaConfig:
    """Fields of the buurt polygon layer."""

    code: str = "buurtcode"
    name: str = "buurtnaam"
    wijkcode: Optional[str] = "wijkcode"
    wijknaam: Optional[str] = "wijknaam"
    gemeentecode: Optional[str] = "gemeentecode"
    gemeentenaam: Optional[str] = "gemeentenaam"
    denominator: Optional[str] = "aantal_inwoners_kwb2024"
    #: per-indicator denominator field, e.g. {"armoede": "aantal_huishoudens_kwb2024"}
    denominators: Dict[str, str] = field(default_factory=dict)


MAX_INDICATORS = 10


@dataclass
class DisclosureConfig:
    min_count: int = 5
    publish_zero: bool = True
    #: rates of areas with fewer inhabitants than this are suppressed (0 = off)
    min_denominator: int = 50
    #: round published counts to a multiple of this base after suppression (0 = off, 5 = CBS)
    rounding_base: int = 0


@dataclass
class AnalysisConfig:
    title: str = "Steunstructuur"
    gemeente: str = ""
    unit: str = "persons"  # persons | households
    source: SourceConfig = field(default_factory=SourceConfig)
    areas: AreaConfig = field(default_factory=AreaConfig)
    #: indicator name -> list of categories (a person counts once per indicator)
    indicators: Dict[str, List[str]] = field(default_factory=dict)
    overlaps: List[Tuple[str, str]] = field(default_factory=list)
    disclosure: DisclosureConfig = field(default_factory=DisclosureConfig)
    version: int = SCHEMA_VERSION

    # ------------------------------------------------------------------ checks
    def validate(self, origin: str = "configuration") -> "AnalysisConfig":
        def fail(key, msg):
            raise ConfigError(f"{origin}: '{key}': {msg}")

        if self.unit not in ("persons", "households"):
            fail("unit", "must be 'persons' or 'households'")
        if self.unit == "households" and not self.source.household_key:
            fail("source.household_key", "is required when unit is 'households'")
        if not self.source.person_key:
            fail("source.person_key", "is required")
        if not self.source.category and not self.source.wide_columns:
            fail("source.category", "give a category column or wide_columns")
        if self.source.location not in LOCATION_TYPES:
            fail("source.location", f"must be one of {', '.join(LOCATION_TYPES)}")
        needed = {
            "buurtcode": ("buurtcode",),
            "xy": ("x", "y"),
            "postcode": ("postcode", "huisnummer"),
        }[self.source.location]
        for key in needed:
            if not getattr(self.source, key):
                fail(f"source.{key}", f"is required for location '{self.source.location}'")
        if self.source.reference_date:
            try:
                datetime.date.fromisoformat(str(self.source.reference_date))
            except ValueError:
                fail("source.reference_date", "must be a date written as YYYY-MM-DD")
        if not self.indicators:
            fail("indicators", "define at least one indicator")
        for name, cats in self.indicators.items():
            if not _NAME_RE.match(name):
                fail(f"indicators.{name}", "names are lower case letters, digits and _ (max 31)")
            if not cats or not all(isinstance(c, str) and c for c in cats):
                fail(f"indicators.{name}", "must be a non-empty list of category names")
        for ind in self.areas.denominators:
            if ind not in self.indicators:
                fail(f"areas.denominators.{ind}", "is not an indicator")
        for pair in self.overlaps:
            if len(pair) != 2 or pair[0] == pair[1]:
                fail("overlaps", f"{pair!r} must name two different indicators")
            for ind in pair:
                if ind not in self.indicators:
                    fail("overlaps", f"unknown indicator '{ind}'")
        if int(self.disclosure.min_count) < 1:
            fail("disclosure.min_count", "must be at least 1")
        if int(self.disclosure.min_denominator) < 0:
            fail("disclosure.min_denominator", "must be 0 or more")
        if int(self.disclosure.rounding_base) < 0 or int(self.disclosure.rounding_base) == 1:
            fail("disclosure.rounding_base", "must be 0 (no rounding) or a base of 2 or more, e.g. 5")
        if len(self.indicators) > MAX_INDICATORS:
            fail("indicators", f"at most {MAX_INDICATORS} indicators per analysis "
                 "(the disclosure audit models every combination of them)")
        return self

    # ------------------------------------------------------------ derived names
    @property
    def categories(self) -> List[str]:
        seen = []
        for cats in self.indicators.values():
            for c in cats:
                if c not in seen:
                    seen.append(c)
        return seen

    def indicator_categories(self) -> Dict[str, set]:
        """indicator -> its categories, normalised as registrations are
        (:func:`normalise_category_name`)."""
        return {ind: {normalise_category_name(c) for c in cats} for ind, cats in self.indicators.items()}

    @staticmethod
    def overlap_field(a: str, b: str) -> str:
        return f"{a}_x_{b}_n"

    def count_fields(self) -> List[str]:
        """Every additive count column of the area table, in output order."""
        out = [f"{ind}_n" for ind in self.indicators]
        out += [self.overlap_field(a, b) for a, b in self.overlaps]
        out += ["stapeling_2plus_n"] if len(self.indicators) >= 2 else []
        out += ["stapeling_3plus_n"] if len(self.indicators) >= 3 else []
        return out

    # ------------------------------------------------------------- (de)serialise
    def to_dict(self) -> dict:
        d = asdict(self)
        d["overlaps"] = [list(p) for p in self.overlaps]
        return d

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False)

    def save(self, path: str) -> None:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(self.to_json())
            fh.write("\n")

    @classmethod
    def from_dict(cls, data: dict, origin: str = "configuration") -> "AnalysisConfig":
        if not isinstance(data, dict):
            raise ConfigError(f"{origin}: the top level must be a JSON object")
        sections = {"source": SourceConfig, "areas": AreaConfig, "disclosure": DisclosureConfig}
        kwargs = {}
        known = set(cls.__dataclass_fields__)
        for key, value in data.items():
            if key not in known:
                raise ConfigError(f"{origin}: unknown key '{key}'")
            if key in sections:
                if not isinstance(value, dict):
                    raise ConfigError(f"{origin}: '{key}' must be an object")
                sub = sections[key]
                bad = set(value) - set(sub.__dataclass_fields__)
                if bad:
                    raise ConfigError(f"{origin}: unknown key '{key}.{sorted(bad)[0]}'")
                kwargs[key] = sub(**value)
            elif key == "overlaps":
                kwargs[key] = [tuple(p) for p in value]
            else:
                kwargs[key] = value
        return cls(**kwargs).validate(origin)

    @classmethod
    def from_json(cls, text: str, origin: str = "configuration") -> "AnalysisConfig":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{origin}: line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
        return cls.from_dict(data, origin)

    @classmethod
    def load(cls, path: str) -> "AnalysisConfig":
        try:
            with open(path, encoding="utf-8-sig") as fh:
                text = fh.read()
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read: {exc.strerror}") from None
        return cls.from_json(text, origin=path)

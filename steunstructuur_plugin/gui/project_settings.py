"""The dock's settings in the QGIS project: they travel with the .qgz.

Each setting is a project entry under ``steunstructuur/<key>``, written when its widget
changes (an unchanged value leaves the project clean) and read back when a project opens;
the analysis configuration goes along as ``config_json`` (it holds no secret).
"""

from typing import Callable, Dict, Optional, Tuple

from qgis.core import QgsProject

SCOPE = "steunstructuur"

#: key -> (getter, setter, change signal or None)
Entries = Dict[str, Tuple[Callable[[], str], Callable[[str], None], Optional[object]]]


def read_entry(key: str) -> str:
    value, ok = QgsProject.instance().readEntry(SCOPE, key, "")
    return value if ok else ""


def write_entry(key: str, value: str) -> None:
    """Write ``value`` unless the project already holds it."""
    if read_entry(key) != value:
        QgsProject.instance().writeEntry(SCOPE, key, value)


def save(entries: Entries, key: str) -> None:
    write_entry(key, entries[key][0]() or "")


def restore(entries: Entries) -> None:
    """Set every widget whose entry the project holds."""
    for key, (_get, put, _signal) in entries.items():
        value = read_entry(key)
        if value:
            put(value)

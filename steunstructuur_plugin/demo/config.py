"""The configuration of the bundled Losser demo."""

from ..core.config import AnalysisConfig, SourceConfig


def demo_config() -> AnalysisConfig:
    """The configuration of the bundled Losser demo."""
    return AnalysisConfig(
        title="Steunstructuur Losser",
        gemeente="Losser",
        source=SourceConfig(
            person_key="bsn",
            category="voorziening",
            location="buurtcode",
            buurtcode="buurtcode",
            x="x_rd",
            y="y_rd",
            start_date="startdatum",
            end_date="einddatum",
        ),
        indicators={
            "armoede": ["bijstand", "schuldhulp", "minimaregeling"],
            "jeugd": ["jeugdzorg", "jeugdreclassering"],
            "wmo": ["wmo_begeleiding", "wmo_hulpmiddel"],
        },
        overlaps=[("armoede", "jeugd")],
    ).validate("demo configuration")

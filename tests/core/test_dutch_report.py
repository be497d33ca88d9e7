"""#18 item 12: the report and the audit text a user reads are Dutch under a Dutch locale
(they stayed English)."""

from conftest import SECRET

from steunstructuur_plugin.core.pipeline import run
from steunstructuur_plugin.core.read.registrations import LIKELY_CAUSE, REASONS
from steunstructuur_plugin.i18n import install_translator, remove_translators, tr


def test_the_report_and_the_audit_text_are_dutch(qgis_ready, demo_input, losser_areas, demo_cfg):
    assert install_translator("nl")
    try:
        untranslated = [t for t in list(REASONS.values()) + list(LIKELY_CAUSE.values()) if tr(t) == t]
        assert not untranslated
        result = run(demo_input[0], losser_areas, demo_cfg, None, secret=SECRET)
        lines = result.report.lines()
        assert lines[0] == "registraties_losser.csv: 3494 rijen gelezen, 3484 geteld, 7 afgewezen, 3 dubbel"
        assert "  missing_key: 3 (de persoons- (of huishoud)sleutel is leeg)" in lines
        assert any(x.startswith("  registraties_losser.csv, rij ") and ", kolom 'bsn': de persoons-" in x
                   for x in lines)
        assert result.audit.summary().startswith("onthullingscontrole geslaagd: ")
        assert result.audit.summary().endswith(" onderdrukte cellen gecontroleerd")
    finally:
        remove_translators()
    english = run(demo_input[0], losser_areas, demo_cfg, None, secret=SECRET).report.lines()
    assert english[0] == "registraties_losser.csv: 3494 rows read, 3484 counted, 7 rejected, 3 duplicates"

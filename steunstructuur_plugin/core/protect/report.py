"""The analyst's plain-text audit report (reasons and information loss: not for
publication).
"""

from typing import Optional

from ...i18n import tr
from ..config import AnalysisConfig
from .model import INHERITED, PRIMARY, SECONDARY, AuditResult


def audit_report(result: AuditResult, loss: Optional[dict], cfg: AnalysisConfig, list_ranges: bool = False) -> str:
    """A plain-text report for the analyst: attacker ranges, reasons and information loss;
    ``list_ranges``: every hidden cell's range, not only the failing ones."""
    m = int(cfg.disclosure.min_count)
    lines = [result.summary(), tr("threshold: counts 1..{top} are never published or derivable").format(top=m - 1)]
    lines += [tr("FILE {problem}").format(problem=p) for p in result.problems]
    if loss:
        lines.append(tr("cells hidden: {hidden} of {total} (primary {primary}, inherited {inherited}, "
                        "secondary {secondary})").format(
            hidden=loss["cells_hidden"], total=loss["cells_total"], primary=loss["by_reason"][PRIMARY],
            inherited=loss["by_reason"][INHERITED], secondary=loss["by_reason"][SECONDARY]))
        levels = ", ".join(f"{k} {v}" for k, v in loss["by_level"].items())
        lines.append(tr("per level: {levels}").format(levels=levels))
        lines.append(tr("units hidden in buurt cells: {n}").format(n=loss["units_hidden"]))
    for r in result.failures:
        lines.append(tr("FAIL {level} {code} {field}: attacker range {low}..{high}").format(
            level=r.level, code=r.code, field=r.field, low=f"{r.min:g}", high=f"{r.max:g}"))
    if list_ranges:
        for r in result.ranges:
            if not r.fails:
                text = (tr("ok   {level} {code} {field}: attacker range {low}..{high}") if r.exact
                        else tr("ok   {level} {code} {field}: attacker range at least {low}..{high}"))
                lines.append(text.format(level=r.level, code=r.code, field=r.field, low=f"{r.min:g}",
                                         high=f"{r.max:g}"))
    return "\n".join(lines)

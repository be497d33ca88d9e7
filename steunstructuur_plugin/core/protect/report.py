"""The analyst's plain-text audit report (reasons and information loss: not for
publication).
"""

from typing import Optional

from ..config import AnalysisConfig
from .model import INHERITED, PRIMARY, SECONDARY, AuditResult


def audit_report(result: AuditResult, loss: Optional[dict], cfg: AnalysisConfig, list_ranges: bool = False) -> str:
    """A plain-text report for the analyst: attacker ranges, reasons and information loss;
    ``list_ranges``: every hidden cell's range, not only the failing ones."""
    m = int(cfg.disclosure.min_count)
    lines = [result.summary(), f"threshold: counts 1..{m - 1} are never published or derivable"]
    lines += [f"FILE {p}" for p in result.problems]
    if loss:
        lines.append(f"cells hidden: {loss['cells_hidden']} of {loss['cells_total']} "
                     f"(primary {loss['by_reason'][PRIMARY]}, inherited {loss['by_reason'][INHERITED]}, "
                     f"secondary {loss['by_reason'][SECONDARY]})")
        lines.append("per level: " + ", ".join(f"{k} {v}" for k, v in loss["by_level"].items()))
        lines.append(f"units hidden in buurt cells: {loss['units_hidden']}")
    for r in result.failures:
        lines.append(f"FAIL {r.level} {r.code} {r.field}: attacker range {r.min:g}..{r.max:g}")
    if list_ranges:
        for r in result.ranges:
            if not r.fails:
                kind = "attacker range" if r.exact else "attacker range at least"
                lines.append(f"ok   {r.level} {r.code} {r.field}: {kind} {r.min:g}..{r.max:g}")
    return "\n".join(lines)

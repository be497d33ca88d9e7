"""The before/after evaluation of a pilot (issue #21 item 4): the permutation test on a
case worked out by hand, a planted effect inside its 95 % interval in most seeded draws
and no effect rejected about as often as the level says, the refusals, and the pilot on a
real run's published rates (Uden), written as a chart with its table and a CSV behind
the gate."""

import math

import numpy as np
import pandas as pd
import pytest
from test_series import series_cfg, uden_csv, uden_series  # noqa: F401  (fixtures)

from steunstructuur_plugin.core.publish.geopackage import read_series
from steunstructuur_plugin.core.series.pilot import PilotError, pilot_effect
from steunstructuur_plugin.export.chart import export_pilot

DATES = ["2024-01-01", "2024-07-01", "2025-01-01", "2025-07-01"]


def _table(rates):
    """A series table: code -> rates at :data:`DATES`."""
    return pd.DataFrame([{"code": code, "peildatum": d, "x_per1000": r} for code, rs in rates.items()
                         for d, r in zip(DATES, rs)])


def test_hand_computed_permutation_test():
    """Changes 5 and 7 against 1, 2 and 3: D = 6 - 2 = 4.  Of the 10 ways to pick two of
    five areas, only the pair summing to 12 (5 + 7 itself) gives |mean - mean| >= 4: p =
    1 / 10.  No split can be rarer, so nothing is rejected at 5 %: the interval is unbounded."""
    table = _table({"I1": [10, 15, 0, 0], "I2": [10, 17, 0, 0], "C1": [10, 11, 0, 0], "C2": [10, 12, 0, 0],
                    "C3": [10, 13, 0, 0]})
    r = pilot_effect(table, ["I1", "I2"], ["C1", "C2", "C3"], DATES[0], DATES[1], "x")
    assert (r.effect, r.p, r.splits, r.exact) == (4.0, 0.1, 10, True)
    assert (r.low, r.high) == (-math.inf, math.inf)
    assert r.mean_before == (10.0, 10.0) and r.mean_after == (16.0, 12.0)


def test_an_area_named_twice_counts_once_and_random_splits_never_give_p_0():
    """An outside review: a repeated code weighed twice, and with random splits (10 against
    10: 184,756 splits) a clear effect got p = 0; the observed split counts too: (1 + b) / (1 + B)."""
    table = _table({"I1": [10, 15, 0, 0], "I2": [10, 17, 0, 0], "C1": [10, 11, 0, 0], "C2": [10, 12, 0, 0],
                    "C3": [10, 13, 0, 0]})
    once = pilot_effect(table, ["I1", "I2"], ["C1", "C2", "C3"], DATES[0], DATES[1], "x")
    twice = pilot_effect(table, ["I1", "I1", "I2"], ["C1", "C2", "C3", "C3"], DATES[0], DATES[1], "x")
    assert (twice.effect, twice.p, twice.intervention, twice.control) == (
        once.effect, once.p, ["I1", "I2"], ["C1", "C2", "C3"])
    wide = _table({**{f"I{k}": [10, 30, 0, 0] for k in range(10)}, **{f"C{k}": [10, 11, 0, 0] for k in range(10)}})
    r = pilot_effect(wide, [f"I{k}" for k in range(10)], [f"C{k}" for k in range(10)], DATES[0], DATES[1], "x")
    assert not r.exact and r.splits == 10_000 and r.p == 1 / 10_001


def _draw(rng, n_i, n_c, effect):
    rates = {}
    for k in range(n_i + n_c):
        base, drift = rng.uniform(20, 60), rng.normal(2, 3)
        rates[f"I{k}" if k < n_i else f"C{k}"] = [
            round(base + drift * j + rng.normal(0, 2) + (effect if k < n_i and j >= 2 else 0), 1) for j in range(4)]
    return _table(rates), [c for c in rates if c[0] == "I"], [c for c in rates if c[0] == "C"]


def test_a_planted_effect_lies_in_its_interval():
    """6 intervention and 8 control buurten whose rates drift apart at random: a drop of 5
    per 1,000 planted in the intervention buurten after the pilot starts lies inside the
    95 % interval in at least 90 % of 200 seeded draws (the test's discreteness makes it
    conservative), and is estimated without bias."""
    rng = np.random.default_rng(11)
    inside, estimates = [], []
    for _ in range(200):
        table, i, c = _draw(rng, 6, 8, -5.0)
        r = pilot_effect(table, i, c, DATES[1], DATES[2], "x")
        inside.append(r.low <= -5.0 <= r.high)
        estimates.append(r.effect)
    assert np.mean(inside) >= 0.9
    assert abs(np.mean(estimates) + 5.0) < 0.5


def test_no_effect_is_rejected_about_as_often_as_the_level():
    rng = np.random.default_rng(12)
    rejected = [pilot_effect(*_draw(rng, 6, 8, 0.0), DATES[1], DATES[2], "x").p < 0.05 for _ in range(400)]
    assert np.mean(rejected) <= 0.05 + 2.5 * math.sqrt(0.05 * 0.95 / 400)


def test_refusals_name_what_is_wrong():
    table = _table({"A": [1, 2, 3, 4], "B": [1, 2, 3, 4], "C": [1, 2, 3, 4], "D": [1, np.nan, 3, 4]})
    with pytest.raises(PilotError, match="area A is in both groups"):
        pilot_effect(table, ["A", "B"], ["A", "C"], DATES[0], DATES[1], "x")
    with pytest.raises(PilotError, match="2024-02-01 is not a peildatum of the series"):
        pilot_effect(table, ["A", "B"], ["C", "D"], "2024-02-01", DATES[1], "x")
    with pytest.raises(PilotError, match="the peildatum before must lie before the one after"):
        pilot_effect(table, ["A", "B"], ["C", "D"], DATES[1], DATES[0], "x")
    with pytest.raises(PilotError, match="no map 'y'"):
        pilot_effect(table, ["A", "B"], ["C", "D"], DATES[0], DATES[1], "y")
    with pytest.raises(PilotError, match="area Z is not in the series"):
        pilot_effect(table, ["A", "Z"], ["C", "D"], DATES[0], DATES[1], "x")
    # D has no published rate on the date after: left out and said, and then too few controls
    with pytest.raises(PilotError, match=r"each group needs at least two areas .* \(intervention 2, control 1\)"):
        pilot_effect(table, ["A", "B"], ["C", "D"], DATES[0], DATES[1], "x")
    r = pilot_effect(table, ["A", "B"], ["C", "D"], DATES[0], DATES[2], "x")
    assert r.excluded == [] and r.control == ["C", "D"]


def test_pilot_on_published_rates_of_a_real_run(uden_series, tmp_path):  # noqa: F811
    """Uden: the buurten of wijk WK085601 against the others, armoede, 2023-01-01 to
    2024-01-01: the estimate is the published rates' difference in differences, worked out
    here from the file; the chart (PDF) and its table (CSV) are written."""
    result, _cfg = uden_series
    buurt = read_series(result.output)["buurt"]
    codes = sorted(buurt["code"].unique())
    inside = [c for c in codes if c.startswith("BU085601")]
    outside = [c for c in codes if not c.startswith("BU085601")]
    chart, table, r = export_pilot(result.output, "buurt", inside, outside, "2023-01-01", "2024-01-01", "armoede",
                                   str(tmp_path / "pilot.pdf"))
    rates = buurt.pivot(index="code", columns="peildatum", values="armoede_per1000").astype(float)
    change = (rates["2024-01-01"] - rates["2023-01-01"]).dropna()
    want = change[change.index.isin(inside)].mean() - change[change.index.isin(outside)].mean()
    assert r.effect == pytest.approx(want, abs=1e-9)
    assert sorted(r.intervention + r.control + [c for c, _ in r.excluded]) == codes
    assert all(code not in change.index for code, _ in r.excluded)
    assert r.low < r.effect < r.high and r.exact
    assert open(chart, "rb").read(4) == b"%PDF"
    written = pd.read_csv(table, sep=";", decimal=",")
    assert written["row"].tolist() == ["intervention", "control", "difference_in_differences"]
    assert written.loc[2, "change"] == pytest.approx(r.effect) and written.loc[2, "p"] == pytest.approx(r.p)

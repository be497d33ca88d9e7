"""Trends over a series (issue #21 item 3): the method on hand-computed cases, its level
on trendless series checked over many seeded draws (series that return to their level,
as counts of persons who stay for months do, and random walks), a planted rise found,
and the trend layers of a real run: the trends of the published rates, checked by the
gate."""

import math

import numpy as np
import pytest
from gpkg_edit import edit_gpkg
from test_series import series_cfg, uden_csv, uden_series  # noqa: F401  (fixtures)

from steunstructuur_plugin.core.pipeline import audit_file
from steunstructuur_plugin.core.publish.geopackage import read_series, read_trends
from steunstructuur_plugin.core.publish.seal import seal_secret, write_seal
from steunstructuur_plugin.core.series.tables import PEILDATUM
from steunstructuur_plugin.core.series.trend import FALLING, NO_TREND, RISING, TOO_FEW, trend, years

MONTHS = [f"{2024 + m // 12}-{m % 12 + 1:02d}-01" for m in range(12)]


def test_hand_computed_trends():
    t = np.array([0.0, 1.0, 2.0, 3.0])
    steady = trend(t, np.array([0.0, 1.0, 2.0, 3.0]))
    assert (steady.slope, steady.se, steady.p, steady.verdict) == (1.0, 0.0, 0.0, RISING)
    # increments 2, -1, 2: slope 1 per year; residuals 1, -2, 1: s^2 = 6 / 2; se = sqrt(3 / 3) = 1
    # t = 1 with 2 degrees of freedom: p = 1 - 1 / sqrt(3)
    swing = trend(t, np.array([0.0, 2.0, 1.0, 3.0]))
    assert swing.slope == 1.0 and swing.se == 1.0 and swing.p == pytest.approx(1 - 1 / math.sqrt(3), abs=1e-12)
    assert swing.verdict == NO_TREND and swing.points == 4
    down = trend(t, np.array([9.0, 6.0, 3.0, 0.5]))
    assert down.verdict == FALLING and down.slope == pytest.approx(-8.5 / 3)
    # a suppressed peildatum is a gap: the increment runs over two steps
    gap = trend(np.arange(5.0), np.array([0.0, np.nan, 2.0, 3.0, 4.0]))
    assert gap.points == 4 and gap.slope == 1.0 and gap.se == 0.0
    assert trend(t, np.array([0.0, np.nan, 2.0, 3.0])).verdict == TOO_FEW
    assert years(["2024-01-01", "2024-07-01", "2025-01-01"]).tolist() == [0.0, 182 / 365.25, 366 / 365.25]


def _stock(rng, months, arrive, stay, rise=0.0, warm=60):
    """Persons in a provision per 1,000 inhabitants at each month: arrivals Poisson
    (``arrive`` per month, growing by ``rise`` per month after the warm-up), each staying a
    geometric number of months with mean ``stay``."""
    ends = np.zeros(0, dtype=np.int64)
    out = []
    for k in range(warm + months):
        n = rng.poisson(arrive * (1 + rise * max(k - warm, 0)))
        ends = np.r_[ends[ends > k], k + rng.geometric(1 / stay, n)]
        if k >= warm:
            out.append(len(ends))
    return np.array(out, dtype=float)


@pytest.mark.parametrize("arrive,stay", [(2, 6), (5, 12), (10, 3), (20, 6)])
def test_trendless_series_are_seldom_significant(arrive, stay):
    """Counts that return to their level (the same arrivals every month): 600 seeded draws
    of 12 months each are called a significant trend at most as often as the level says
    (with 2.5 standard errors of a proportion of 600 for the draw).  A least-squares line
    called 45 % of them significant in the same draws."""
    rng = np.random.default_rng(arrive * 100 + stay)
    t = years(MONTHS)
    found = [trend(t, _stock(rng, 12, arrive, stay)).verdict != NO_TREND for _ in range(600)]
    assert np.mean(found) <= 0.05 + 2.5 * math.sqrt(0.05 * 0.95 / 600)


def test_random_walks_are_significant_as_often_as_the_level():
    """For a random walk (the method's own model) the level holds exactly: 4,000 draws
    within 2.5 standard errors of 5 %."""
    rng = np.random.default_rng(7)
    t = years(MONTHS)
    found = [trend(t, 50 + np.cumsum(rng.normal(0, 2, 12))).verdict != NO_TREND for _ in range(4000)]
    assert abs(np.mean(found) - 0.05) <= 2.5 * math.sqrt(0.05 * 0.95 / 4000)


def test_a_planted_rise_is_found():
    """Arrivals that grow 20 % of their first level each month (the count triples in a
    year): found rising in most draws; a straight rise of 12 per 1,000 a year with
    independent noise: the mean estimate is the planted slope."""
    rng = np.random.default_rng(3)
    t = years(MONTHS)
    rising = [trend(t, _stock(rng, 12, 5, 6, rise=0.2)).verdict == RISING for _ in range(300)]
    assert np.mean(rising) >= 0.7
    slopes = [trend(t, 40 + 12 * t + rng.normal(0, 1, 12)).slope for _ in range(2000)]
    assert abs(np.mean(slopes) - 12.0) < 0.1


def test_the_trend_layers_are_the_trends_of_the_published_rates(uden_series, tmp_path):  # noqa: F811
    result, cfg = uden_series
    series, trends = read_series(result.output), read_trends(result.output)
    assert sorted(trends) == ["buurt", "gemeente", "wijk"]
    dates = sorted(series["buurt"][PEILDATUM].unique())
    t = years(dates)
    classes = {}
    for level, table in series.items():
        got = trends[level].set_index("code")
        for code, rows in table.groupby("code"):
            for name in cfg.map_indicators():
                rates = rows.set_index(PEILDATUM).reindex(dates)[f"{name}_per1000"].astype(float).to_numpy()
                want = trend(t, rates)
                assert got.at[code, f"{name}_trend_points"] == int((~np.isnan(rates)).sum())
                assert got.at[code, f"{name}_trend_class"] == want.verdict
                if want.verdict != TOO_FEW:
                    assert got.at[code, f"{name}_trend"] == round(want.slope, 3)
                    assert got.at[code, f"{name}_trend_p"] == round(want.p, 4)
                classes[want.verdict] = classes.get(want.verdict, 0) + 1
    assert classes == {RISING: 61, NO_TREND: 12, TOO_FEW: 17}  # 30 areas x 3 maps
    # a trend changed by hand (sealed again) is refused: it is not the published rates'
    edited = tmp_path / "trend.gpkg"
    edited.write_bytes(open(result.output, "rb").read())
    edit_gpkg(edited, "update buurt_trend set armoede_trend = armoede_trend + 1 where fid = 1")
    write_seal(str(edited), seal_secret())
    audit, _cfg, _text = audit_file(str(edited))
    assert audit.problems == ["buurt_trend: 'armoede_trend' is not the trend of the published rates"]


"""One test per calibration row of MODEL.md, on the same data the explainer article shows.

Each test pins the tolerances of its row (so a tolerance cannot change without its reason
changing here) and checks every published outcome against the model. "central" outcomes need
the central estimate within the tolerance of the published value; "band" outcomes need the band
(low to high parameter set), widened by the tolerance, to reach it. Band checks are used where
studies disagree: the central estimate lands between them and the band covers each.
"""

from __future__ import annotations

import math

import pytest

from tracker.physiology.validation import Outcome, ValidationRow, validation_rows

ROWS = validation_rows()


def row(study: str) -> ValidationRow:
    found = [r for r in ROWS if r.study.startswith(study)]
    assert len(found) == 1, study
    return found[0]


def check(found: ValidationRow, tolerances: dict[str, tuple[float, str]]) -> None:
    """The row's tolerances and criteria are the ones listed, and every outcome is within."""
    assert {o.label: (o.tolerance, o.criterion) for o in found.outcomes} == tolerances
    assert found.tolerance_reason.strip()
    misses = [
        f"{o.label}: published {o.published_text()}, model {o.model_text()}, "
        f"tolerance {o.tolerance} ({o.criterion})"
        for o in found.outcomes
        if not o.passed
    ]
    assert not misses, misses
    assert found.passed


def test_every_row_of_model_md_is_here_in_order() -> None:
    assert [r.study.split(" (")[0] for r in ROWS] == [
        "Ogasawara et al. 2011",
        "Ogasawara et al. 2013",
        "Räntilä et al. 2021",
        "Lemmer et al. 2000",
        "Taaffe & Marcus 1997",
        "Psilander et al. 2019",
        "Graves et al. 1988",
        "García-Pallarés et al. 2010",
        "Narici et al. 1989",
        "Abe et al. 2000",
        "Wall et al. 2014",
        "Kilroe et al. 2020",
        "Marusic et al. 2021",
        "Bickel et al. 2011; Spiering et al. 2021",
        "Nuckols 2022",
        # Cross-education (issue 17): beyond MODEL.md's table, the studies of training the
        # free limb while the other is immobilised.
        "Farthing et al. 2009",
        "Haggert et al. 2020",
    ]
    for r in ROWS:
        assert r.protocol.arms and all(arm.phases for arm in r.protocol.arms)


@pytest.mark.parametrize(
    ("published", "model", "band", "criterion", "passed"),
    [
        ((10.0, 10.0), 12.0, (5.0, 20.0), "central", True),  # 2 points off, tolerance 3
        ((10.0, 10.0), 14.0, (5.0, 20.0), "central", False),  # 4 points off
        ((10.0, 10.0), 30.0, (12.0, 40.0), "band", True),  # band edge 2 points off
        ((10.0, 10.0), 30.0, (14.0, 40.0), "band", False),  # band edge 4 points off
        ((0.0, math.inf), -2.0, (-5.0, 1.0), "central", True),  # "at least 0": 2 below
        ((-math.inf, 0.0), 4.0, (1.0, 6.0), "central", False),  # "at most 0": 4 above
    ],
)
def test_the_tolerance_check_itself(
    published: tuple[float, float],
    model: float,
    band: tuple[float, float],
    criterion: str,
    passed: bool,
) -> None:
    outcome = Outcome("x", published, model, band, 3.0, criterion, " %")  # type: ignore[arg-type]
    assert outcome.passed is passed


def test_ogasawara_2011() -> None:
    check(
        row("Ogasawara et al. 2011"),
        {
            # 7-8 men per group: the standard error of a mean CSA gain is 2-3 points; 4 points
            # is about two standard errors.
            "pectoral CSA, 6 wk": (4, "central"),
            # The triceps only gets half a set per bench set (the app's rule for secondary
            # muscles); how much a bench press loads it varies with grip: 7 points.
            "triceps CSA, 6 wk": (7, "central"),
            # 1RM gains vary more between studies than CSA gains: 5 points.
            "bench 1RM, 6 wk": (5, "central"),
            # The two reports of the 3-week break (a small loss or none) span the published
            # range; 2 points is about the test-retest error of a 1RM or an MRI CSA.
            "1RM over 3 wk off": (2, "central"),
            "pectoral CSA over 3 wk off": (2, "central"),
            # Retraining and the group without a break: same group sizes as above.
            "pectoral CSA, 6 wk retraining": (4, "central"),
            "1RM, 6 wk retraining": (6, "central"),
            "pectoral CSA, weeks 10-15 without a break": (3, "central"),
            "1RM, weeks 10-15 without a break": (5, "central"),
        },
    )


def test_ogasawara_2013() -> None:
    check(
        row("Ogasawara et al. 2013"),
        {
            # "Same gains" with 7 men per group: a 4-5 point difference in a 30-40 % gain would
            # not have been significant.
            "periodic minus continuous, CSA gain": (4, "central"),
            "periodic minus continuous, 1RM gain": (5, "central"),
        },
    )


def test_rantila_2021() -> None:
    check(
        row("Räntilä et al. 2021"),
        {
            # 24 men: standard error of the mean CSA gain about 1.5 points.
            "VL CSA, 10 wk": (3, "central"),
            # 10-12-week 1RM gains in MODEL.md's table run from 16 % (this study) to 33 %
            # (Lemmer): 8 points is half that spread.
            "leg press 1RM, 10 wk": (8, "central"),
            # Subgroups of 7-10 men whose mean gains we had to estimate (about 18 % and 9 %).
            # Reading followed: early size loss, in proportion to the gain (this study and
            # Ogasawara), not Lemmer's "most of the loss after week 12".
            "high responders (gain ≈ 18 %), 6 wk off": (4, "central"),
            "other responders (gain ≈ 9 %), 6 wk off": (4, "central"),
        },
    )


def test_lemmer_2000() -> None:
    check(
        row("Lemmer et al. 2000"),
        {
            # Knee-extension 1RM gains much from learning; the young gain (+33 %) is the top of
            # the studies here, so it is checked against the band (3 points).
            "young 1RM, 9 wk": (3, "band"),
            # About 10 people per group: 6 points is two standard errors.
            "older 1RM, 9 wk": (6, "central"),
            # Studies disagree: 67 % kept after 31 weeks here, 60 % in Psilander after 20, but
            # 68 % lost in 12 weeks in Graves. Reading: the central estimate lands between and
            # the band (5 points) reaches this study.
            "young 1RM after 31 wk off vs before (67 % of the gain kept)": (5, "band"),
            "older 1RM after 31 wk off vs before (31 % kept)": (5, "central"),
        },
    )


def test_taaffe_1997() -> None:
    check(
        row("Taaffe & Marcus 1997"),
        {
            # +40 % in 24 weeks is above every other study here: band, 5 points.
            "1RM, 24 wk": (5, "band"),
            # 30 % lost in 12 weeks against Lemmer's older group (69 % lost in 31 weeks): both
            # cannot lie on one exponential. Reading: central nearer Lemmer, band reaches this.
            "share of the 1RM gain lost in 12 wk off": (10, "band"),
            # "Fully regained" is one-sided; 3 points is the 1RM test-retest error.
            "1RM after 8 wk retraining vs before the break": (3, "central"),
            # "Back to baseline": fibre-size measurement error of about 3 points.
            "size after 12 wk off vs before training": (3, "central"),
        },
    )


def test_psilander_2019() -> None:
    check(
        row("Psilander et al. 2019"),
        {
            # 19 people: the published range (thickness 10 %, fibre CSA 17 %) plus 2 points.
            "size, 10 wk (thickness +10, fibre CSA +17)": (2, "central"),
            # Spread of 1RM gains across studies, as for Räntilä.
            "1RM, 10 wk": (8, "central"),
            "size after 20 wk off vs before training": (3, "central"),
            # Strength retention: the disagreement with Graves (see Lemmer); band, 5 points.
            "share of the 1RM gain kept after 20 wk off": (5, "band"),
            # "No faster": a regrowth ratio up to 1.25 is the smallest difference a 19-person
            # study could have detected.
            "retraining size gain, trained / untrained leg": (0.25, "central"),
        },
    )


def test_graves_1988() -> None:
    check(
        row("Graves et al. 1988"),
        {
            # Isometric strength at fixed angles against the 1RM the app estimates. Reading
            # followed: the 1RM studies (Lemmer, Psilander); the band reaches this one within
            # 8 points.
            "0 days/wk: share of the strength gain lost": (8, "band"),
            # "Kept": up to 5 points lost is within the error of the test.
            "1 day/wk: share of the strength gain lost": (5, "central"),
        },
    )


def test_garcia_pallares_2010() -> None:
    check(
        row("García-Pallarés et al. 2010"),
        {
            # 7 athletes per group: 3 points is about two standard errors of a 1RM change.
            # Reading (since the backtest on real lifters' logs, issue 13): elite kayakers lost
            # more in five weeks off than trained lifters' logs show after breaks of one to
            # four months; the central estimate follows the logs, the band's low end (a
            # long-held gain lost as fast as a fresh one) reaches this study.
            "bench 1RM, 5 wk stop": (3, "band"),
            # Elite athletes lost strength on reduced training where Bickel and Spiering found
            # it maintains. Reading: the central estimate follows the maintenance studies; the
            # band's low end (more sets needed after a long training history) reaches this.
            "bench 1RM, 5 wk reduced": (1, "band"),
        },
    )


def test_narici_1989() -> None:
    check(
        row("Narici et al. 1989"),
        {
            # Four men.
            "quadriceps CSA": (3, "central"),
            "strength": (8, "central"),
            # The studies here imply a neural share between about 0.3 and 0.7.
            "neural share of the strength gain": (0.15, "central"),
        },
    )


def test_abe_2000() -> None:
    check(
        row("Abe et al. 2000"),
        {
            # The published range is wide already (10-31 %): no extra tolerance.
            "upper-body muscle thickness": (0, "central"),
            # MODEL.md's novice rate for legs (0.1-0.2 %/day) allows 8-17 % in 12 weeks, and
            # the other leg studies here show 10-11 % in 9-10 weeks: 5 points.
            "lower-body muscle thickness": (5, "central"),
            # Published ranges plus the spread of 1RM gains across studies.
            "1RM, legs": (4, "central"),
            "1RM, bench press": (5, "central"),
        },
    )


def test_wall_2014() -> None:
    check(
        row("Wall et al. 2014"),
        {
            # 12 men per group: standard error about 0.7 points.
            "quadriceps CSA, 5 days": (1.5, "central"),
            "quadriceps CSA, 14 days": (1.5, "central"),
            # This study's strength/size ratio at day 5 (2.6) is far below Marusic's pooled
            # 4.2. Reading: the model lands between, so 4.5 points.
            "strength, 5 days": (4.5, "central"),
            "strength, 14 days": (4.5, "central"),
        },
    )


def test_kilroe_2020() -> None:
    check(
        row("Kilroe et al. 2020"),
        {
            # MRI volume error about 1 %; at 7 days this study lost more than Wall's cast
            # would predict: 2 points.
            "quadriceps volume, 2 days": (1, "central"),
            "quadriceps volume, 7 days": (2, "central"),
        },
    )


def test_marusic_2021() -> None:
    check(
        row("Marusic et al. 2021"),
        {
            # Day 5 is the least certain point (Wall found 2.6 where the pooled curve gives
            # 4.2): 1.0. Later ratios are better pinned: 0.4.
            "strength loss / size loss, day 5": (1.0, "central"),
            "strength loss / size loss, day 14": (0.4, "central"),
            "strength loss / size loss, day 35": (0.4, "central"),
            # MODEL.md point 4's front-loaded daily rates, to 0.1 %/day.
            "size loss per day, week 1 (MODEL.md)": (0.1, "central"),
            "size loss per day, week 3 (MODEL.md)": (0.1, "central"),
        },
    )


def test_bickel_2011() -> None:
    check(
        row("Bickel et al. 2011"),
        {
            # "Kept" read as at least 90 % of the gain, "not kept" as at most 70 %; 5 points
            # for the error of fibre-size measurements.
            "young, 1/3 dose: share of size gain kept": (5, "central"),
            "young, 1/9 dose: share of size gain kept": (5, "central"),
            "older, 1/3 dose: share of size gain kept": (5, "central"),
            "older, 1/9 dose: share of size gain kept": (5, "central"),
        },
    )


def test_nuckols_2022() -> None:
    check(
        row("Nuckols 2022"),
        {
            # A review's rule of thumb with its own range (one third to two thirds of the
            # break); 0.05 for the day-level rounding of short breaks.
            "4-wk break: regain time / break": (0.05, "central"),
            "8-wk break: regain time / break": (0.05, "central"),
            "12-wk break: regain time / break": (0.05, "central"),
            "16-wk break: regain time / break": (0.05, "central"),
        },
    )


def test_farthing_2009() -> None:
    """Farthing JP, Krentz JR, Magnus CRA. J Appl Physiol 2009;106(3):830-836: cast arm
    12.2 -> 10.4 N·m (-14.8 %) and 3.47 -> 3.32 cm (-4.3 %) without training, 13.9 -> 14.2 N·m
    (+2.2 %) and 3.61 -> 3.57 cm (-1.1 %) while the free arm trained: differences of 17.0
    and 3.2 points."""
    check(
        row("Farthing et al. 2009"),
        {
            # 10 a group, the untreated control arm drifted 5.5 %; a wrist cast loses less
            # than the model's full-limb cast. Reading: band, 6 points.
            "cast arm strength, no training": (6, "band"),
            "cast arm thickness, no training": (6, "band"),
            # The cross-education itself, the difference between the cast groups: central.
            "strength kept by training the other arm (points)": (5, "central"),
            "thickness kept by training the other arm (points)": (2, "central"),
        },
    )


def test_haggert_2020() -> None:
    """Haggert M, Pearce A, Frazer A, Rahman S, Kidgell D, Siddique U. J Sci Med 2020;2(4):
    1-16 (5 RCTs, 78 people): strength SMD 1.60 (0.62-2.59), thickness 1.52 (0.22-2.81),
    muscle activation no difference."""
    found = row("Haggert et al. 2020")
    check(
        found,
        {
            # Standardised effects only: above zero, strength the larger; no tolerance.
            "strength kept, training against none": (0, "central"),
            "muscle thickness kept, training against none": (0, "central"),
            "strength kept more than thickness (points)": (0, "central"),
        },
    )
    # Every parameter set keeps some of both (the confidence intervals exclude no effect).
    for outcome in found.outcomes:
        assert outcome.band[0] > 0, outcome.label

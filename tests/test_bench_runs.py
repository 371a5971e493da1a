"""The benchmarks still run: each is a script that nothing else imports, so an API it uses can
change under it unnoticed (bench_import once called a function that had moved). Run on a tiny
input; the goals themselves are for ``make bench`` on the full sizes, not for a test."""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"


def _load(name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def test_bench_import_runs_on_a_small_file(capsys: pytest.CaptureFixture[str]) -> None:
    bench = _load("bench_import")
    bench.main(["--rows", "400", "--repeat", "1"])
    printed = capsys.readouterr().out
    assert "Strong S5 file: 400 rows" in printed
    for label in ("Regain import", "Web path (upload", "Web path, each request"):
        assert f"{label}" in printed and "ratio" in printed.split(label)[1].splitlines()[0]


def test_bench_dashboard_runs_quickly(capsys: pytest.CaptureFixture[str]) -> None:
    bench = _load("bench_dashboard")
    bench.main(["--runs", "0.02"])
    printed = capsys.readouterr().out
    assert "heavy user: " in printed and "days re-simulated per new set" in printed
    for line in ("ratio to the bare route:", "(goal: at most 1.5)", "ratio: "):
        assert line in printed


def test_bench_model_runs_quickly(capsys: pytest.CaptureFixture[str]) -> None:
    bench = _load("bench_model")
    status = bench.main(["--repeats", "1"])
    printed = capsys.readouterr().out
    verdict = re.search(
        r"\(CPU time\): [0-9.]+ against the SVG \(goal <= 0.5: (goal \w+)\)", printed
    )
    assert verdict is not None, printed
    # Its exit status says whether the goal was met, as the dashboard's bench does.
    assert status == (0 if verdict.group(1) == "goal met" else 1)

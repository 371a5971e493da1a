"""Run every benchmark in this folder, one after the other (``make bench``).

Each benchmark measures its own bare baseline in the same run and prints a ratio against it,
so the numbers mean the same on a fast or a slow machine.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHMARKS = ("bench_model.py", "bench_import.py", "bench_dashboard.py", "bench_returns.py")


def main() -> int:
    failed = 0
    for name in BENCHMARKS:
        print(f"== {name}", flush=True)
        result = subprocess.run([sys.executable, str(HERE / name)], check=False)
        failed += result.returncode != 0
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())

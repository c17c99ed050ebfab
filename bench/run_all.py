"""Run every benchmark (`make bench`), one after the other, each in its own process.

Each prints its figures and PASS/FAIL per target (bench/README.md); this exits non-zero
when any of them failed. DATABASE_URL is passed on (default: each script's own).
Run: `.venv/bin/python bench/run_all.py [booking lists settlement bank_import]`.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent
SCRIPTS = ["booking", "lists", "settlement", "bank_import"]


def main(names: list[str]) -> int:
    failed = []
    for name in names or SCRIPTS:
        print(f"== bench/{name}.py", flush=True)
        if subprocess.run([sys.executable, str(BENCH / f"{name}.py")], cwd=BENCH.parent).returncode:
            failed.append(name)
    print("FAIL: " + ", ".join(failed) if failed else "PASS: all benchmarks")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

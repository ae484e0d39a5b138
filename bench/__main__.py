"""``python -m bench [--sizes 1000,10000] [--only NAME] [--json FILE]``.

Each feature module ``bench/cases_*.py`` lists its benchmarks in ``BENCHES``. Benchmarks are
not tests: CI does not run them.
"""

from __future__ import annotations

import argparse
import importlib
import json
import pkgutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.harness import Bench, Measurement  # noqa: E402


def all_benches() -> list[Bench]:
    import bench

    found: list[Bench] = []
    for info in sorted(pkgutil.iter_modules(bench.__path__), key=lambda i: i.name):
        if info.name.startswith("cases_"):
            found.extend(importlib.import_module(f"bench.{info.name}").BENCHES)
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", help="comma-separated sizes, e.g. 1000,10000 (default: each benchmark's own)")
    parser.add_argument("--only", action="append", metavar="NAME", help="run only this benchmark; repeat for several")
    parser.add_argument("--json", metavar="FILE", help="also write the measurements as a JSON list")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    args = parser.parse_args(argv)
    benches = all_benches()
    if args.list:
        for b in benches:
            print(f"{b.name:24} sizes {','.join(map(str, b.sizes)):16} {b.help}")
        return 0
    if args.only:
        unknown = set(args.only) - {b.name for b in benches}
        if unknown:
            print(f"unknown benchmark: {', '.join(sorted(unknown))}", file=sys.stderr)
            return 2
        benches = [b for b in benches if b.name in args.only]
    sizes = tuple(int(s) for s in args.sizes.split(",")) if args.sizes else None
    results: list[Measurement] = []
    print(f"{'name':28} {'n':>7} {'value':>10} {'floor':28} {'floor s':>9} {'ratio':>7} {'target':>7}")
    for b in benches:
        for n in sizes or b.sizes:
            for m in b.run(n):
                results.append(m)
                unit = "" if m.unit == "s" else f" {m.unit}"
                print(
                    f"{m.name:28} {m.n:>7} {m.seconds:>10.4f}{unit} {m.floor or '-':28} "
                    f"{(m.floor_seconds or 0):>9.4f} {(m.ratio if m.ratio is not None else float('nan')):>7.2f} "
                    f"{(m.target if m.target is not None else float('nan')):>7.2f}",
                    flush=True,
                )
    if args.json:
        Path(args.json).write_text(
            json.dumps([m.as_dict() for m in results], indent=2, ensure_ascii=False), encoding="utf-8"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())

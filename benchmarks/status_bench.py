"""Time `status` on a big strategy against a bare tomllib parse of the same file.

A strategy with 1,000 milestones and 20,000 journal entries; prints the best of N runs of
each stage and the ratio status / tomllib. Target: status within 1.5x of the bare parse.

    python benchmarks/status_bench.py [--runs 5] [--profile]
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import pstats
import time
import tomllib
from collections.abc import Callable

from transition_cli.check import check_document
from transition_cli.files.calls import load_catalogue
from transition_cli.files.loader import load_bytes
from transition_cli.views import status

AS_OF = dt.date(2019, 6, 30)


def build(milestones: int = 1000, entries: int = 20000) -> str:
    out = ['transition = "strategy/1"', 'call = "itr-2017"', 'title = "Benchmark region"',
           "period = { start = 2018-01-01, end = 2019-12-31 }", "",
           "[region]", 'name = "Benchmark"', 'country = "FR"', 'nuts = ["FRE1", "FRE2"]', ""]
    for i in range(5):
        out += ["[[experts]]", f'id = "x{i}"', f'name = "Expert {i}"', "day_rate = 100.00",
                "planned_days = 50", ""]
    start = dt.date(2018, 1, 1)
    for i in range(milestones):
        due = start + dt.timedelta(days=i * 700 // milestones + 1)
        out += ["[[milestones]]", f'id = "M{i}"', f'title = "Milestone {i}"', f"due = {due}",
                f'owner = "x{i % 5}"']
        if i:
            out.append(f'depends_on = ["M{i - 1}"]')
        out.append("")
    out += ["[[envelopes]]", 'id = "expertise"', "cap = 200000.00", "",
            "[[envelopes]]", 'id = "implementation"', "cap = 300000.00", 'gate = "M10"', ""]
    done = 0
    for n in range(entries):
        day = start + dt.timedelta(days=n * 540 // entries)
        kind = n % 4
        out.append("[[journal]]")
        out.append(f"date = {day}")
        if kind == 0 and done < milestones:
            out += ['kind = "milestone.done"', f'milestone = "M{done}"']
            done += 1
        elif kind == 1:
            out += ['kind = "expert.log"', f'expert = "x{n % 5}"', "days = 0.01"]
        else:
            out += ['kind = "budget.commit"', 'envelope = "expertise"', "amount = 0.01",
                    f'ref = "C{n}"', 'note = "small order"']
        out.append("")
    return "\n".join(out)


def best(func: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        func()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    text = build()
    data = text.encode()
    catalogue = load_catalogue()

    def parse() -> object:
        return tomllib.loads(data.decode("utf-8"))

    def load() -> object:
        return load_bytes(data, "bench.toml")

    def checked() -> object:
        return check_document(load_bytes(data, "bench.toml"), catalogue, AS_OF)

    def full() -> object:
        doc = check_document(load_bytes(data, "bench.toml"), catalogue, AS_OF)
        return status(doc, catalogue, AS_OF)

    doc = check_document(load_bytes(data, "bench.toml"), catalogue, AS_OF)

    def views_only() -> object:
        return status(doc, catalogue, AS_OF)

    def rendered() -> object:
        from transition_cli.render import status as render

        report = status(doc, catalogue, AS_OF)
        console = render.fixed_console(100)
        return list(render.lines(render.report(report, console), console))

    if args.profile:
        cProfile.runctx("full()", globals(), locals(), "/tmp/status.prof")
        pstats.Stats("/tmp/status.prof").sort_stats("cumulative").print_stats(25)
        return
    t_parse = best(parse, args.runs)
    t_load = best(load, args.runs)
    t_check = best(checked, args.runs)
    t_full = best(full, args.runs)
    t_views = best(views_only, args.runs)
    t_render = best(rendered, max(1, args.runs // 2))
    print(f"file: {len(data) / 1e6:.1f} MB, 1,000 milestones, 20,000 journal entries")
    print(f"tomllib parse              {t_parse * 1000:8.1f} ms   1.00x")
    print(f"load (parse + validate)    {t_load * 1000:8.1f} ms   {t_load / t_parse:.2f}x")
    print(f"load + check (all rules)   {t_check * 1000:8.1f} ms   {t_check / t_parse:.2f}x")
    print(f"status (load+check+views)  {t_full * 1000:8.1f} ms   {t_full / t_parse:.2f}x")
    print(f"  views alone              {t_views * 1000:8.1f} ms   {t_views / t_parse:.2f}x")
    print(f"  views + rich rendering   {t_render * 1000:8.1f} ms   {t_render / t_parse:.2f}x")


if __name__ == "__main__":
    main()

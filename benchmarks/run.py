"""Benchmarks of ``transition`` against baselines measured in the same run.

    python benchmarks/run.py              # generate data if missing, run, print the table
    python benchmarks/run.py --repeat 21  # more repetitions on a noisy machine
    python benchmarks/run.py --quick      # fewer repetitions, no 10,000-file folder

Every figure is the median wall time, CPU time (user + system, children included) or peak
memory of repeated child processes, with the runs of a row interleaved (A, B, A, B, ...)
so that load from other processes on a shared machine falls on both sides of each ratio
alike. The peers check-jsonschema and taplo come with ``pip install -e '.[bench]'``; rows
that need a missing peer are skipped and say so.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402

PY = sys.executable
AS_OF = ["--as-of", generate.AS_OF]
SCAFFOLDED = "2018-01-15"
"""A day in the first month of the scaffolded strategies' period: nothing is due yet."""

MINIMAL_TYPER = '''\
"""The smallest Typer program of one command: what any Typer CLI pays to start."""
from pathlib import Path

import typer

app = typer.Typer(add_completion=False)


@app.command()
def check(path: Path, as_of: str = typer.Option(None, "--as-of")) -> None:
    """Check a file."""
    print(f"{path}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    app()
'''

PARSE_ONLY = '''\
"""Parse every .toml file under the arguments with tomllib, floats as Decimal; nothing else."""
import os
import sys
import tomllib
from decimal import Decimal

for arg in sys.argv[1:]:
    if os.path.isdir(arg):
        files = []
        for root, dirs, names in os.walk(arg):
            dirs.sort()
            files += [os.path.join(root, n) for n in sorted(names) if n.endswith(".toml")]
    else:
        files = [arg]
    for name in files:
        with open(name, "rb") as handle:
            tomllib.loads(handle.read().decode("utf-8"), parse_float=Decimal)
'''


@dataclass
class Sample:
    seconds: float
    maxrss_kib: int
    returncode: int
    cpu: float = 0.0  # user + system seconds of the process (and the children it reaped)


def run_once(argv: Sequence[str], setup: Callable[[], None] | None = None,
             ok: tuple[int, ...] = (0,), env: dict[str, str] | None = None) -> Sample:
    if setup is not None:
        setup()
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env={**os.environ, **env} if env else None)
    # wait4 gives the child's own rusage; on Linux ru_maxrss also covers the children it
    # reaped (a process pool's workers), as the largest single process.
    _, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    stderr = proc.stderr.read().decode("utf-8", "replace") if proc.stderr else ""
    if proc.stderr:
        proc.stderr.close()
    code = os.waitstatus_to_exitcode(status)
    proc.returncode = code
    if code not in ok:
        raise SystemExit(f"benchmark command failed ({code}): {' '.join(argv)}\n{stderr}")
    return Sample(elapsed, usage.ru_maxrss, code, usage.ru_utime + usage.ru_stime)


@dataclass
class Row:
    name: str
    subject: str
    baseline: str
    value: float
    base_value: float
    unit: str
    target: float | None
    note: str = ""
    absolute: bool = False  # the target is a time in seconds, not a ratio

    @property
    def ratio(self) -> float:
        return self.value / self.base_value

    def cells(self) -> list[str]:
        fmt = (lambda v: f"{v * 1000:.0f} ms") if self.unit in ("s", "cpu") else (
            lambda v: f"{v / 1024:.1f} MiB")
        measured = self.value if self.absolute else self.ratio
        verdict = "" if self.target is None else (
            "met" if measured <= self.target else "NOT met")
        if self.target is None:
            target = "—"
        elif self.absolute:
            target = f"< {self.target * 1000:.0f} ms"
        else:
            target = f"≤ {self.target:.2f}x"
        kind = " CPU" if self.unit == "cpu" else ""
        return [self.name, f"{self.subject}:{kind} {fmt(self.value)}",
                f"{self.baseline}:{kind} {fmt(self.base_value)}", f"{self.ratio:.2f}x",
                target, verdict]


def compare(
    subject: Sequence[str], baseline: Sequence[str], repeat: int,
    setup: Callable[[], None] | None = None, warmup: int = 1,
    ok: tuple[int, ...] = (0,), env: dict[str, str] | None = None,
) -> tuple[list[Sample], list[Sample]]:
    """``env`` is added to the subject's environment (a completion request)."""
    for _ in range(warmup):
        run_once(subject, setup, ok, env)
        run_once(baseline)
    a: list[Sample] = []
    b: list[Sample] = []
    for i in range(repeat):
        # Alternate which side goes first so neither always follows the other.
        if i % 2:
            b.append(run_once(baseline))
            a.append(run_once(subject, setup, ok, env))
        else:
            a.append(run_once(subject, setup, ok, env))
            b.append(run_once(baseline))
    return a, b


def median(samples: list[Sample], memory: bool = False, cpu: bool = False) -> float:
    if memory:
        return statistics.median(s.maxrss_kib for s in samples)
    return statistics.median(s.cpu if cpu else s.seconds for s in samples)


def peer(name: str) -> str | None:
    """A peer's command: beside this Python first (the bench extra), else on PATH."""
    beside = Path(PY).parent / name
    return str(beside) if beside.exists() else shutil.which(name)


def taplo_lint(taplo: str, folder: str) -> list[str]:
    """taplo's syntax lint of every TOML file under ``folder`` (no schema, no settings)."""
    return [taplo, "lint", "--no-schema", "--no-auto-config", "--colors", "never",
            f"{folder}/**/*.toml"]


def dotted_key_file(data: Path, parts: int = 50_000) -> Path:
    """~150 KB: one dotted key of 50,000 parts (quadratic in tomllib: minutes, GBs)."""
    path = data / f"dotted-{parts}.toml"
    if not path.exists():
        path.write_text('transition = "strategy/1"\n' + ".".join(["ab"] * parts) + " = 1\n",
                        encoding="utf-8")
    return path


def transition_cmd() -> list[str]:
    script = Path(PY).parent / "transition"
    return [str(script)] if script.exists() else [PY, "-m", "transition_cli"]


def available(*command: str) -> bool:
    """Whether ``transition COMMAND...`` exists in the installed version."""
    out = subprocess.run([*transition_cmd(), *command, "--help"], capture_output=True,
                         check=False)
    return out.returncode == 0


def machine() -> list[str]:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor() or "unknown"
    load = os.getloadavg() if hasattr(os, "getloadavg") else ("?",)
    return [
        f"nproc: {os.cpu_count()}; CPU: {model}",
        f"Python {platform.python_version()} ({platform.python_implementation()}), "
        f"{platform.system()} {platform.release()}",
        "load average at start: " + ", ".join(f"{x:.2f}" for x in load),
    ]


# Recording commands tried on the big file, first available wins.
RECORDERS: tuple[tuple[str, ...], ...] = (
    ("expert", "log", "{file}", "lead", "0.5", "--date", "2019-12-30"),
    ("milestone", "done", "{file}", "X1", "--date", "2019-12-30"),
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=HERE / ".data")
    parser.add_argument("--repeat", type=int, default=11, help="runs per fast row")
    parser.add_argument("--quick", action="store_true",
                        help="3 runs per row, memory on 2,000 files instead of 10,000")
    parser.add_argument("--skip-hostile", action="store_true",
                        help="leave out the 50,000-part dotted key (minutes with tomllib)")
    args = parser.parse_args(argv)
    repeat = 3 if args.quick else args.repeat
    slow_repeat = 3 if args.quick else max(3, args.repeat // 2)
    big_folder = 2000 if args.quick else 10000
    data: Path = args.data
    generate.generate(data, (100, 2000, big_folder))
    # Installed packages come with bytecode; an editable install under
    # PYTHONDONTWRITEBYTECODE=1 would recompile every module on every run instead.
    subprocess.run([PY, "-c", "import compileall, pathlib, transition_cli; compileall.compile_dir("
                    "pathlib.Path(transition_cli.__file__).parent, quiet=1)"], check=True)
    (data / "minimal_typer.py").write_text(MINIMAL_TYPER, encoding="utf-8")
    (data / "parse_only.py").write_text(PARSE_ONLY, encoding="utf-8")
    tr = transition_cmd()
    one, big = str(data / "one.toml"), str(data / "big.toml")
    rows: list[Row] = []
    notes: list[str] = []
    print("\n".join(machine()), file=sys.stderr)

    def progress(what: str) -> None:
        print(f"... {what}", file=sys.stderr, flush=True)

    typer_min = [PY, str(data / "minimal_typer.py"), one, *AS_OF]
    check_one = [*tr, "check", one, *AS_OF]
    progress("one-file check vs minimal Typer program (CPU)")
    a, b = compare(check_one, typer_min, repeat)
    rows.append(Row("one-file check (30 milestones, 300 entries)", "check", "minimal Typer",
                    median(a, cpu=True), median(b, cpu=True), "cpu", 1.15))
    progress("one-file check vs python -c pass")
    a2, c = compare(check_one, [PY, "-c", "pass"], repeat)
    rows.append(Row("one-file check", "check", "python -c pass", median(a2), median(c), "s",
                    None))
    jsonschema = peer("check-jsonschema")
    if jsonschema:
        progress("one-file check vs check-jsonschema (CPU)")
        schema = str(HERE.parent / "schemas" / "strategy-1.schema.json")
        a, b = compare(check_one, [jsonschema, "--schemafile", schema, one], repeat)
        rows.append(Row("one-file check", "check", "check-jsonschema", median(a, cpu=True),
                        median(b, cpu=True), "cpu", 0.6))
    else:
        notes.append("check-jsonschema not installed (pip install -e '.[bench]'): skipped")

    example = str(HERE.parent / "examples" / "hauts-de-france.toml")
    if available("status"):
        progress("status of the example vs minimal Typer program (CPU)")
        a, b = compare([*tr, "status", example, "--as-of", "2018-06-30"], typer_min, repeat)
        rows.append(Row("status examples/hauts-de-france.toml", "status", "minimal Typer",
                        median(a, cpu=True), median(b, cpu=True), "cpu", 1.2))

    if available("status", "--lang", "fr"):
        # French loads the catalog (a cached .mo, compiled by the warm-up run) and Babel's
        # CLDR formats; English imports neither (issue 18: within 1.2x of English).
        status = [*tr, "status", example, "--as-of", "2018-06-30"]
        progress("status of the example in French vs in English")
        a, b = compare([*status, "--lang", "fr"], [*status, "--lang", "en"], repeat)
        rows.append(Row("status examples/hauts-de-france.toml, French", "status --lang fr",
                        "status --lang en", median(a), median(b), "s", 1.2))
        progress("one-file check in French vs in English")
        a, b = compare([*check_one, "--lang", "fr"], [*check_one, "--lang", "en"], repeat)
        rows.append(Row("one-file check, French", "check --lang fr", "check --lang en",
                        median(a), median(b), "s", 1.2))

    taplo = peer("taplo")
    if not taplo:
        notes.append("taplo not installed (pip install -e '.[bench]'): skipped")

    def folder_rows(what: str, check: list[str], folder: str, row: str,
                    taplo_row: str | None = None) -> None:
        """A folder check against the one-process tomllib parse, and against taplo lint."""
        progress(f"{what}: check vs parse only")
        a, b = compare(check, [PY, str(data / "parse_only.py"), folder], slow_repeat)
        rows.append(Row(row, "check", "tomllib parse only (1 process)", median(a), median(b),
                        "s", 0.5))
        if taplo:
            progress(f"{what}: check vs taplo lint")
            a, b = compare(check, taplo_lint(taplo, folder), slow_repeat)
            rows.append(Row(taplo_row or row, "check", "taplo lint", median(a), median(b),
                            "s", 0.8))

    folder = str(data / "folder-2000")
    folder_rows("2,000-file check", [*tr, "check", folder, *AS_OF, "-q"], folder,
                "2,000-file check (realistic, 37 KB)", "2,000-file check")
    # The issue's own row: strategies as `transition init` writes them (about 6 KB, no
    # journal), where start-up and per-file overhead weigh more than in the realistic files.
    # As of AS_OF (2019-12-31) each has 9 warnings (overdue milestones, deliverables, no
    # indicator value), each placed in its file and printed with its hint: 18,000
    # findings. As of their first month (SCAFFOLDED) they are clean, as just written.
    scaffolds = str(data / "scaffold-2000")
    folder_rows("2,000 scaffolded strategies, just written",
                [*tr, "check", scaffolds, "--as-of", SCAFFOLDED, "-q"], scaffolds,
                "2,000 scaffolded strategies (6 KB), clean, check")
    folder_rows("2,000 scaffolded strategies", [*tr, "check", scaffolds, *AS_OF, "-q"],
                scaffolds, "2,000 scaffolded strategies (6 KB), 9 warnings each, check")

    parse_big = [PY, str(data / "parse_only.py"), big]
    if available("status"):
        progress("status on the big file vs parse only")
        a, b = compare([*tr, "status", big, *AS_OF], parse_big, repeat)
        rows.append(Row("status, big file (1,000 milestones, 20,000 entries)", "status",
                        "tomllib parse only", median(a), median(b), "s", 1.0))
    else:
        notes.append("status: not available in this version of transition (skipped)")

    if available("status", "--all"):
        progress("status on the big file, mid-period (40 rows at a glance) vs parse only")
        a, b = compare([*tr, "status", big, "--as-of", "2019-06-30"], parse_big, repeat)
        rows.append(Row("status, big file, as of 2019-06-30", "status", "tomllib parse only",
                        median(a), median(b), "s", 1.0))
        progress("status --all on the big file (every row) vs parse only")
        a, b = compare([*tr, "status", big, "--as-of", "2019-06-30", "--all"], parse_big,
                       slow_repeat)
        rows.append(Row("status --all, big file (1,000 rows)", "status", "tomllib parse only",
                        median(a), median(b), "s", None))

    recorder = next((r for r in RECORDERS if available(r[0], r[1])), None)
    if recorder is not None:
        progress(f"{recorder[0]} {recorder[1]} on the big file vs parse only")
        work = Path(tempfile.mkdtemp(prefix="transition-bench-"))
        target = work / "big.toml"

        def fresh_copy() -> None:
            shutil.copyfile(big, target)

        argv_rec = [*tr, *(part.format(file=target) for part in recorder)]
        a, b = compare(argv_rec, parse_big, repeat, setup=fresh_copy)
        shutil.rmtree(work, ignore_errors=True)
        rows.append(Row(f"{recorder[0]} {recorder[1]}, big file", "record",
                        "tomllib parse only", median(a), median(b), "s", 1.0))
    else:
        notes.append("recording commands: not available in this version of transition "
                     "(skipped)")

    journal = str(data / "journal-100000.toml")
    progress("log of 100,000 entries vs parse only")
    a, b = compare([*tr, "log", journal, "--no-pager"] if available("log", "--no-pager")
                   else [*tr, "log", journal], [PY, str(data / "parse_only.py"), journal],
                   slow_repeat)
    rows.append(Row("log, 100,000 entries (10 MB)", "log", "tomllib parse only", median(a),
                    median(b), "s", 3.0))
    for name, label in (("title-3mb.toml", "3 MB"), ("title-10mb.toml", "10 MB")):
        progress(f"status with a {label} title vs parse only")
        titled = str(data / name)
        a, b = compare([*tr, "status", titled, *AS_OF], [PY, str(data / "parse_only.py"),
                                                          titled], slow_repeat)
        rows.append(Row(f"status, {label} title", "status", "tomllib parse only", median(a),
                        median(b), "s", 3.0))

    example_line = f"transition budget pay {example} implementation 100 --ref "
    completion_env = {"_TRANSITION_COMPLETE": "complete_bash", "COMP_WORDS": example_line,
                      "COMP_CWORD": str(len(example_line.split(" ")) - 1)}
    if available("--show-completion", "bash"):
        progress("completing a commitment reference in the example (bash)")
        a, b = compare(tr, [PY, "-c", "import typer"], repeat, env=completion_env)
        rows.append(Row("Tab: budget pay EXAMPLE ... --ref", "completion", "import typer",
                        median(a), median(b), "s", 0.1, absolute=True))
        progress("completing a commitment reference in the example vs python -c pass")
        a, b = compare(tr, [PY, "-c", "pass"], repeat, env=completion_env)
        rows.append(Row("Tab: budget pay EXAMPLE ... --ref", "completion", "python -c pass",
                        median(a), median(b), "s", None))

    if not args.skip_hostile:
        progress("one dotted key of 50,000 parts")
        dotted = str(dotted_key_file(data))
        a, b = compare([*tr, "check", dotted, "-q"], [PY, "-c", "pass"], slow_repeat,
                       ok=(0, 1))
        rows.append(Row("150 KB file, one 50,000-part dotted key", "check", "python -c pass",
                        median(a), median(b), "s", 1.0, absolute=True))

    progress(f"peak memory: check on {big_folder:,} files vs 100 files")
    a, b = compare([*tr, "check", str(data / f"folder-{big_folder}"), *AS_OF, "-q"],
                   [*tr, "check", str(data / "folder-100"), *AS_OF, "-q"], slow_repeat,
                   warmup=0)
    rows.append(Row(f"peak memory, check of {big_folder:,} files", "check",
                    "check of 100 files", median(a, True), median(b, True), "KiB", 1.2))
    notes.append(f"wall time of that {big_folder:,}-file check: {median(a):.1f} s "
                 f"({median(a) / big_folder * 1000:.2f} ms per file)")

    header = ["measure", "transition", "baseline", "ratio", "target", "verdict"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(r.cells()) + " |" for r in rows]
    print("\n".join(lines))
    print()
    print(f"Medians of {repeat} runs (slow rows: {slow_repeat}), interleaved with their "
          "baselines.")
    for note in notes:
        print(f"- {note}")
    load = os.getloadavg() if hasattr(os, "getloadavg") else ()
    print("- load average at end: " + ", ".join(f"{x:.2f}" for x in load))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

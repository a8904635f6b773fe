"""Netra benchmark runner: ``./bench/run [name ...] [--backend sqlite|postgresql|all]``.

Discovers ``bench/bench_<name>.py`` modules (each declares ``TITLE`` and ``run(report)``), runs
every selected module once per backend in a fresh subprocess against an empty, migrated
throwaway database, prints the figures side by side and writes ``var/bench/<name>.json``.

PostgreSQL: unless ``NETRA_BENCH_PG_URL`` names a server (the bench then creates and drops its own
database there, Django's test-database way), the runner starts a throwaway cluster (initdb into
a temp dir, 127.0.0.1:55480, ``fsync=off``) and removes it at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
OUT_DIR = ROOT / "var" / "bench"
BACKENDS = ("sqlite", "postgresql")
DEFAULT_PG_PORT = 55480


# --------------------------------------------------------------------------- discovery


def discover() -> dict[str, Path]:
    return {p.stem.removeprefix("bench_"): p for p in sorted(BENCH_DIR.glob("bench_*.py"))}


def module_title(name: str) -> str:
    text = discover()[name].read_text(encoding="utf-8")
    match = re.search(r'^TITLE = "(.*)"$', text, re.MULTILINE)
    return match.group(1) if match else name


def module_default(name: str, setting: str) -> int | None:
    """A module's own default for ``ITERATIONS`` or ``WARMUP`` (a line ``ITERATIONS = 50``), used
    when neither the command line nor the environment sets one."""
    text = discover()[name].read_text(encoding="utf-8")
    match = re.search(rf"^{setting} = ([0-9_]+)$", text, re.MULTILINE)
    return int(match.group(1)) if match else None


def repetitions(name: str, args) -> tuple[int, int]:
    """Timed and warm-up repetitions for one module: command line, then NETRA_BENCH_ITERATIONS /
    NETRA_BENCH_WARMUP, then the module's ITERATIONS / WARMUP, then 200 / 20."""
    result = []
    for setting, given, default in (
        ("ITERATIONS", args.iterations, 200),
        ("WARMUP", args.warmup, 20),
    ):
        if given is None:
            env = os.environ.get(f"NETRA_BENCH_{setting}")
            given = int(env) if env else module_default(name, setting)
        result.append(default if given is None else given)
    return result[0], result[1]


# --------------------------------------------------------------------------- PostgreSQL


def _pg_bindir() -> Path:
    configured = os.environ.get("NETRA_BENCH_PG_BIN")
    if configured:
        return Path(configured)
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin"),
        key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0,
    )
    if found:
        return found[-1]
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).parent
    raise SystemExit(
        "bench: PostgreSQL binaries not found; set NETRA_BENCH_PG_BIN or NETRA_BENCH_PG_URL, "
        "or run with --backend sqlite"
    )


class ThrowawayPostgres:
    """A PostgreSQL cluster in a temp dir, for one bench run. Not durable: ``fsync=off``."""

    SERVER_OPTIONS = "-c fsync=off"

    def __init__(self, port: int) -> None:
        self.port = port
        self.bindir = _pg_bindir()
        self.tmp: Path | None = None
        self.started = False
        self.as_root = os.geteuid() == 0

    def _cmd(self, *args: str) -> list[str]:
        # initdb and postgres refuse to run as root: use the postgres system account.
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_root else []
        return [*prefix, *args]

    def start(self) -> str:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", self.port)) == 0:
                raise SystemExit(
                    f"bench: port {self.port} is already in use; stop that server or set "
                    "NETRA_BENCH_PG_PORT / NETRA_BENCH_PG_URL"
                )
        self.tmp = Path(tempfile.mkdtemp(prefix="netra-bench-pg-"))
        if self.as_root:
            shutil.chown(self.tmp, user="postgres", group="postgres")
        data = self.tmp / "data"
        subprocess.run(
            self._cmd(
                str(self.bindir / "initdb"),
                "-D",
                str(data),
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ),
            check=True,
            capture_output=True,
            text=True,
        )
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.tmp} {self.SERVER_OPTIONS}"
        )
        result = subprocess.run(
            self._cmd(
                str(self.bindir / "pg_ctl"),
                "-D",
                str(data),
                "-l",
                str(self.tmp / "server.log"),
                "-o",
                options,
                "-w",
                "-t",
                "60",
                "start",
            ),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            log = (self.tmp / "server.log").read_text(errors="replace")[-2000:]
            raise SystemExit(f"bench: PostgreSQL did not start:\n{result.stderr}\n{log}")
        self.started = True
        return f"postgres://postgres@127.0.0.1:{self.port}/netra_bench"

    def describe(self) -> str:
        return (
            f"throwaway cluster started by the runner ({self.bindir.parent.name}, initdb "
            f"--locale=C.UTF-8, 127.0.0.1:{self.port}, {self.SERVER_OPTIONS}: NOT durable, "
            "bench only)"
        )

    def stop(self) -> None:
        if self.tmp is None:
            return
        if self.started:
            subprocess.run(
                self._cmd(
                    str(self.bindir / "pg_ctl"),
                    "-D",
                    str(self.tmp / "data"),
                    "-m",
                    "fast",
                    "-w",
                    "stop",
                ),
                capture_output=True,
                text=True,
            )
            self.started = False
        shutil.rmtree(self.tmp, ignore_errors=True)
        self.tmp = None


# --------------------------------------------------------------------------- child process


def child_main(name: str, backend: str, out: Path) -> None:
    """Runs inside the subprocess: set Django up, create the throwaway test database, run the
    module, write the report as JSON."""
    import django

    django.setup()
    from benchlib import Report, iterations_from_env
    from django.db import connection

    connection.settings_dict["TEST"]["NAME"] = os.environ["NETRA_BENCH_TEST_DB"]
    started = time.perf_counter()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    migrate_s = time.perf_counter() - started
    iterations, warmup = iterations_from_env()
    report = Report(backend=backend, iterations=iterations, warmup=warmup)
    meta = {"database": _database_meta(connection), "migrate_s": round(migrate_s, 2)}
    module = importlib.import_module(f"bench_{name}")
    started = time.perf_counter()
    try:
        module.run(report)
    finally:
        meta["run_s"] = round(time.perf_counter() - started, 2)
        connection.creation.destroy_test_db(old_name, verbosity=0)
    out.write_text(json.dumps({"meta": meta, **report.to_dict()}, indent=1), encoding="utf-8")


def _database_meta(connection) -> dict[str, str]:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            version = cursor.fetchone()[0]
            cursor.execute(
                "SELECT name, setting FROM pg_settings WHERE name IN "
                "('fsync', 'shared_buffers', 'lc_collate', 'work_mem')"
            )
            settings = dict(cursor.fetchall())
        return {"vendor": "postgresql", "version": version, **settings}
    import sqlite3

    return {
        "vendor": "sqlite",
        "version": sqlite3.sqlite_version,
        "file": connection.settings_dict["NAME"],
    }


def run_child(
    name: str, backend: str, pg_url: str | None, args, iterations: int, warmup: int
) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix=f"netra-bench-{backend}-") as tmp:
        env = dict(os.environ)
        env.update(
            DJANGO_SETTINGS_MODULE="netra.settings.base",
            NETRA_DATA_DIR=tmp,
            DJANGO_DEBUG="false",
            NETRA_LOG_LEVEL="WARNING",
            NETRA_BENCH_ITERATIONS=str(iterations),
            NETRA_BENCH_WARMUP=str(warmup),
        )
        if args.size is not None:
            env["NETRA_BENCH_SIZE"] = str(args.size)
        if backend == "sqlite":
            env["DATABASE_URL"] = f"sqlite:///{tmp}/netra.sqlite3"
            env["NETRA_BENCH_TEST_DB"] = f"{tmp}/bench_{name}.sqlite3"
        else:
            assert pg_url is not None
            env["DATABASE_URL"] = pg_url
            env["NETRA_BENCH_TEST_DB"] = f"netra_bench_{name}"
        out = Path(tmp) / "report.json"
        started = time.perf_counter()
        child = subprocess.Popen(
            [
                sys.executable,
                str(BENCH_DIR / "runner.py"),
                "--child",
                name,
                "--backend",
                backend,
                "--out",
                str(out),
            ],
            env=env,
            cwd=ROOT,
        )
        try:
            returncode = child.wait()
        except BaseException:
            # Interrupted (Ctrl-C, SIGTERM): stop the child before its database goes away.
            child.terminate()
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
            raise
        if returncode != 0 or not out.exists():
            raise SystemExit(f"bench: {name} on {backend} failed (exit {returncode})")
        data = json.loads(out.read_text(encoding="utf-8"))
        data["meta"]["wall_s"] = round(time.perf_counter() - started, 1)
        return data


# --------------------------------------------------------------------------- printing


def fmt_number(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 100:
        return f"{value:.1f}"
    return f"{value:.2f}"


def fmt_ratio(value: float | None) -> str:
    return "" if value is None else f"x{value:.2f}"


def render_table(headers: list[str], rows: list[list[str]]) -> list[str]:
    widths = [max(len(str(r[i])) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        first = str(cells[0]).ljust(widths[0])
        rest = [str(c).rjust(w) for c, w in zip(cells[1:], widths[1:], strict=True)]
        return "  ".join([first, *rest]).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return [line(headers), rule, *[line(r) for r in rows]]


def _goal_text(entries: dict[str, dict]) -> str:
    label = next((e["goal"] for e in entries.values() if e and "goal" in e), "")
    if not label:
        return ""
    verdicts = [
        f"{b} {'ok' if e['goal_met'] else 'MISSED'}"
        for b, e in entries.items()
        if e and "goal" in e
    ]
    return f"{label}: {', '.join(verdicts)}"


def render(name: str, title: str, results: dict[str, dict], header: list[str]) -> list[str]:
    backends = list(results)
    out = [f"=== {name}: {title}", *header, ""]
    sections: list[str] = []
    for data in results.values():
        for entry in data["entries"]:
            if entry["section"] not in sections:
                sections.append(entry["section"])
    for section in sections:
        out.append(f"--- {section}")
        by_backend = {
            b: [e for e in results[b]["entries"] if e["section"] == section] for b in backends
        }
        index = {b: {e["key"]: e for e in es if "key" in e} for b, es in by_backend.items()}
        keys: list[str] = []
        kinds: dict[str, str] = {}
        labels: dict[str, str] = {}
        for es in by_backend.values():
            for e in es:
                if e["type"] in {"value", "timing"} and e["key"] not in keys:
                    keys.append(e["key"])
                    kinds[e["key"]] = e["type"]
                    labels[e["key"]] = e["label"] + (f" ({e['unit']})" if e.get("unit") else "")

        def lookup(b: str, key: str, index=index) -> dict | None:
            return index[b].get(key)

        value_keys = [k for k in keys if kinds[k] == "value"]
        timing_keys = [k for k in keys if kinds[k] == "timing"]
        if value_keys:
            headers = ["figure"]
            for b in backends:
                headers += [b, "ratio"]
            headers.append("goal")
            rows = []
            for key in value_keys:
                row = [labels[key]]
                for b in backends:
                    e = lookup(b, key)
                    ratio = None
                    if e and e.get("baseline") and lookup(b, e["baseline"]):
                        base = lookup(b, e["baseline"])["value"]
                        ratio = e["value"] / base if base else None
                    row += [fmt_number(e["value"]) if e else "-", fmt_ratio(ratio)]
                row.append(_goal_text({b: lookup(b, key) for b in backends}))
                rows.append(row)
            out += render_table(headers, rows)
            out.append("")
        for b in backends if timing_keys else []:
            headers = [f"{b}: ms per call", "median", "p95", "ratio med", "ratio p95", "goal"]
            rows = []
            for key in timing_keys:
                e = lookup(b, key)
                if not e:
                    continue
                base = lookup(b, e["baseline"]) if e.get("baseline") else None
                goal = ""
                if "goal" in e:
                    goal = f"{e['goal'].split(' on ')[0]}: {'ok' if e['goal_met'] else 'MISSED'}"
                rows.append(
                    [
                        labels[key],
                        fmt_number(e["median_ms"]),
                        fmt_number(e["p95_ms"]),
                        fmt_ratio(e["median_ms"] / base["median_ms"] if base else None),
                        fmt_ratio(e["p95_ms"] / base["p95_ms"] if base else None),
                        goal,
                    ]
                )
            out += render_table(headers, rows)
            out.append("")
        # Notes: shared ones once, backend-specific ones prefixed with the backend.
        notes = {b: [e["text"] for e in es if e["type"] == "note"] for b, es in by_backend.items()}
        shared = [n for n in notes[backends[0]] if all(n in notes[b] for b in backends)]
        for text in shared:
            out.append(f"* {text}")
        for b in backends:
            for text in notes[b]:
                if text not in shared:
                    out.append(f"* [{b}] {text}")
        for b in backends:
            for e in by_backend[b]:
                if e["type"] == "lines":
                    out.append(f"[{b}] {e['title']}:")
                    out += [f"    {line}" for line in e["lines"]]
        out.append("")
    return out


def machine_info() -> dict[str, Any]:
    cpu = platform.processor() or ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem = ""
    with contextlib.suppress(OSError, ValueError, IndexError):
        kb = int(Path("/proc/meminfo").read_text().split("\n")[0].split()[1])
        mem = f"{kb / 1024 / 1024:.0f} GiB"
    import django

    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "memory": mem,
        "python": platform.python_version(),
        "django": django.get_version(),
        "os": platform.platform(),
    }


# --------------------------------------------------------------------------- main


def main() -> int:
    parser = argparse.ArgumentParser(prog="bench/run", description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="benchmarks to run (default: all)")
    parser.add_argument("--backend", choices=[*BACKENDS, "all"], default="all")
    parser.add_argument(
        "--iterations",
        type=int,
        default=None,
        help="timed repetitions of each repeated measurement (default: NETRA_BENCH_ITERATIONS, "
        "else the module's ITERATIONS, else 200)",
    )
    parser.add_argument(
        "--warmup",
        type=int,
        default=None,
        help="untimed repetitions before each timed series (default: NETRA_BENCH_WARMUP, else "
        "the module's WARMUP, else 20)",
    )
    parser.add_argument(
        "--size",
        type=int,
        default=None,
        help="data size for modules that scale (NETRA_BENCH_SIZE in the module; e.g. the number "
        "of cases in 'cases'); default: each module's own, per backend",
    )
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.child:
        child_main(args.child, args.backend, Path(args.out))
        return 0

    available = discover()
    if args.list:
        for name in available:
            print(f"{name:<16} {module_title(name)}")
        return 0
    unknown = [n for n in args.names if n not in available]
    if unknown:
        parser.error(f"unknown benchmark(s) {', '.join(unknown)}; have: {', '.join(available)}")
    names = args.names or list(available)
    backends = list(BACKENDS) if args.backend == "all" else [args.backend]

    # SIGTERM tears the cluster down like Ctrl-C does.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    cluster: ThrowawayPostgres | None = None
    pg_url = os.environ.get("NETRA_BENCH_PG_URL") or None
    pg_desc = ""
    machine = machine_info()
    try:
        if "postgresql" in backends:
            if pg_url:
                pg_desc = (
                    "server from NETRA_BENCH_PG_URL (the bench creates and drops its own "
                    "database there)"
                )
            else:
                port = int(os.environ.get("NETRA_BENCH_PG_PORT", DEFAULT_PG_PORT))
                cluster = ThrowawayPostgres(port)
                print(
                    f"bench: starting throwaway PostgreSQL on 127.0.0.1:{port} ...",
                    file=sys.stderr,
                    flush=True,
                )
                pg_url = cluster.start()
                pg_desc = cluster.describe()
        for name in names:
            title = module_title(name)
            iterations, warmup = repetitions(name, args)
            started_at = datetime.now().astimezone()
            results: dict[str, dict] = {}
            for backend in backends:
                print(f"bench: {name} on {backend} ...", file=sys.stderr, flush=True)
                results[backend] = run_child(name, backend, pg_url, args, iterations, warmup)
            header = [
                f"run {started_at:%Y-%m-%d %H:%M %Z}; machine: {machine['cores']} cores, "
                f"{machine['cpu']}, {machine['memory']}; Python {machine['python']}, "
                f"Django {machine['django']}",
                f"repeated timings: {iterations} timed after {warmup} warm-up; "
                "ratios are against the baseline named in each section, same backend, same run",
            ]
            for backend, data in results.items():
                db = data["meta"]["database"]
                if backend == "sqlite":
                    desc = (
                        f"sqlite: SQLite {db['version']}, temp file, WAL "
                        "(Netra's embedded settings)"
                    )
                else:
                    desc = (
                        f"postgresql: PostgreSQL {db['version']}, {pg_desc}; "
                        f"fsync={db.get('fsync')}, shared_buffers={db.get('shared_buffers')}"
                        f" x8kB, lc_collate={db.get('lc_collate')}"
                    )
                header.append(
                    f"{desc}; migrate {data['meta']['migrate_s']} s, "
                    f"total {data['meta']['wall_s']} s"
                )
            print("\n".join(render(name, title, results, header)))
            OUT_DIR.mkdir(parents=True, exist_ok=True)
            target = OUT_DIR / f"{name}.json"
            target.write_text(
                json.dumps(
                    {
                        "name": name,
                        "title": title,
                        "started_at": started_at.isoformat(timespec="seconds"),
                        "machine": machine,
                        "iterations": iterations,
                        "warmup": warmup,
                        "postgresql_server": pg_desc or None,
                        "backends": results,
                    },
                    indent=1,
                ),
                encoding="utf-8",
            )
            print(f"(JSON written to {target.relative_to(ROOT)})\n")
    finally:
        if cluster is not None:
            cluster.stop()
            print("bench: throwaway PostgreSQL stopped and removed", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())

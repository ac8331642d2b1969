"""Running the survey load benchmark on one database: the temporary home and
database, the server subprocess, the timed phases and the final count."""

from __future__ import annotations

import http.client
import os
import queue
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

from bench.load_client import Pace, Tally, hammer, replay_submissions, respondent, run_threads
from bench.load_report import SURVEY_KINDS, Latency, Outcome, Phase, load_average

HOST = "127.0.0.1"
REPLAYS = 25  # above the throttle's default of 20: replays of used links are not counted


@dataclass
class Options:
    seconds: float = 20.0
    respondents: int = 50
    think: float = 1.0
    warmup: float = 3.0
    workers: int = 3
    threads: int = 8
    postgres: str = "postgresql://postgres@127.0.0.1:5432"
    invitations: int = 0  # 0: enough for the phases' length

    def needed_invitations(self) -> int:
        # Generous: a survey takes 14 requests, and one server does not answer
        # 2,000 requests a second on two cores.
        return self.invitations or int(200 + 150 * (self.seconds * 2 + self.warmup))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def server_command(port: int, opts: Options) -> list[str]:
    script = Path(sys.executable).parent / "joinedup"
    base = [str(script)] if script.exists() else [sys.executable, "-m", "joinedup.cli"]
    return [
        *base,
        "serve",
        "--host",
        HOST,
        "--port",
        str(port),
        "--workers",
        str(opts.workers),
        "--threads",
        str(opts.threads),
    ]


def wait_until_up(port: int, process: subprocess.Popen[bytes], limit: float = 60) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"joinedup serve stopped with status {process.returncode}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=2)
            conn.request("GET", "/api/health")
            if conn.getresponse().status == 200:
                conn.close()
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("joinedup serve did not answer /api/health within a minute")


def process_tree_cpu(root: int) -> float:
    """CPU seconds (user + system) of ``root`` and its children, from /proc."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        pid, ppid = int(entry.name), int(fields[1])
        if pid == root or ppid == root:
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


Snapshot = dict[int, float]  # pid -> CPU seconds


def postgres_cpu() -> Snapshot:
    """CPU seconds of every process named ``postgres`` on this machine (the local
    server the benchmark talks to), by process id."""
    ticks = os.sysconf("SC_CLK_TCK")
    found: Snapshot = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            name, rest = (entry / "stat").read_text().split(") ", 1)
        except (OSError, ValueError):
            continue
        if name.endswith("(postgres"):
            fields = rest.split()
            found[int(entry.name)] = (int(fields[11]) + int(fields[12])) / ticks
    return found


def no_cpu() -> Snapshot:
    return {}


def cpu_between(before: Snapshot, after: Snapshot) -> float:
    """CPU used between two snapshots by the processes alive at the second. A
    backend that exits in between takes its count with it, so this is a lower
    bound (the server keeps its connections for a minute, longer than a phase)."""
    return sum(cpu - before.get(pid, 0.0) for pid, cpu in after.items())


def own_cpu() -> float:
    times = os.times()
    return times.user + times.system


def run_phase(
    name: str,
    seconds: float,
    server_pid: int,
    start_threads: list[threading.Thread],
    tally: Tally,
    database_cpu: Callable[[], Snapshot],
) -> Phase:
    cpu0, server0, wall0 = own_cpu(), process_tree_cpu(server_pid), time.perf_counter()
    db0 = database_cpu()
    run_threads(start_threads)
    wall = time.perf_counter() - wall0
    latency = {kind: Latency.of(v) for kind, v in sorted(tally.latencies.items())}
    survey = [s for k in SURVEY_KINDS for s in tally.latencies.get(k, [])]
    if survey:
        latency["all survey"] = Latency.of(survey)
    return Phase(
        name=name,
        seconds=wall,
        latency=latency,
        requests=tally.requests(),
        submissions=len(tally.accepted),
        surveys_started=tally.started,
        errors=tally.errors,
        client_cpu=own_cpu() - cpu0,
        server_cpu=process_tree_cpu(server_pid) - server0,
        database_cpu=cpu_between(db0, database_cpu()),
    )


def survey_phase(
    name: str,
    seconds: float,
    port: int,
    tokens: queue.SimpleQueue[str],
    opts: Options,
    pace: Pace,
    server_pid: int,
    accepted: dict[str, tuple[int, str, str]],
    database_cpu: Callable[[], Snapshot] = no_cpu,
) -> Phase:
    tally = Tally()
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(
            target=respondent,
            args=(HOST, port, tokens, tally, pace, deadline, 1000 * i + len(name)),
        )
        for i in range(opts.respondents)
    ]
    phase = run_phase(name, seconds, server_pid, threads, tally, database_cpu)
    accepted.update(tally.accepted)
    return phase


def bare_phase(
    seconds: float,
    port: int,
    opts: Options,
    server_pid: int,
    database_cpu: Callable[[], Snapshot] = no_cpu,
) -> Phase:
    tally = Tally()
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(target=hammer, args=(HOST, port, "/api/health", tally, deadline))
        for _ in range(opts.respondents)
    ]
    return run_phase("bare", seconds, server_pid, threads, tally, database_cpu)


def database_url(database: str, folder: str, opts: Options) -> tuple[str, str]:
    """The URL for the server, and the PostgreSQL database to drop afterwards."""
    if database == "sqlite":
        return f"sqlite:///{folder}/load.sqlite3", ""
    name = f"joinedup_load_{os.getpid()}"
    admin_sql(opts.postgres, f"DROP DATABASE IF EXISTS {name}")
    admin_sql(opts.postgres, f"CREATE DATABASE {name}")
    return f"{opts.postgres.rstrip('/')}/{name}", name


def admin_sql(server: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(f"{server.rstrip('/')}/postgres", autocommit=True) as conn:
        conn.execute(sql)


def start_server(port: int, opts: Options, folder: str) -> subprocess.Popen[bytes]:
    with Path(folder, "server.log").open("wb") as log:
        process = subprocess.Popen(
            server_command(port, opts),
            stdout=log,
            stderr=subprocess.STDOUT,
            env=os.environ.copy(),
            start_new_session=True,  # its own process group, so it can be ended whole
        )
    wait_until_up(port, process)
    return process


def stop_server(process: subprocess.Popen[bytes]) -> None:
    """Every client request has been answered by now, so nothing is in flight: ask
    gunicorn for a quick shutdown (SIGINT), and if its workers have not gone within
    three seconds, end the server's process group."""
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=3)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def run_database(database: str, opts: Options) -> Outcome:
    folder = tempfile.mkdtemp(prefix="joinedup-load-")
    url, pg_name = database_url(database, folder, opts)
    os.environ.update(JOINEDUP_HOME=folder, JOINEDUP_DATABASE_URL=url)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "joinedup.settings")
    try:
        return measure(database, opts, folder)
    finally:
        from django.db import connections

        connections.close_all()
        if pg_name:
            admin_sql(opts.postgres, f"DROP DATABASE IF EXISTS {pg_name} WITH (FORCE)")
        shutil.rmtree(folder, ignore_errors=True)


def measure(database: str, opts: Options, folder: str) -> Outcome:
    import django
    from django.db import connections

    from bench.load_setup import check, prepare

    django.setup()
    began = time.perf_counter()
    round_id, raw_tokens = prepare(opts.needed_invitations())
    connections.close_all()
    print(f"{database}: {len(raw_tokens)} invitations ready in {time.perf_counter() - began:.1f} s")
    tokens: queue.SimpleQueue[str] = queue.SimpleQueue()
    for token in raw_tokens:
        tokens.put(token)
    port = free_port()
    outcome = Outcome(
        database=database,
        server=f"joinedup serve --workers {opts.workers} --threads {opts.threads}",
        load_before=load_average(),
    )
    accepted: dict[str, tuple[int, str, str]] = {}
    began = time.perf_counter()
    process = start_server(port, opts, folder)
    print(f"{database}: server answering after {time.perf_counter() - began:.1f} s", flush=True)
    try:
        pid = process.pid
        db = postgres_cpu if database == "postgresql" else no_cpu
        survey_phase("warm-up", opts.warmup, port, tokens, opts, Pace(), pid, accepted)
        paced = Pace(0.5 * opts.think, 1.5 * opts.think)
        outcome.phases.append(
            survey_phase("paced", opts.seconds, port, tokens, opts, paced, pid, accepted, db)
        )
        outcome.phases.append(
            survey_phase("saturated", opts.seconds, port, tokens, opts, Pace(), pid, accepted, db)
        )
        outcome.phases.append(bare_phase(opts.seconds, port, opts, pid, db))
        outcome.replay_problems = replay_submissions(HOST, port, accepted, REPLAYS)
    finally:
        began = time.perf_counter()
        stop_server(process)
        print(f"{database}: server stopped in {time.perf_counter() - began:.1f} s", flush=True)
    integrity = check(round_id, {t: posted for t, (posted, _c, _f) in accepted.items()})
    outcome.integrity = asdict(integrity)
    return outcome

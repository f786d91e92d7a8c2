"""Per-turn latency and throughput through the REST channel, next to a stock `rasa init` bot.

Run: `.venv/bin/python -m bench.turn_latency` (or `make bench`). Starts, on free loopback ports,
our Rasa server + action server on the default SQLite stores, and a stock `rasa init` assistant
(the floor of the stack) trained in a temporary folder. Each simulated user plays a short scripted
conversation; we report p50/p95/p99 per turn and turns per second at concurrency 1, 10 and 50,
the CPU each server process spent per turn (steadier than wall time on a shared machine), the
ratios to the stock bot, and the peak memory (VmHWM) of every process. With `--grave` our users
tell a complaint that sounds grave, for which the urgency score runs its second encoder pass
(`bot.nlu.complaint_head`); for the default script's double charge it does not.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterator, List, Sequence, Tuple

import aiohttp

from tests.support.servers import process, running_bot
from tests.support.services import free_port

OUR_SCRIPT = (
    "hello",
    "I was charged twice for the same visit and nobody at the desk would fix it",
    "last Tuesday",
    "the lady at the front desk",
    "I'd like a refund of the second charge",
    "yes",
)
# `--grave` (see above).
GRAVE_SCRIPT = (
    "hello",
    "the nurse gave my father the wrong tablets and he ended up in hospital",
    "last Tuesday",
    "the nurse on the afternoon shift",
    "I want someone to call me and explain what happened",
    "yes",
)
STOCK_SCRIPT = ("hello", "I am sad", "yes", "great", "bye", "are you a bot?")
CONCURRENCY = (1, 10, 50)


@dataclass(frozen=True)
class Result:
    """Latencies of every turn (seconds) and the wall time they took."""

    latencies: List[float]
    wall: float
    errors: int

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
        return ordered[index]

    @property
    def throughput(self) -> float:
        return len(self.latencies) / self.wall if self.wall else 0.0


async def _user(
    session: aiohttp.ClientSession, url: str, script: Sequence[str], latencies: List[float]
) -> int:
    sender = f"bench-{uuid.uuid4().hex}"
    errors = 0
    for text in script:
        started = time.perf_counter()
        async with session.post(url, json={"sender": sender, "message": text}) as answer:
            await answer.read()
            errors += answer.status != 200
        latencies.append(time.perf_counter() - started)
    return errors


async def _load(url: str, script: Sequence[str], users: int, rounds: int) -> Result:
    latencies: List[float] = []
    timeout = aiohttp.ClientTimeout(total=300)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        await _user(session, url, script[:1], [])  # warm-up turn, not counted
        started = time.perf_counter()
        errors = 0
        for _ in range(rounds):
            results = await asyncio.gather(
                *(_user(session, url, script, latencies) for _ in range(users))
            )
            errors += sum(results)
        wall = time.perf_counter() - started
    return Result(latencies, wall, errors)


def peak_memory_mb(pid: int) -> float:
    """Peak resident memory of a process and its children started by it (VmHWM), in MB."""
    total = 0.0
    for candidate in _process_tree(pid):
        try:
            for line in Path(f"/proc/{candidate}/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1]) / 1024
        except OSError:
            continue
    return total


def _process_tree(pid: int) -> Iterator[int]:
    yield pid
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        for child in children.read_text().split():
            yield from _process_tree(int(child))


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its children started by it, in seconds."""
    ticks = 0
    for candidate in _process_tree(pid):
        try:
            fields = Path(f"/proc/{candidate}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += int(fields[11]) + int(fields[12])
    return ticks / os.sysconf("SC_CLK_TCK")


def _measured(
    url: str, script: Sequence[str], users: int, rounds: int, pids: Sequence[int]
) -> Tuple[Result, List[float]]:
    """Run one load level; also return the CPU ms per turn of each of `pids`."""
    before = [cpu_seconds(pid) for pid in pids]
    result = asyncio.run(_load(url, script, users, rounds))
    turns = max(1, len(result.latencies))
    spent = [cpu_seconds(pid) - start for pid, start in zip(pids, before, strict=True)]
    return result, [seconds * 1000 / turns for seconds in spent]


def _pid_listening(port: int) -> int:
    output = subprocess.run(
        ["ss", "-Hltnp", f"sport = :{port}"], capture_output=True, text=True, check=False
    ).stdout
    marker = "pid="
    start = output.find(marker)
    if start < 0:
        return 0
    return int(output[start + len(marker) :].split(",")[0])


def _stock_bot(workdir: Path, stack: ExitStack) -> Tuple[str, int]:
    """Create and train `rasa init`, then serve it; return its REST URL and port."""
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false"}
    project = workdir / "stock"
    project.mkdir()
    print("bench: creating and training a stock `rasa init` assistant...", flush=True)
    subprocess.run(
        [sys.executable, "-m", "rasa", "init", "--no-prompt", "--init-dir", str(project)],
        env=env, check=True, capture_output=True,
    )
    port = free_port()
    stack.enter_context(
        process(
            [sys.executable, "-m", "rasa", "run", "--model", str(project / "models"),
             "--interface", "127.0.0.1", "--port", str(port)],
            env, workdir / "stock.log", port, cwd=project,
        )
    )
    return f"http://127.0.0.1:{port}/webhooks/rest/webhook", port


def _row(name: str, users: int, result: Result, cpu: Sequence[float]) -> str:
    return (
        f"{name:6} c={users:<3} turns={len(result.latencies):<5} "
        f"p50={result.percentile(50) * 1000:8.1f} ms  p95={result.percentile(95) * 1000:8.1f} ms  "
        f"p99={result.percentile(99) * 1000:8.1f} ms  {result.throughput:7.1f} turns/s  "
        f"cpu/turn={'+'.join(f'{ms:.1f}' for ms in cpu)} ms  errors={result.errors}"
    )


def main(argv: Sequence[str] = ()) -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3, help="conversations per user")
    parser.add_argument(
        "--grave", action="store_true", help="our users tell a grave complaint (GRAVE_SCRIPT)"
    )
    args = parser.parse_args(list(argv) or None)
    script = GRAVE_SCRIPT if args.grave else OUR_SCRIPT
    with tempfile.TemporaryDirectory() as tmp, ExitStack() as stack:
        workdir = Path(tmp)
        stock_url, stock_port = _stock_bot(workdir, stack)
        env: Dict[str, str] = {"BOT_VAR_DIR": str(workdir / "var")}
        ours = stack.enter_context(running_bot(env, workdir / "logs"))
        our_url = f"{ours.rasa_url}/webhooks/rest/webhook"
        our_rasa_pid = _pid_listening(int(ours.rasa_url.rsplit(":", 1)[1]))
        our_actions_pid = _pid_listening(int(ours.actions_url.rsplit(":", 1)[1]))
        stock_pid = _pid_listening(stock_port)
        print(f"bench: {os.cpu_count()} CPUs; {args.rounds} conversation(s) per user per level")
        print(f"bench: our script {len(script)} turns, stock script {len(STOCK_SCRIPT)} turns")
        summary = []
        print("bench: cpu/turn is the stock server's, or our Rasa server's + action server's")
        for users in CONCURRENCY:
            stock, stock_cpu = _measured(stock_url, STOCK_SCRIPT, users, args.rounds, [stock_pid])
            mine, our_cpu = _measured(
                our_url, script, users, args.rounds, [our_rasa_pid, our_actions_pid]
            )
            print(_row("stock", users, stock, stock_cpu))
            print(_row("ours", users, mine, our_cpu))
            summary.append((users, stock, mine))
        print("\nratios (ours / stock): p50 latency, throughput")
        for users, stock, mine in summary:
            p50 = mine.percentile(50) / stock.percentile(50)
            tput = mine.throughput / stock.throughput
            print(f"  c={users:<3} p50 x{p50:4.2f}   throughput x{tput:4.2f}")
        single = summary[0]
        ten = summary[1]
        print(
            f"targets: single-user p50 within 2x -> x{single[2].percentile(50) / single[1].percentile(50):.2f}; "
            f"c=10 throughput >= 0.7x -> x{ten[2].throughput / ten[1].throughput:.2f}"
        )
        print("\npeak memory (VmHWM)")
        print(f"  our rasa server   {peak_memory_mb(our_rasa_pid):7.0f} MB")
        print(f"  our action server {peak_memory_mb(our_actions_pid):7.0f} MB")
        print(f"  stock rasa server {peak_memory_mb(stock_pid):7.0f} MB")


if __name__ == "__main__":
    main(sys.argv[1:])

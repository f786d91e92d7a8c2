"""The worst time per message of the safety screen and its text normaliser on hostile text.

Run: `.venv/bin/python -m bench.screen_worst_case [--repeat 3] [--max-chars 5000]`

The screen runs on every message in every state, so one message that makes its regular
expressions backtrack would stall a whole Rasa process. The corpus is built here, bounded and
reproducible (seeded): long repeats of trigger and negation words, nested brackets, mixed scripts
(Latin, Cyrillic, Greek, Arabic, Hebrew, CJK, emoji, combining marks, zero-width and bidi
characters), clause breaks, unbroken letters, near-miss phrases the rules almost match, and
random mixtures of all of them, from 1 character up to `--max-chars` (5,000: the longest text
any channel passes on; the widget stops at 4,000, SMS at 1,600). Each message is timed
`--repeat` times and its best time kept (the machine is shared); the script prints the worst
messages and whether any took longer than the 50 ms target. It asserts nothing.
"""

from __future__ import annotations

import argparse
import random
import time
from typing import Callable, Iterator, List, Tuple

from bot.triage.patterns import normalise
from bot.triage.screen import screen

TARGET_MS = 50.0
SEED = 34

_TRIGGERS = (
    "i want to die",
    "kill myself",
    "not breathing",
    "chest pain",
    "overdose on",
    "took all my pills",
    "can't breathe",
    "suicidal",
    "cutting myself",
    "call 911",
    "me quiero morir",
    "no puede respirar",
    "bleeding",
    "unconscious",
    "hurting myself",
)
_NEAR_MISSES = (
    "i'm dying to know",
    "this wait is killing me",
    "last month i went in with chest pain",
    "not suicidal",
    "years ago i had",
    "took too many calls by mistake",
    "dying my hair",
    "nearly fainted when i saw the bill",
    "hace tres semanas",
    "since last night and now",
)
_NEGATIONS = ("not ", "no ", "never ", "nobody ", "didn't ", "can not ", "cannot ", "wont ", "im ")
_SCRIPTS = (
    "abcxyz",
    "абвгдеж",
    "αβγδεζ",
    "ابتثجح",
    "אבגדהו",
    "漢字仮名交じり",
    "한국어",
    "😡🤬💊🚑❤️‍🩹",
    "e\u0301a\u0308o\u0303",
    "\u200b\u200c\u200d\u2060",
    "\u202e\u202d\u2066\u2069",
    "\u2019\u2018\u201c\u201d\u2014\u2013",
    "\uff46\uff55\uff4c\uff4c\uff57\uff49\uff44\uff54\uff48",
    "\U0001d4c8\U0001d4b8\U0001d4c7\U0001d4be\U0001d4c5\U0001d4c9",
)
_BREAKS = (". ", "! ", "? ", "; ", ", ", " but ", " and ", " now ", "\n")


def _fit(text: str, limit: int) -> str:
    return text[:limit]


def _families(limit: int, rng: random.Random) -> Iterator[Tuple[str, str]]:
    """(family, text) pairs; every family at several sizes up to `limit` characters."""
    sizes = sorted({size for size in (1, 10, 100, 500, 1000, 2000) if size < limit} | {limit})
    for size in sizes:
        for word in (*_TRIGGERS, *_NEAR_MISSES):
            yield "repeat trigger", _fit((word + " ") * (size // (len(word) + 1) + 1), size)
        for negation in _NEGATIONS:
            for trigger in _TRIGGERS[:5]:
                body = (negation + trigger + " ") * (size // (len(negation + trigger) + 1) + 1)
                yield "negated repeats", _fit(body, size)
            yield "negation then trigger", _fit(negation * size, size - 20) + " kill myself"
        depth = max(1, size // 2)
        yield "nested brackets", _fit("(" * depth + "i want to die" + ")" * depth, size)
        yield (
            "nested mixed brackets",
            _fit(("([{<" * depth)[:depth] + "help" + (">}])" * depth)[:depth], size),
        )
        for script in _SCRIPTS:
            yield "mixed scripts", _fit((script + " ") * (size // (len(script) + 1) + 1), size)
            yield "script + trigger", _fit((script + " kill myself ") * size, size)
        yield "no spaces", "a" * size
        yield "only breaks", _fit("".join(rng.choice(_BREAKS) for _ in range(size)), size)
        yield (
            "digits and symbols",
            _fit("".join(rng.choice("0123456789-#()+.@") for _ in range(size)), size),
        )
        for _ in range(6):
            yield "random mixture", _random_mixture(size, rng)


def _random_mixture(size: int, rng: random.Random) -> str:
    pool = (*_TRIGGERS, *_NEAR_MISSES, *_NEGATIONS, *_SCRIPTS, *_BREAKS, "(", ")", "[", "]")
    parts: List[str] = []
    length = 0
    while length < size:
        part = rng.choice(pool)
        parts.append(part)
        length += len(part) + 1
    return _fit(" ".join(parts), size)


def corpus(limit: int) -> List[Tuple[str, str]]:
    """The bounded, reproducible adversarial corpus."""
    return list(_families(limit, random.Random(SEED)))


def best_time_ms(function: Callable[[str], object], text: str, repeat: int) -> Tuple[float, float]:
    """(CPU ms, wall ms) of the fastest of `repeat` runs. The CPU time of this thread is the
    figure to judge: on a shared machine the wall time also counts the waits for a core."""
    best_cpu = best_wall = float("inf")
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.thread_time()
        function(text)
        best_cpu = min(best_cpu, (time.thread_time() - cpu) * 1000)
        best_wall = min(best_wall, (time.perf_counter() - wall) * 1000)
    return best_cpu, best_wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--max-chars", type=int, default=5000)
    parser.add_argument("--show", type=int, default=8, help="how many of the slowest to print")
    args = parser.parse_args()

    messages = corpus(args.max_chars)
    started = time.perf_counter()
    timings = []
    for family, text in messages:
        screen_cpu, screen_wall = best_time_ms(screen, text, args.repeat)  # normalises first
        normalise_cpu, _ = best_time_ms(normalise, text, args.repeat)
        timings.append((screen_cpu, screen_wall, normalise_cpu, family, len(text)))
    timings.sort(reverse=True)
    total = time.perf_counter() - started

    print(
        f"messages: {len(messages)} (1 to {args.max_chars} characters), best of {args.repeat}, "
        f"{total:.1f} s in all"
    )
    print(f"{'screen+normalise CPU ms':>24} {'wall ms':>8} {'normalise CPU ms':>17}  chars  family")
    for screen_cpu, screen_wall, normalise_cpu, family, length in timings[: args.show]:
        print(f"{screen_cpu:24.2f} {screen_wall:8.2f} {normalise_cpu:17.2f} {length:6d}  {family}")
    worst = timings[0][0]
    over = sum(1 for screen_cpu, *_ in timings if screen_cpu > TARGET_MS)
    median = sorted(t[0] for t in timings)[len(timings) // 2]
    print(
        f"worst CPU time: {worst:.2f} ms per message; median {median:.3f} ms; "
        f"over {TARGET_MS:.0f} ms: {over} ({'target met' if over == 0 else 'TARGET MISSED'})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

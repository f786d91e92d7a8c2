"""Start the real Rasa server and action server for end-to-end tests."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Dict, Iterator, List

import requests

from bot.ops.training import model_path, train_if_changed
from bot.settings import PROJECT_ROOT
from tests.support.services import free_port, wait_for_port

if TYPE_CHECKING:
    from bot.sms.simulator import Exchange


@dataclass(frozen=True)
class RunningBot:
    """Addresses and environment of a bot started for a test session."""

    rasa_url: str
    actions_url: str
    env: Dict[str, str]
    log_dir: Path
    web_url: str = ""  # the office web app (widget page, dashboard)

    def rest(self, sender: str, text: str) -> List[Dict[str, object]]:
        """Send `text` through the REST channel and return the bot's messages."""
        answer = requests.post(
            f"{self.rasa_url}/webhooks/rest/webhook",
            json={"sender": sender, "message": text},
            timeout=60,
        )
        answer.raise_for_status()
        return list(answer.json())

    def sms(self, from_number: str, text: str, num_media: int = 0) -> Exchange:
        """Text the bot as Twilio would (signed webhook; needs TWILIO_AUTH_TOKEN in `env`) and
        return the immediate TwiML messages and the replies the turn queued in the outbox."""
        from bot.db.engine import make_engine, make_session_factory
        from bot.settings import load_settings
        from bot.sms.simulator import SmsSimulator

        settings = load_settings(self.env)
        engine = make_engine(settings.database_url)
        try:
            simulator = SmsSimulator(settings, make_session_factory(engine))
            return simulator.send(text, from_number, num_media=num_media, wait_seconds=120)
        finally:
            engine.dispose()


@contextmanager
def process(
    argv: List[str], env: Dict[str, str], log: Path, port: int, cwd: Path = PROJECT_ROOT
) -> Iterator[None]:
    """Run `argv` in `cwd` until the block ends; its output goes to `log` for post-mortems."""
    with log.open("wb") as out:
        child = subprocess.Popen(
            argv,
            env=env,
            cwd=cwd,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            try:
                wait_for_port(port, timeout=300)
            except TimeoutError:
                raise RuntimeError(f"{' '.join(argv[1:5])} did not start; see {log}") from None
            yield
        finally:
            os.killpg(child.pid, signal.SIGTERM)
            try:
                child.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, signal.SIGKILL)
                child.wait()


@contextmanager
def running_bot(env: Dict[str, str], log_dir: Path) -> Iterator[RunningBot]:
    """Train if needed, migrate, then run the action server and Rasa on free ports."""
    if not model_path().exists():
        train_if_changed()
    log_dir.mkdir(parents=True, exist_ok=True)
    actions_port, rasa_port, web_port = free_port(), free_port(), free_port()
    full_env = {
        **os.environ,
        **env,
        "ACTION_SERVER_URL": f"http://127.0.0.1:{actions_port}/webhook",
        "RASA_URL": f"http://127.0.0.1:{rasa_port}",
        # the widget's socket.io channel accepts only the office web app's origin
        "OFFICE_BASE_URL": f"http://127.0.0.1:{web_port}",
        "RASA_TELEMETRY_ENABLED": "false",
    }
    bot = [sys.executable, "-m", "bot"]
    subprocess.run(
        [*bot, "db", "upgrade"], env=full_env, check=True, cwd=PROJECT_ROOT, capture_output=True
    )
    with ExitStack() as stack:
        stack.enter_context(
            process(
                [*bot, "serve", "actions", "--port", str(actions_port)],
                full_env,
                log_dir / "actions.log",
                actions_port,
            )
        )
        stack.enter_context(
            process(
                [*bot, "serve", "rasa", "--port", str(rasa_port)],
                full_env,
                log_dir / "rasa.log",
                rasa_port,
            )
        )
        stack.enter_context(
            process(
                [*bot, "serve", "web", "--port", str(web_port)],
                full_env,
                log_dir / "web.log",
                web_port,
            )
        )
        _wait_until_model_loaded(f"http://127.0.0.1:{rasa_port}")
        yield RunningBot(
            rasa_url=f"http://127.0.0.1:{rasa_port}",
            actions_url=f"http://127.0.0.1:{actions_port}",
            env=full_env,
            log_dir=log_dir,
            web_url=f"http://127.0.0.1:{web_port}",
        )


def _wait_until_model_loaded(url: str, timeout: float = 180) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=5).ok:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"Rasa at {url} did not answer within {timeout} s")

"""Rasa tracker and lock stores configured from our settings.

`endpoints.yml` names these classes, so one `DATABASE_URL` / `REDIS_URL` switches both our
storage and Rasa's. The tracker store encrypts each event's JSON before it reaches the `events`
table: the stock SQL store would keep every patient message there in clear text.
"""

from __future__ import annotations

import base64
import hashlib
import logging
from pathlib import Path
from typing import Any, Optional

from cryptography.fernet import Fernet, InvalidToken
from rasa.core.lock import TicketLock
from rasa.core.lock_store import InMemoryLockStore, LockStore, RedisLockStore
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import sessionmaker

from bot.db.engine import make_engine
from bot.wiring import current_services

logger = logging.getLogger(__name__)


def fernet_for(secret_key: str, purpose: str) -> Fernet:
    """A Fernet key derived from the installation secret, separate for each purpose."""
    digest = hashlib.sha256(f"{purpose}:{secret_key}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(digest))


class _EventCipher:
    """Encrypts `SQLEvent.data` on insert and decrypts it on load (ORM events)."""

    def __init__(self, fernet: Fernet) -> None:
        self._fernet = fernet

    def encrypt(self, _mapper: Any, _connection: Any, target: Any) -> None:
        if target.data is not None:
            target.data = self._fernet.encrypt(target.data.encode()).decode()

    def decrypt(self, target: Any, _context: Any) -> None:
        if target.data is None:
            return
        try:
            target.data = self._fernet.decrypt(target.data.encode()).decode()
        except InvalidToken:
            logger.error("tracker event %s could not be decrypted", target.id)
            target.data = '{"event": "action", "name": "action_listen"}'


_installed_cipher: Optional[_EventCipher] = None


def _install_cipher(cipher: _EventCipher) -> None:
    """Attach the cipher to Rasa's event table once per process."""
    global _installed_cipher
    if _installed_cipher is not None:
        return
    event.listen(SQLTrackerStore.SQLEvent, "before_insert", cipher.encrypt)
    event.listen(SQLTrackerStore.SQLEvent, "load", cipher.decrypt)
    _installed_cipher = cipher


class ProtectedSQLTrackerStore(SQLTrackerStore):
    """Rasa's SQL tracker store on `TRACKER_DATABASE_URL`, with encrypted event data."""

    def __init__(
        self,
        domain: Optional[Domain] = None,
        host: Optional[str] = None,
        event_broker: Any = None,
        **_ignored: Any,
    ) -> None:
        settings = current_services().settings
        _install_cipher(_EventCipher(fernet_for(settings.secret_key, "tracker")))
        url = make_url(settings.tracker_database_url)
        if url.get_backend_name() == "sqlite" and url.database:
            Path(url.database).parent.mkdir(parents=True, exist_ok=True)
        super().__init__(
            domain=domain, host=settings.tracker_database_url, event_broker=event_broker
        )
        if url.get_backend_name() == "sqlite":
            # Rasa's own SQLite engine reconnects for every read and write and fsyncs every
            # commit in a rollback journal, all of it blocking the event loop. Our engine pools
            # its connection and runs WAL with synchronous=NORMAL; the worst a power cut can do
            # is drop the last turns of a chat, never a saved case (cases keep full sync).
            self.engine.dispose()  # type: ignore[has-type]
            self.engine = make_engine(settings.tracker_database_url, sqlite_synchronous="NORMAL")
            self.sessionmaker = sessionmaker(bind=self.engine)


class SettingsLockStore(LockStore):
    """Redis when `REDIS_URL` is set (several Rasa replicas), else in memory (one process)."""

    def __init__(self, endpoint_config: Any = None) -> None:
        redis_url = current_services().settings.redis_url
        self._inner: LockStore
        if redis_url is None:
            self._inner = InMemoryLockStore()
        else:
            import redis

            store = RedisLockStore()
            store.red = redis.StrictRedis.from_url(redis_url, socket_timeout=10)
            self._inner = store
        super().__init__()

    def get_lock(self, conversation_id: str) -> Optional[TicketLock]:
        return self._inner.get_lock(conversation_id)

    def delete_lock(self, conversation_id: str) -> None:
        self._inner.delete_lock(conversation_id)

    def save_lock(self, lock: TicketLock) -> None:
        self._inner.save_lock(lock)

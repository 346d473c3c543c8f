"""Moderator accounts: names and argon2id password hashes, kept in Redis (never the password)."""

from __future__ import annotations

import hashlib
import hmac
import re
import time

import redis
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

PREFIX = "parley:moderator"
NAMES = "parley:moderators"
VERIFIED_PREFIX = "parley:moderator-verified"
VERIFIED_TTL_SECONDS = 300
# "parley" is the actor of automatic decisions in the audit log; no person may take that name.
RESERVED = frozenset({"parley"})
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")

# OWASP's argon2id baseline (19 MiB, 2 passes): ~20 ms per check on this class of machine, so
# HTTP Basic on every script call stays affordable; stronger settings are re-hashed on login.
HASHER = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)
# Verified against when the name is unknown, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = HASHER.hash("parley-no-such-moderator")


class ModeratorError(ValueError):
    """A moderator name or password Parley will not accept."""


def check_name(name: str) -> str:
    """Return the name if it is 1-64 of [A-Za-z0-9._-] (starting alphanumeric) and not reserved."""
    if not _NAME.match(name or "") or name.lower() in RESERVED:
        raise ModeratorError("a moderator name is 1-64 letters, digits, '.', '_' or '-', "
                             "starting with a letter or digit, and not 'parley'")
    return name


class Moderators:
    """Create, list, remove and authenticate moderator accounts.

    Given a `secret`, a successful check is remembered in Redis for VERIFIED_TTL_SECONDS under
    an HMAC of the secret, the stored hash and the password, so a script's HTTP Basic calls
    do not each pay for argon2; a new password or a removed account changes the stored hash
    and so misses, and without the secret the HMAC says nothing about the password.
    """

    def __init__(self, client: redis.Redis, hasher: PasswordHasher = HASHER,
                 secret: bytes | None = None):
        self.client = client
        self.hasher = hasher
        self.secret = secret

    @staticmethod
    def key(name: str) -> str:
        return f"{PREFIX}:{name}"

    def add(self, name: str, password: str, *, replace: bool = False) -> bool:
        """Store an account; True if created, False if an existing one was replaced."""
        check_name(name)
        if len(password) < 8:
            raise ModeratorError("a password has at least 8 characters")
        record = {"name": name, "password_hash": self.hasher.hash(password),
                  "created_at": repr(round(time.time(), 3))}
        with self.client.pipeline() as pipe:
            pipe.watch(self.key(name))  # account and name list change together, or not at all
            existed = bool(pipe.exists(self.key(name)))
            if existed and not replace:
                raise ModeratorError(f"moderator {name!r} already exists (use --replace to reset)")
            pipe.multi()
            pipe.hset(self.key(name), mapping=record)
            pipe.hincrby(self.key(name), "session_epoch", 1)  # a new password ends old sessions
            pipe.sadd(NAMES, name)
            pipe.execute()
        return not existed

    def remove(self, name: str) -> bool:
        """Delete an account (their audit entries stay); True if it existed."""
        with self.client.pipeline() as pipe:
            pipe.delete(self.key(name))
            pipe.srem(NAMES, name)
            return bool(pipe.execute()[0])

    def names(self) -> list[str]:
        """Every account name, sorted."""
        return sorted(self.client.smembers(NAMES))

    def exists(self, name: str) -> bool:
        """True when the account exists (a session of a removed moderator must stop working)."""
        return bool(name) and bool(self.client.hexists(self.key(name), "password_hash"))

    def session_epoch(self, name: str) -> int:
        """The account's session generation; a web session is live only while it matches."""
        return int(self.client.hget(self.key(name), "session_epoch") or 0)

    def session_live(self, name: str, epoch: int) -> bool:
        """True when the account exists and no logout or password reset came since `epoch`."""
        stored, current = self.client.hmget(self.key(name), "password_hash", "session_epoch")
        return bool(name) and stored is not None and int(current or 0) == epoch

    def end_sessions(self, name: str) -> None:
        """End every web session of the account (logging out ends them everywhere)."""
        if self.exists(name):
            self.client.hincrby(self.key(name), "session_epoch", 1)

    def verify(self, name: str, password: str) -> bool:
        """True when name and password match an account; takes as long for unknown names."""
        stored = self.client.hget(self.key(name), "password_hash") if _NAME.match(name or "") else None
        remembered = self._verified_key(name, stored, password) if stored else None
        if remembered and self.client.exists(remembered):
            return True
        try:
            self.hasher.verify(stored or _DUMMY_HASH, password)
        except (VerificationError, InvalidHashError):
            return False
        if stored is None:
            return False
        if self.hasher.check_needs_rehash(stored):
            self.client.hset(self.key(name), "password_hash", self.hasher.hash(password))
        elif remembered:
            self.client.set(remembered, "1", ex=VERIFIED_TTL_SECONDS)
        return True

    def _verified_key(self, name: str, stored: str, password: str) -> str | None:
        if not self.secret:
            return None
        message = "\0".join((name, stored, password)).encode("utf-8")
        return f"{VERIFIED_PREFIX}:{hmac.new(self.secret, message, hashlib.sha256).hexdigest()}"

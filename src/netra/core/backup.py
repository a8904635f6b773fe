"""Backup and restore of a whole installation: database, private files and field keys together.

One archive (``.tar`` or ``.tar.gz``) holds:

* ``database/netra.sqlite3`` — a consistent copy made with SQLite's online backup API, or
  ``database/netra.pgdump`` — ``pg_dump --format=custom`` of the PostgreSQL database;
* ``private/…`` — the whole private file area (``MEDIA_ROOT``: evidence, generated documents);
* ``field-keys`` — only when the installation keeps its field-encryption keys in
  ``NETRA_DATA_DIR/field-keys`` (the embedded set-up); the archive then holds the keys to the
  encrypted identity data and must be kept as securely as the keys themselves;
* ``manifest.json`` — Netra version, database vendor, applied migrations, creation time and every
  other member with its size and SHA-256.

:func:`restore_backup` checks every member against the manifest *before* touching anything,
refuses a manifest written for another database vendor, refuses to overwrite an installation that
holds data unless forced, and keeps what it replaces (``private.replaced-<time>``,
``field-keys.replaced-<time>``) so that nothing is lost.

Generic on purpose: ``core`` imports no app; "holds data" means the user table has a row or the
private area has a file.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import IO, Literal, cast

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, connections
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "netra-backup/1"
MANIFEST = "manifest.json"
KEY_FILE = "field-keys"
PRIVATE = "private"
DB_FILES = {"sqlite": "database/netra.sqlite3", "postgresql": "database/netra.pgdump"}
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A refusal with a message for the operator (bilingual: the command runs without a user)."""


@dataclass
class BackupResult:
    path: Path
    vendor: str
    files: int
    bytes: int
    includes_keys: bool
    migrations: int


@dataclass
class RestoreResult:
    vendor: str
    created_at: str
    netra_version: str
    files: int
    bytes: int
    includes_keys: bool
    kept: list[Path] = field(default_factory=list)
    missing_migrations: list[str] = field(default_factory=list)
    unknown_migrations: list[str] = field(default_factory=list)


# --- Where things are ----------------------------------------------------------------------


def data_dir() -> Path:
    return Path(getattr(settings, "NETRA_DATA_DIR", None) or settings.DATA_DIR)


def private_dir() -> Path:
    return Path(settings.MEDIA_ROOT)


def key_file() -> Path:
    return data_dir() / KEY_FILE


def vendor() -> str:
    return connection.vendor


def _netra_version() -> str:
    import netra

    return getattr(netra, "__version__", "unknown")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


# --- PostgreSQL client binaries ----------------------------------------------------------------


def pg_binary(name: str) -> str:
    """``pg_dump`` / ``pg_restore`` on PATH, else the newest ``/usr/lib/postgresql/<v>/bin``."""
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
                        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit()
                        else 0, reverse=True)
    if candidates:
        return str(candidates[0])
    raise BackupError(
        f"{name} tidak ditemukan / not found: pasang klien PostgreSQL 15 (postgresql-client-15) "
        "atau tambahkan ke PATH / install the PostgreSQL 15 client or put it on PATH."
    )


def _pg_env_and_args() -> tuple[dict[str, str], list[str]]:
    config = connection.settings_dict
    env = {**os.environ}
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = str(config["PASSWORD"])
    options = config.get("OPTIONS") or {}
    if options.get("sslmode"):
        env["PGSSLMODE"] = str(options["sslmode"])
    args = []
    if config.get("HOST"):
        args += ["--host", str(config["HOST"])]
    if config.get("PORT"):
        args += ["--port", str(config["PORT"])]
    if config.get("USER"):
        args += ["--username", str(config["USER"])]
    args += ["--dbname", str(config["NAME"]), "--no-password"]
    return env, args


def _run(command: list[str], env: dict[str, str]) -> None:
    # The binary is pg_dump/pg_restore found above; the arguments come from the settings.
    result = subprocess.run(command, env=env, capture_output=True, text=True,  # noqa: S603
                            check=False)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} gagal / failed ({result.returncode}): "
                          f"{result.stderr.strip()[-2000:]}")


# --- Database copy ----------------------------------------------------------------------------


def _sqlite_path() -> Path:
    name = str(connection.settings_dict["NAME"])
    if name == ":memory:" or name.startswith("file::memory:") or "mode=memory" in name:
        raise BackupError("Basis data SQLite di memori tidak dapat dicadangkan / an in-memory "
                          "SQLite database cannot be backed up or restored.")
    return Path(name)


def _dump_database(target: Path) -> None:
    if vendor() == "sqlite":
        source = sqlite3.connect(_sqlite_path())
        copy = sqlite3.connect(target)
        try:
            with copy:
                source.backup(copy)  # a consistent snapshot, even while Netra writes (WAL)
        finally:
            copy.close()
            source.close()
    elif vendor() == "postgresql":
        env, args = _pg_env_and_args()
        _run([pg_binary("pg_dump"), "--format=custom", "--no-owner", "--no-privileges",
              "--file", str(target), *args], env)
    else:
        raise BackupError(f"Basis data {vendor()} tidak didukung / not supported.")


def _load_database(source: Path) -> None:
    connections.close_all()
    if vendor() == "sqlite":
        path = _sqlite_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        backup = sqlite3.connect(source)
        target = sqlite3.connect(path)
        try:
            backup.backup(target)  # replaces every page of the target, WAL included
        finally:
            target.close()
            backup.close()
    else:
        env, args = _pg_env_and_args()
        _run([pg_binary("pg_restore"), "--clean", "--if-exists", "--no-owner", "--no-privileges",
              "--single-transaction", "--exit-on-error", *args, str(source)], env)
    connections.close_all()


# --- Installation state -------------------------------------------------------------------------


def applied_migrations() -> list[str]:
    """``app.name`` of every applied migration (empty when the database has no tables)."""
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return []
    return sorted(f"{app}.{name}" for app, name in recorder.applied_migrations())


def known_migrations() -> set[str]:
    from django.db.migrations.loader import MigrationLoader

    return {f"{app}.{name}" for app, name in MigrationLoader(None, ignore_no_migrations=True)
            .disk_migrations}


def _private_files() -> list[Path]:
    root = private_dir()
    if not root.is_dir():
        return []
    return sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink())


def holds_data() -> list[str]:
    """Why the installation is not empty (empty list: it is)."""
    reasons = []
    user_model = get_user_model()
    if user_model._meta.db_table in connection.introspection.table_names():
        users = user_model._default_manager.count()
        if users:
            reasons.append(f"{users} user(s) / pengguna in the database")
    files = len(_private_files())
    if files:
        reasons.append(f"{files} file(s) / berkas in {private_dir()}")
    return reasons


# --- Backup ---------------------------------------------------------------------------------


class _Hashing(io.RawIOBase):
    """Reads a file while hashing what is read (what goes into the archive is what is hashed)."""

    def __init__(self, handle) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        data = self.handle.read(len(buffer))
        self.digest.update(data)
        buffer[:len(data)] = data
        return len(data)


def _add_file(archive: tarfile.TarFile, path: Path, name: str, entries: list[dict]) -> int:
    with path.open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        info = tarfile.TarInfo(name)
        info.size = size
        info.mode = 0o600
        info.mtime = int(path.stat().st_mtime)
        reader = _Hashing(handle)
        archive.addfile(info, io.BufferedReader(reader, CHUNK))
    entries.append({"path": name, "size": size, "sha256": reader.digest.hexdigest()})
    return size


def default_archive_path() -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    return data_dir() / "backups" / f"netra-backup-{stamp}.tar.gz"


def create_backup(output: Path | None = None,
                  progress: Callable[[str], None] | None = None) -> BackupResult:
    """Write the archive (``.tar.gz``/``.tgz`` compressed, ``.tar`` not) and return a summary."""
    output = Path(output or default_archive_path())
    if not output.name.endswith((".tar", ".tar.gz", ".tgz")):
        raise BackupError("Nama arsip harus berakhiran .tar atau .tar.gz / the archive name must "
                          "end in .tar or .tar.gz.")
    if vendor() not in DB_FILES:
        raise BackupError(f"Basis data {vendor()} tidak didukung / not supported.")
    output.parent.mkdir(parents=True, exist_ok=True)
    say = progress or (lambda message: None)
    mode: Literal["w", "w:gz"] = "w" if output.name.endswith(".tar") else "w:gz"
    entries: list[dict] = []
    total = 0
    partial = output.with_name(f".{output.name}.partial")
    with tempfile.TemporaryDirectory(prefix="netra-backup-") as work:
        dump = Path(work) / Path(DB_FILES[vendor()]).name
        say(f"database ({vendor()}) …")
        _dump_database(dump)
        migrations = applied_migrations()
        try:
            with tarfile.open(partial, mode, format=tarfile.PAX_FORMAT) as archive:
                total += _add_file(archive, dump, DB_FILES[vendor()], entries)
                root = private_dir()
                files = _private_files()
                say(f"{len(files)} private file(s) …")
                for path in files:
                    name = str(PurePosixPath(PRIVATE, *path.relative_to(root).parts))
                    total += _add_file(archive, path, name, entries)
                includes_keys = key_file().is_file()
                if includes_keys:
                    total += _add_file(archive, key_file(), KEY_FILE, entries)
                manifest = {
                    "format": FORMAT,
                    "netra_version": _netra_version(),
                    "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
                    "database": {"vendor": vendor(), "file": DB_FILES[vendor()]},
                    "migrations": migrations,
                    "includes_keys": includes_keys,
                    "files": entries,
                }
                data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(data)
                info.mode = 0o600
                info.mtime = int(datetime.now(UTC).timestamp())
                archive.addfile(info, io.BytesIO(data))
            os.chmod(partial, 0o600)
            os.replace(partial, output)
        finally:
            partial.unlink(missing_ok=True)
    return BackupResult(path=output, vendor=vendor(), files=len(entries) - 1 - includes_keys,
                        bytes=total, includes_keys=includes_keys, migrations=len(migrations))


# --- Restore --------------------------------------------------------------------------------


def _safe_name(name: str) -> str:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts or name.startswith("/"):
        raise BackupError(f"Arsip berisi jalur tidak aman / the archive holds an unsafe path: "
                          f"{name!r}")
    return str(path)


def _extract_verified(archive_path: Path, into: Path) -> dict:
    """Unpack every member into ``into`` and check it against the manifest; the manifest."""
    damaged = ("Arsip rusak atau bukan cadangan Netra / the archive is damaged or not a Netra "
               "backup")
    digests: dict[str, tuple[int, str]] = {}
    manifest_bytes = None
    try:
        with tarfile.open(archive_path, "r:*") as archive:
            for member in archive:
                name = _safe_name(member.name)
                if member.isdir():
                    continue
                if not member.isfile():
                    raise BackupError(f"{damaged}: {name!r} is not a regular file.")
                if name in digests or (name == MANIFEST and manifest_bytes is not None):
                    raise BackupError(f"{damaged}: {name!r} appears twice.")
                # A regular file (checked above) always has a file object.
                source = cast("IO[bytes]", archive.extractfile(member))
                if name == MANIFEST:
                    manifest_bytes = source.read()
                    continue
                target = into / name
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                size = 0
                with target.open("wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                digests[name] = (size, digest.hexdigest())
    except (tarfile.TarError, EOFError, OSError, ValueError) as exc:
        raise BackupError(f"{damaged} ({exc}).") from exc
    if manifest_bytes is None:
        raise BackupError(f"{damaged}: no {MANIFEST}.")
    try:
        manifest = json.loads(manifest_bytes)
        listed = {entry["path"]: (int(entry["size"]), entry["sha256"])
                  for entry in manifest["files"]}
        database = manifest["database"]
    except (ValueError, KeyError, TypeError) as exc:
        raise BackupError(f"{damaged}: {MANIFEST} is not readable ({exc}).") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{damaged}: format {manifest.get('format')!r}, expected {FORMAT!r}.")
    bad = sorted(name for name in set(listed) | set(digests)
                 if listed.get(name) != digests.get(name))
    if bad:
        raise BackupError(
            "Checksum tidak cocok; tidak ada yang dipulihkan / checksums do not match, nothing "
            f"was restored: {', '.join(bad[:10])}{' …' if len(bad) > 10 else ''}"
        )
    if database.get("file") not in digests:
        raise BackupError(f"{damaged}: the database file is missing.")
    return manifest


def _move_aside(path: Path, stamp: str) -> Path | None:
    if not path.exists():
        return None
    aside = path.with_name(f"{path.name}.replaced-{stamp}")
    os.replace(path, aside)
    return aside


def restore_backup(archive_path: Path, *, force: bool = False,
                   progress: Callable[[str], None] | None = None) -> RestoreResult:
    """Check the archive completely, then restore the database, private files and keys."""
    archive_path = Path(archive_path)
    if not archive_path.is_file():
        raise BackupError(f"Arsip tidak ditemukan / archive not found: {archive_path}")
    say = progress or (lambda message: None)
    if vendor() not in DB_FILES:
        raise BackupError(f"Basis data {vendor()} tidak didukung / not supported.")
    if vendor() == "sqlite":
        _sqlite_path()  # refuses an in-memory database before any work
    root = data_dir()
    root.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=".netra-restore-", dir=root))
    try:
        say("checking every checksum …")
        manifest = _extract_verified(archive_path, work)
        source_vendor = manifest["database"].get("vendor")
        if source_vendor != vendor():
            raise BackupError(
                f"Cadangan ini dari basis data {source_vendor}, instalasi ini memakai {vendor()}; "
                f"tidak ada yang dipulihkan / this backup was made from a {source_vendor} "
                f"database and this installation uses {vendor()}: nothing was restored. Restore "
                f"it into a {source_vendor} installation (set DATABASE_URL accordingly)."
            )
        reasons = holds_data()
        if reasons and not force:
            raise BackupError(
                "Instalasi ini tidak kosong; tidak ada yang dipulihkan / this installation is not "
                f"empty ({'; '.join(reasons)}): nothing was restored. Use --force to replace its "
                "database and files (the current files are kept aside)."
            )
        known = known_migrations()
        in_backup = set(manifest.get("migrations", []))
        stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
        kept: list[Path | None] = []  # None when there was nothing to move aside

        say(f"database ({vendor()}) …")
        _load_database(work / manifest["database"]["file"])

        say("private files …")
        target = private_dir()
        target.parent.mkdir(parents=True, exist_ok=True)
        restored = work / PRIVATE
        if not restored.exists():
            restored.mkdir()
        if target.exists():
            if any(target.iterdir()):
                kept.append(_move_aside(target, stamp))
            else:
                target.rmdir()
        shutil.move(str(restored), str(target))

        if manifest.get("includes_keys"):
            if key_file().exists() and _sha256(key_file()) != _sha256(work / KEY_FILE):
                kept.append(_move_aside(key_file(), stamp))
            os.chmod(work / KEY_FILE, 0o600)
            os.replace(work / KEY_FILE, key_file())

        restored_files = [e for e in manifest["files"] if e["path"].startswith(PRIVATE + "/")]
        return RestoreResult(
            vendor=vendor(),
            created_at=manifest.get("created_at", ""),
            netra_version=manifest.get("netra_version", ""),
            files=len(restored_files),
            bytes=sum(int(e["size"]) for e in restored_files),
            includes_keys=bool(manifest.get("includes_keys")),
            kept=[p for p in kept if p],
            missing_migrations=sorted(known - in_backup),
            unknown_migrations=sorted(in_backup - known),
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)

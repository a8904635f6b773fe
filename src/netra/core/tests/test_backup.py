"""``netra backup`` and ``netra restore`` on real installations, each a separate ``netra`` process
with its own ``DATABASE_URL`` and ``NETRA_DATA_DIR``: a populated one is backed up and restored
into an empty one, which then holds every case, evidence file and audit entry unchanged.

Runs on the vendor of the suite: SQLite files, or (with ``DATABASE_URL`` on PostgreSQL) two
throwaway databases created on the same server and dropped afterwards.
"""

import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.conf import settings

REGIONS = [
    ("36", "Banten", 1, "provinsi", ""),
    ("36.73", "Kota Serang", 2, "kota", "36"),
    ("36.73.01", "Serang", 3, "kecamatan", "36.73"),
    ("36.73.01.1002", "Cipare", 4, "kelurahan", "36.73.01"),
    ("36.73.05", "Cipocok Jaya", 3, "kecamatan", "36.73"),
    ("36.04", "Kabupaten Serang", 2, "kabupaten", "36"),
]

SEED = f"""
from django.core.files.uploadedfile import SimpleUploadedFile
from netra.regions.models import Region
Region.objects.bulk_create([
    Region(code=c, name=n, level=l, kind=k, parent_code=p, path=n, search_name=n.lower() + " " + c)
    for c, n, l, k, p in {REGIONS!r}])
from netra.cases.evidence import upload_evidence
from netra.cases.tests.factories import build_world, open_finding, open_report
from netra.files.tests.samples import PDF
w = build_world()
report = open_report(w, reporter_name="Siti Cadangan Pulih")
open_finding(w)
upload_evidence(case=report, actor=w.handler, description="Scan of the flyer",
                file=SimpleUploadedFile("bukti.pdf", PDF, content_type="application/pdf"))
"""

INSPECT = """
import hashlib, json
from pathlib import Path
from auditlog.models import LogEntry
from netra.cases.models import Case, Evidence, Reporter
print("JSON:" + json.dumps({
    "cases": list(Case.objects.order_by("pk").values(
        "pk", "intake_number", "kind", "status", "title", "description", "region_code",
        "known_date", "office__name", "election__name")),
    "evidence": [{"pk": e.pk, "name": e.file.name, "sha256": e.sha256, "size": e.size,
                  "stored_sha256": hashlib.sha256(e.file.open("rb").read()).hexdigest()}
                 for e in Evidence.objects.order_by("pk")],
    "audit": list(LogEntry.objects.order_by("pk").values_list(
        "pk", "content_type__model", "object_pk", "action", "changes", "timestamp")),
    "reporters": sorted(r.name for r in Reporter.objects.all()),
}, default=str))
"""


# --- Installations ----------------------------------------------------------------------------


def _pg_admin():
    import psycopg

    db = settings.DATABASES["default"]
    return psycopg.connect(dbname="postgres", host=db.get("HOST") or None,
                           port=db.get("PORT") or None, user=db.get("USER") or None,
                           password=db.get("PASSWORD") or None, autocommit=True)


class Installation:
    """A data directory and a database of its own, driven through the ``netra`` command."""

    def __init__(self, root: Path, name: str):
        self.dir = root / name
        self.dir.mkdir()
        db = settings.DATABASES["default"]
        if db["ENGINE"].endswith("postgresql"):
            self.pg_name = f"netra_h5_{name}_{uuid.uuid4().hex[:8]}"
            with _pg_admin() as admin:
                admin.execute(f'CREATE DATABASE "{self.pg_name}"')
            auth = f"{db.get('USER') or ''}:{db.get('PASSWORD') or ''}@"
            self.url = (f"postgres://{auth}{db.get('HOST') or '127.0.0.1'}:"
                        f"{db.get('PORT') or 5432}/{self.pg_name}")
        else:
            self.pg_name = None
            self.url = f"sqlite:///{self.dir / 'netra.sqlite3'}"

    def drop(self):
        if self.pg_name:
            with _pg_admin() as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')

    def netra(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        env = {**os.environ, "DATABASE_URL": self.url, "NETRA_DATA_DIR": str(self.dir),
               "DJANGO_SETTINGS_MODULE": "netra.settings.test", "NETRA_LOG_LEVEL": "WARNING"}
        env.pop("NETRA_FIELD_ENCRYPTION_KEYS", None)  # the embedded key file, backed up too
        result = subprocess.run([sys.executable, "-m", "netra", *args], env=env,
                                capture_output=True, text=True, timeout=300, check=False)
        if check and result.returncode != 0:
            raise AssertionError(f"netra {' '.join(args)} failed:\n{result.stdout}\n"
                                 f"{result.stderr}")
        return result

    def state(self) -> dict:
        out = self.netra("shell", "-c", INSPECT).stdout
        return json.loads(out.split("JSON:", 1)[1])


@pytest.fixture(scope="module")
def installations(tmp_path_factory):
    root = tmp_path_factory.mktemp("backup")
    made = []

    def make(name: str) -> Installation:
        inst = Installation(root, name)
        made.append(inst)
        return inst

    yield root, make
    for inst in made:
        inst.drop()


@pytest.fixture(scope="module")
def source(installations):
    """A populated installation and its backups (.tar.gz and .tar)."""
    root, make = installations
    src = make("source")
    src.netra("migrate", "--no-input", "-v", "0")
    src.netra("shell", "-c", SEED)
    gz = src.netra("backup", "--output", str(root / "netra.tar.gz"))
    plain = src.netra("backup", "-o", str(root / "netra.tar"))
    return src, root / "netra.tar.gz", root / "netra.tar", gz.stdout + plain.stdout


# --- Tests ------------------------------------------------------------------------------------


def test_backup_says_what_it_wrote_and_warns_about_keys(source):
    src, archive, plain, output = source
    assert f"Backup written: {archive}" in output
    assert "WARNING" in output
    assert "field-encryption keys" in output
    with tarfile.open(archive) as tar:
        names = tar.getnames()
        manifest = json.load(tar.extractfile("manifest.json"))
    vendor = "postgresql" if src.pg_name else "sqlite"
    assert manifest["database"]["vendor"] == vendor
    assert manifest["netra_version"]
    assert "cases.0001_initial" in manifest["migrations"]
    assert manifest["includes_keys"] is True
    listed = {entry["path"]: entry for entry in manifest["files"]}
    assert set(listed) | {"manifest.json"} == set(names)
    evidence = [name for name in listed if name.startswith("private/")]
    assert evidence, names
    assert all(len(entry["sha256"]) == 64 for entry in listed.values())
    assert "field-keys" in listed


def test_restore_into_an_empty_installation_keeps_everything(source, installations):
    src, archive, _plain, _ = source
    _root, make = installations
    before = src.state()
    assert len(before["cases"]) == 2
    assert len(before["evidence"]) == 1
    assert len(before["audit"]) > 5
    assert before["reporters"] == ["Siti Cadangan Pulih"]
    assert before["evidence"][0]["stored_sha256"] == before["evidence"][0]["sha256"]

    empty = make("empty")
    result = empty.netra("restore", str(archive))
    assert f"Restored {archive}" in result.stdout
    assert "private files: 1 (" in result.stdout

    after = empty.state()
    assert after == before  # every case field, the evidence bytes and SHA, every audit entry
    stored = empty.dir / "private" / before["evidence"][0]["name"]
    assert stored.read_bytes() == (src.dir / "private" / before["evidence"][0]["name"]).read_bytes()
    assert (empty.dir / "field-keys").read_bytes() == (src.dir / "field-keys").read_bytes()
    assert oct((empty.dir / "field-keys").stat().st_mode & 0o777) == "0o600"

    # Not over data that is there now, unless forced; then the old files are kept aside.
    again = empty.netra("restore", str(archive), check=False)
    assert again.returncode != 0
    assert "not empty" in again.stderr
    assert "nothing was restored" in again.stderr
    forced = empty.netra("restore", str(archive), "--force")
    assert "kept the replaced data at" in forced.stdout
    assert empty.state() == before
    assert list(empty.dir.glob("private.replaced-*"))


def _flip(data: bytes, offset: int) -> bytes:
    return data[:offset] + bytes([data[offset] ^ 0x01]) + data[offset + 1:]


def test_a_damaged_archive_is_refused_and_nothing_is_touched(source, installations):
    _src, archive, plain, _ = source
    root, make = installations
    target = make("target")
    # One flipped byte inside the database copy of the uncompressed archive: the SHA-256 fails.
    with tarfile.open(plain) as tar:
        member = next(m for m in tar.getmembers() if m.name.startswith("database/"))
    bad_tar = root / "flipped.tar"
    bad_tar.write_bytes(_flip(plain.read_bytes(), member.offset_data + member.size // 2))
    result = target.netra("restore", str(bad_tar), check=False)
    assert result.returncode != 0
    assert "checksums do not match" in result.stderr
    assert member.name in result.stderr
    # One flipped byte in the compressed archive: it no longer unpacks.
    data = archive.read_bytes()
    bad_gz = root / "flipped.tar.gz"
    bad_gz.write_bytes(_flip(data, len(data) // 2))
    result = target.netra("restore", str(bad_gz), check=False)
    assert result.returncode != 0
    assert "damaged" in result.stderr or "checksums do not match" in result.stderr
    # Nothing was written: no database content, no private files, no leftovers.
    assert not (target.dir / "private").exists()
    assert not list(target.dir.glob(".netra-restore-*"))
    if not target.pg_name:
        db = target.dir / "netra.sqlite3"
        assert not db.exists() or db.stat().st_size == 0


def test_a_backup_of_another_database_vendor_is_refused(source, installations):
    _src, archive, _plain, _ = source
    root, make = installations
    with tarfile.open(archive) as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar.getmembers()]
    other = root / "other-vendor.tar"
    with tarfile.open(other, "w") as tar:
        for member, data in members:
            if member.name == "manifest.json":
                manifest = json.loads(data)
                vendor = manifest["database"]["vendor"]
                manifest["database"]["vendor"] = "sqlite" if vendor == "postgresql" else (
                    "postgresql")
                data = json.dumps(manifest).encode()
                member.size = len(data)
            tar.addfile(member, io.BytesIO(data))
    target = make("vendor")
    result = target.netra("restore", str(other), check=False)
    assert result.returncode != 0
    assert f"this installation uses {vendor}" in result.stderr
    assert "nothing was restored" in result.stderr

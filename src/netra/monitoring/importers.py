"""Imports of the monitoring app through ``netra.imports`` (schemas in ``docs/monitoring.md``).

* ``monitoring.accounts`` — the account registry (CSV/XLSX), natural key (platform, handle):
  a known account is updated, a new one created.
* ``monitoring.interactions`` — Netra's own post/interaction schema (CSV/XLSX; the JSON form is
  converted to it by :mod:`netra.monitoring.adapters`). Each batch is validated in Python, then
  written with ``bulk_create(ignore_conflicts=True)`` on the natural keys (platform, post id) for
  posts and (platform, post id, actor, interaction type) for interactions, so re-importing a file
  or resuming an interrupted job adds nothing twice.
* ``monitoring.crowdtangle`` — a CrowdTangle (Facebook/Instagram) "historical data" CSV export:
  every row is a post by a page or account.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netra.cases.intake import responsible_office
from netra.core.scoping import may_in_region
from netra.imports.registry import Column, Importer, RowError
from netra.imports.tabular import Row
from netra.regions.selectors import validate_region_code
from netra.rules.choices import EmploymentType

from .choices import HolderKind, InteractionType, Platform
from .models import Interaction, MonitoredAccount, Post
from .permissions import MonitoringAction

if TYPE_CHECKING:
    from netra.imports.models import ImportJob

PLATFORM_ALIASES = {
    "x": Platform.TWITTER, "twitter": Platform.TWITTER, "x (twitter)": Platform.TWITTER,
    "fb": Platform.FACEBOOK, "facebook": Platform.FACEBOOK,
    "ig": Platform.INSTAGRAM, "instagram": Platform.INSTAGRAM,
    "tiktok": Platform.TIKTOK, "youtube": Platform.YOUTUBE, "yt": Platform.YOUTUBE,
    "other": Platform.OTHER,
}
INTERACTION_ALIASES = {
    "post": InteractionType.POST, "tweet": InteractionType.POST, "posting": InteractionType.POST,
    "unggah": InteractionType.POST,
    "like": InteractionType.LIKE, "suka": InteractionType.LIKE, "favorite": InteractionType.LIKE,
    "reaction": InteractionType.LIKE,
    "share": InteractionType.SHARE, "retweet": InteractionType.SHARE,
    "repost": InteractionType.SHARE, "bagikan": InteractionType.SHARE,
    "quote": InteractionType.SHARE,
    "comment": InteractionType.COMMENT, "reply": InteractionType.COMMENT,
    "komentar": InteractionType.COMMENT, "balas": InteractionType.COMMENT,
    "follow": InteractionType.FOLLOW, "ikuti": InteractionType.FOLLOW,
}
_HANDLE = re.compile(r"^[\w.\-]{1,100}$")
_URL_HANDLE = re.compile(r"^https?://(?:www\.|m\.)?[^/]+/@?([\w.\-]+)")


_PLATFORMS = frozenset(Platform.values)


def parse_platform(value: str, default: str = "") -> str:
    key = (value or default).strip().lower()
    if key in _PLATFORMS:
        return key
    platform = PLATFORM_ALIASES.get(key)
    if platform is None:
        raise RowError(_("Unknown platform %(value)s.") % {"value": value}, column="platform")
    return platform


def clean_handle(value: str, column: str = "handle") -> str:
    """``@Pak_Lurah`` / ``https://x.com/pak_lurah`` → ``pak_lurah``."""
    value = (value or "").strip()
    match = _URL_HANDLE.match(value)
    if match:
        value = match.group(1)
    value = value.lstrip("@").lower()
    if not _HANDLE.match(value):
        raise RowError(_("Not a valid account handle: %(value)s.") % {"value": value[:60]},
                       column=column)
    return value


def parse_time(value: str, column: str) -> datetime | None:
    """ISO 8601 date/time (``2019-04-10T08:15:00Z``, ``2019-04-10 08:15``, ``2019-04-10``) or a
    CrowdTangle time with zone name (``2019-04-10 08:15:00 WIB``); naive times are Jakarta
    (the current time zone)."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        # The common case, in C: a full ISO 8601 value (Python 3.11 also reads ``Z``).
        parsed = datetime.fromisoformat(value)
    except ValueError:
        parsed = _parse_time_leniently(value, column)
    if parsed.tzinfo is None:
        parsed = timezone.make_aware(parsed)
    return parsed


def _parse_time_leniently(value: str, column: str) -> datetime:
    for suffix in (" WIB", " UTC", " EDT", " EST"):
        if value.endswith(suffix):
            value = value[: -len(suffix)]
    try:
        parsed = parse_datetime(value.replace("Z", "+00:00"))
    except ValueError:
        parsed = None
    if parsed is None:
        day = parse_date(value) if len(value) == 10 else None
        if day is None:
            raise RowError(_("Not a date/time: %(value)s.") % {"value": value[:40]}, column=column)
        parsed = datetime(day.year, day.month, day.day, tzinfo=timezone.get_current_timezone())
    return parsed


# --- account registry -------------------------------------------------------------------------


def _employment_type(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    lowered = value.lower()
    for choice, label in EmploymentType.choices:
        if lowered in (choice, str(label).lower()):
            return choice
    aliases = {"asn": EmploymentType.PNS, "pegawai negeri sipil": EmploymentType.PNS,
               "kepala desa": EmploymentType.VILLAGE_HEAD, "lurah": EmploymentType.PNS,
               "perangkat desa": EmploymentType.VILLAGE_OFFICIAL}
    if lowered in aliases:
        return aliases[lowered]
    raise RowError(_("Unknown employment type %(value)s.") % {"value": value[:40]},
                   column="employment_type")


class AccountImporter(Importer):
    """Account registry (registri akun): one row per account."""

    key = "monitoring.accounts"
    label = gettext_lazy("Monitored accounts")
    action = MonitoringAction.CHANGE
    batch_size = 500
    columns = [
        Column("platform", gettext_lazy("Platform"), required=True, aliases=("platforma",)),
        Column("handle", gettext_lazy("Handle"), required=True,
               aliases=("username", "akun", "nama akun", "user name", "screen name")),
        Column("url", gettext_lazy("URL"), aliases=("tautan", "link", "profile url")),
        Column("platform_id", gettext_lazy("Platform id"), aliases=("id", "user id", "account id")),
        Column("holder_kind", gettext_lazy("Holder"), aliases=("pemilik", "jenis pemilik")),
        Column("person_name", gettext_lazy("Name"), aliases=("nama", "nama lengkap", "name")),
        Column("position", gettext_lazy("Position"), aliases=("jabatan",)),
        Column("agency", gettext_lazy("Agency"), aliases=("instansi", "unit kerja", "opd")),
        Column("employment_type", gettext_lazy("Employment type"),
               aliases=("status kepegawaian", "jenis kepegawaian")),
        Column("institution_name", gettext_lazy("Institution"), aliases=("lembaga",)),
        Column("region_code", gettext_lazy("Region code"), required=True,
               aliases=("kode wilayah", "kode daerah", "wilayah")),
    ]

    def import_row(self, job, row) -> str:
        v = row.values
        platform = parse_platform(v["platform"])
        handle = clean_handle(v["handle"])
        region = v["region_code"].strip()
        try:
            validate_region_code(region)
        except ValidationError as exc:
            raise RowError(" ".join(exc.messages), column="region_code") from exc
        actor = job.created_by
        if actor is not None and not may_in_region(actor, MonitoringAction.CHANGE, region):
            raise RowError(_("The region is outside your jurisdiction."), column="region_code")
        holder = (v["holder_kind"] or "").strip().lower()
        if holder in ("", "person", "orang", "perorangan", "pribadi",
                      str(HolderKind.PERSON.label).lower()):
            holder = HolderKind.PERSON
        elif holder in ("institution", "lembaga", "instansi", "institusi",
                        str(HolderKind.INSTITUTION.label).lower()):
            holder = HolderKind.INSTITUTION
        else:
            raise RowError(_("Holder must be a person or an institution."), column="holder_kind")
        if holder == HolderKind.PERSON and not v["person_name"].strip():
            raise RowError(_("A person's account needs the person's name."), column="person_name")
        if holder == HolderKind.INSTITUTION and not (v["institution_name"] or v["agency"]).strip():
            raise RowError(_("An institution's account needs the institution."),
                           column="institution_name")
        url = v["url"].strip()
        if url and not url.startswith(("http://", "https://")):
            raise RowError(_("The URL must start with http:// or https://."), column="url")
        office = responsible_office(region)
        values = {
            "url": url[:500],
            "platform_id": v["platform_id"].strip()[:64],
            "holder_kind": holder,
            "person_name": v["person_name"].strip()[:200],
            "position": v["position"].strip()[:200],
            "agency": v["agency"].strip()[:200],
            "employment_type": _employment_type(v["employment_type"]),
            "institution_name": v["institution_name"].strip()[:200],
            "region_code": region,
            "office_id": office.pk if office else None,
        }
        account = MonitoredAccount.objects.filter(platform=platform, handle=handle).first()
        if account is None:
            MonitoredAccount.objects.create(platform=platform, handle=handle, **values)
            return "created"
        changed = [name for name, value in values.items() if getattr(account, name) != value]
        if not changed:
            return "duplicate"
        for name in changed:
            setattr(account, name, values[name])
        account.save(update_fields=[*changed, "updated_at"])
        return "updated"

    def finish(self, job) -> None:
        from .services import detect_hits, link_accounts

        if link_accounts():
            detect_hits()


# --- posts and interactions -------------------------------------------------------------------

InteractionKey = tuple[str, str, str, str]
"""The natural key of an interaction: (platform, post id, actor handle, interaction type)."""

#: Per-job caches (cleaned handles, account ids) are emptied when they grow past this.
_CACHE_LIMIT = 200_000


@dataclass(slots=True)
class NewPost:
    """A validated post before insertion (rows are written in bulk, not through model
    instances)."""

    platform: str
    post_id: str
    author_handle: str
    text: str
    url: str
    posted_at: datetime | None


@dataclass(slots=True)
class NewInteraction:
    """A validated interaction row before insertion (lighter than a model instance: the ingest
    of a million rows spent a third of its time building model instances)."""

    platform: str
    post_id: str
    actor_handle: str
    interaction_type: str
    occurred_at: datetime | None
    text: str = ""
    account_id: int | None = None

    @property
    def key(self) -> InteractionKey:
        return (self.platform, self.post_id, self.actor_handle, self.interaction_type)


class InteractionImporter(Importer):
    """Posts and interactions in Netra's schema (docs/monitoring.md). A ``post`` row carries the
    post's text; other rows name the post they act on and may carry its text too.

    One instance runs one job (``netra.imports`` creates it per run), so it keeps two caches for
    the job: cleaned handles and the registered account of each (platform, handle) seen, looked
    up once per job rather than once per batch. An account registered while a job runs is
    linked by ``link_accounts`` after the account import, like any earlier interaction."""

    key = "monitoring.interactions"
    label = gettext_lazy("Posts and interactions")
    action = MonitoringAction.CHANGE
    batch_size = 10_000
    columns = [
        Column("platform", gettext_lazy("Platform")),
        Column("post_id", gettext_lazy("Post id"), required=True,
               aliases=("id", "tweet id", "tweet_id", "status id")),
        Column("actor", gettext_lazy("Actor"), aliases=("akun", "handle", "username", "user")),
        Column("interaction", gettext_lazy("Interaction"),
               aliases=("type", "interaction type", "jenis interaksi")),
        Column("time", gettext_lazy("Time"), aliases=("waktu", "timestamp", "interaction time")),
        Column("comment_text", gettext_lazy("Comment"), aliases=("komentar",)),
        Column("post_author", gettext_lazy("Post author"), aliases=("author", "penulis")),
        Column("post_text", gettext_lazy("Post text"), aliases=("text", "teks", "isi", "message")),
        Column("post_url", gettext_lazy("Post URL"), aliases=("url", "link")),
        Column("posted_at", gettext_lazy("Posted at"), aliases=("created_at", "tanggal")),
    ]

    def __init__(self) -> None:
        self._handles: dict[str, str] = {}
        self._account_ids: dict[tuple[str, str], int | None] = {}

    def default_platform(self, job: ImportJob | None) -> str:
        return str((job.options or {}).get("platform", "")) if job is not None else ""

    def handle(self, value: str, column: str) -> str:
        """``clean_handle`` remembered for the job (a file names the same accounts again and
        again); a bad handle raises every time."""
        cleaned = self._handles.get(value)
        if cleaned is None:
            cleaned = clean_handle(value, column=column)
            if len(self._handles) >= _CACHE_LIMIT:
                self._handles.clear()
            self._handles[value] = cleaned
        return cleaned

    def parse(self, job: ImportJob | None, row: Row) -> tuple[NewPost | None, NewInteraction]:
        """Validate one row into a post (when it describes one) and an interaction."""
        v = row.values
        platform = parse_platform(v.get("platform", ""), self.default_platform(job) or "twitter")
        post_id = v["post_id"].strip()
        if not post_id or len(post_id) > 64:
            raise RowError(_("A post id of at most 64 characters is required."), column="post_id")
        kind = (v.get("interaction") or "").strip().lower()
        text = v.get("post_text", "")
        if not kind and text:
            kind = InteractionType.POST
        interaction_type = INTERACTION_ALIASES.get(kind)
        if interaction_type is None:
            raise RowError(_("Unknown interaction %(value)s.") % {"value": kind[:30]},
                           column="interaction")
        is_post = interaction_type == InteractionType.POST
        actor = v.get("actor", "") or (v.get("post_author", "") if is_post else "")
        if not actor.strip():
            raise RowError(_("A value is required."), column="actor")
        actor = self.handle(actor, "actor")
        at = parse_time(v.get("time", ""), "time")
        posted_at = parse_time(v.get("posted_at", ""), "posted_at")
        post = None
        if text or is_post:
            author = v.get("post_author", "").strip()
            author = self.handle(author, "post_author") if author else (actor if is_post else "")
            url = v.get("post_url", "").strip()
            if url and not url.startswith(("http://", "https://")):
                raise RowError(_("The URL must start with http:// or https://."),
                               column="post_url")
            post = NewPost(platform, post_id, author, text, url[:500], posted_at or at)
        interaction = NewInteraction(platform, post_id, actor, str(interaction_type),
                                     at or posted_at, v.get("comment_text", ""))
        return post, interaction

    def import_rows(self, job: ImportJob, rows: list[Row]) -> list[str | RowError]:
        outcomes: list[str | RowError] = []
        parsed: list[tuple[int, NewPost | None, NewInteraction]] = []
        for index, row in enumerate(rows):
            try:
                post, interaction = self.parse(job, row)
            except RowError as exc:
                outcomes.append(exc)
                continue
            outcomes.append("")
            parsed.append((index, post, interaction))
        accounts = self.account_ids({(i.platform, i.actor_handle) for _n, _p, i in parsed})
        keep_unknown = bool((job.options or {}).get("keep_unknown")) if job is not None else False
        posts: dict[tuple[str, str], NewPost] = {}
        unique: dict[InteractionKey, NewInteraction] = {}
        pending: list[tuple[int, InteractionKey]] = []
        for index, post, interaction in parsed:
            account = accounts.get((interaction.platform, interaction.actor_handle))
            if (account is None and interaction.interaction_type != InteractionType.POST
                    and not keep_unknown):
                outcomes[index] = RowError(
                    _("Unknown account @%(handle)s: register it first.")
                    % {"handle": interaction.actor_handle}, column="actor")
                continue
            interaction.account_id = account
            if post is not None:
                posts.setdefault((post.platform, post.post_id), post)
            key = interaction.key
            if key in unique:
                outcomes[index] = "duplicate"  # twice in this batch: the first one counts
            else:
                unique[key] = interaction
                pending.append((index, key))
        # In key order: the natural key's index is then updated page after page, not at random
        # (a third faster on SQLite).
        insert_posts([posts[key] for key in sorted(posts)])
        inserted = insert_interactions([unique[key] for key in sorted(unique)])
        for index, key in pending:
            outcomes[index] = "created" if key in inserted else "duplicate"
        return outcomes

    def account_ids(self, keys: set[tuple[str, str]]) -> dict[tuple[str, str], int | None]:
        """Registered account id (or None) by (platform, handle) for ``keys``; each key is
        looked up once per job."""
        cache = self._account_ids
        missing = [key for key in keys if key not in cache]
        if len(cache) + len(missing) > _CACHE_LIMIT:
            cache.clear()
            missing = list(keys)
        by_platform: dict[str, list[str]] = {}
        for platform, handle in missing:
            by_platform.setdefault(platform, []).append(handle)
            cache[(platform, handle)] = None
        for platform, handles in by_platform.items():
            for start in range(0, len(handles), 900):
                found = MonitoredAccount.objects.filter(
                    platform=platform, handle__in=handles[start:start + 900]
                ).values_list("pk", "handle")
                for pk, handle in found:
                    cache[(platform, handle)] = pk
        return cache

    def finish(self, job: ImportJob) -> None:
        from .services import detect_hits

        if (job.options or {}).get("detect", True):
            detect_hits()


# --- bulk writing ---------------------------------------------------------------------------

_INTERACTION_COLUMNS = ("platform", "post_id", "actor_handle", "interaction_type", "account_id",
                        "occurred_at", "text", "checked")
_POST_COLUMNS = ("platform", "post_id", "author_handle", "text", "url", "posted_at",
                 "imported_at")


def insert_interactions(interactions: list[NewInteraction]) -> set[InteractionKey]:
    """Insert interactions, skipping those whose natural key exists; return the keys actually
    inserted (which tells ``created`` from ``duplicate``)."""
    adapt = datetime_adapter()
    rows = [(i.platform, i.post_id, i.actor_handle, i.interaction_type, i.account_id,
             adapt(i.occurred_at), i.text or "", False) for i in interactions]
    returned = insert_ignoring_conflicts(
        Interaction._meta.db_table, _INTERACTION_COLUMNS, rows, returning=_INTERACTION_COLUMNS[:4]
    )
    return {(str(r[0]), str(r[1]), str(r[2]), str(r[3])) for r in returned}


def insert_posts(posts: list[NewPost]) -> None:
    """Insert posts, skipping those whose natural key (platform, post id) exists: the first
    row that carries a post creates it."""
    adapt = datetime_adapter()
    now = adapt(timezone.now())
    rows = [(p.platform, p.post_id, p.author_handle, p.text, p.url, adapt(p.posted_at), now)
            for p in posts]
    insert_ignoring_conflicts(Post._meta.db_table, _POST_COLUMNS, rows)


def insert_ignoring_conflicts(
    table: str,
    columns: tuple[str, ...],
    rows: list[tuple[Any, ...]],
    *,
    returning: tuple[str, ...] = (),
) -> list[tuple[Any, ...]]:
    """``INSERT … ON CONFLICT DO NOTHING [RETURNING …]`` of many rows, the fastest way each
    database offers; returns the ``returning`` columns of the rows actually inserted.

    PostgreSQL: ``COPY`` into a session-local staging table, then one ``INSERT … SELECT`` (the
    rows cross the wire in the copy format, not as bound parameters). SQLite (≥ 3.35): multi-row
    ``VALUES`` statements as large as its variable limit allows. Django's
    ``bulk_create(ignore_conflicts=True)`` cannot say which rows were new, and preparing every
    value through the ORM took most of the ingest time (bench/bench_monitoring.py).
    Datetime values must already be in the database's form (:func:`datetime_adapter`)."""
    if not rows:
        return []
    if connection.vendor == "postgresql":
        return _copy_insert(table, columns, rows, returning)
    return _values_insert(table, columns, rows, returning)


def _same(value: datetime | None) -> datetime | None:
    return value


def datetime_adapter() -> Callable[[datetime | None], Any]:
    """How an aware datetime is passed to the database: as is to PostgreSQL (psycopg adapts
    it), as Django's SQLite backend stores it (UTC, naive, ``str()``) without its per-value
    checks, else through the backend's own adapter."""
    if connection.vendor == "postgresql":
        return _same
    if connection.vendor == "sqlite":
        zone = connection.timezone

        def to_sqlite(value: datetime | None) -> str | None:
            return None if value is None else str(value.astimezone(zone).replace(tzinfo=None))

        return to_sqlite
    return connection.ops.adapt_datetimefield_value


def _values_insert(
    table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]], returning: tuple[str, ...]
) -> list[tuple[Any, ...]]:
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    tail = " ON CONFLICT DO NOTHING"
    if returning:
        tail += " RETURNING " + ", ".join(quote(c) for c in returning)
    chunk = max(1, min(1000, _max_variables() // len(columns)))
    placeholder = "(" + ", ".join(["%s"] * len(columns)) + ")"
    found: list[tuple[Any, ...]] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), chunk):
            part = rows[start:start + chunk]
            cursor.execute(
                f"INSERT INTO {quote(table)} ({names}) "  # noqa: S608 - names from the model
                f"VALUES {', '.join([placeholder] * len(part))}{tail}",
                [value for row in part for value in row],
            )
            if returning:
                found.extend(tuple(r) for r in cursor.fetchall())
    return found


def _max_variables() -> int:
    """Bound parameters one statement may carry (SQLite's compile-time limit, 32,766 since
    3.32; Django's ``max_query_params`` assumes the old 999)."""
    if connection.vendor == "sqlite":
        import sqlite3

        connection.ensure_connection()
        raw = connection.connection
        if raw is not None:
            return int(raw.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER))
    return int(connection.features.max_query_params or 999)


def _copy_insert(
    table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]], returning: tuple[str, ...]
) -> list[tuple[Any, ...]]:
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    stage = quote(f"netra_stage_{table}")
    with connection.cursor() as cursor:
        # Column types only (no constraints): the staging table takes any batch; it lives as
        # long as the database session and is emptied before each use and at each commit.
        source = f"SELECT {names} FROM {quote(table)} WITH NO DATA"  # noqa: S608 - model names
        cursor.execute(f"CREATE TEMPORARY TABLE IF NOT EXISTS {stage} ON COMMIT DELETE ROWS AS "
                       + source)
        cursor.execute(f"TRUNCATE {stage}")
        with cursor.cursor.copy(f"COPY {stage} ({names}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        sql = (f"INSERT INTO {quote(table)} ({names}) SELECT {names} FROM {stage} "  # noqa: S608
               "ON CONFLICT DO NOTHING")
        if returning:
            sql += " RETURNING " + ", ".join(quote(c) for c in returning)
        cursor.execute(sql)
        return [tuple(r) for r in cursor.fetchall()] if returning else []


_CT_POST_ID = re.compile(r"/(?:posts|videos|photos|p|reel)/([\w.\-]+)")


class CrowdTangleImporter(InteractionImporter):
    """A CrowdTangle "historical data" CSV export (Facebook pages/groups, Instagram): each row is
    a post by the account in ``User Name``; its id comes from the post ``URL``. Chosen because it
    was the standard export researchers and election monitors used for Facebook/Instagram
    (Meta Content Library keeps a similar CSV)."""

    key = "monitoring.crowdtangle"
    label = gettext_lazy("CrowdTangle export (Facebook/Instagram)")
    columns = [
        Column("user_name", "User Name", required=True, aliases=("username",)),
        Column("url", "URL", required=True),
        Column("created", "Post Created", aliases=("post created date",)),
        Column("message", "Message", aliases=("description", "image text")),
        Column("link", "Link"),
        Column("facebook_id", "Facebook Id"),
        Column("platform", "Platform"),
    ]

    def parse(self, job, row):
        v = row.values
        match = _CT_POST_ID.search(v["url"])
        post_id = match.group(1) if match else v["url"].rstrip("/").rsplit("/", 1)[-1]
        platform = (v.get("platform") or "").strip().lower() or "facebook"
        converted = type(row)(number=row.number, values={
            "platform": platform,
            "post_id": post_id[:64],
            "actor": v["user_name"],
            "interaction": "post",
            "time": v.get("created", ""),
            "post_text": v.get("message", "") or v.get("link", ""),
            "post_url": v["url"],
            "posted_at": v.get("created", ""),
        })
        return super().parse(job, converted)


IMPORTERS = (AccountImporter, InteractionImporter, CrowdTangleImporter)

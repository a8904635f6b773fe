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
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from netra.cases.intake import responsible_office
from netra.core.scoping import may_in_region
from netra.imports.registry import Column, Importer, RowError
from netra.regions.selectors import validate_region_code
from netra.rules.choices import EmploymentType

from .choices import HolderKind, InteractionType, Platform
from .models import Interaction, MonitoredAccount, Post
from .permissions import MonitoringAction

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
    CrowdTangle time with zone name (``2019-04-10 08:15:00 WIB``); naive times are Jakarta."""
    value = (value or "").strip()
    if not value:
        return None
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
    if timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed)
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


class InteractionImporter(Importer):
    """Posts and interactions in Netra's schema (docs/monitoring.md). A ``post`` row carries the
    post's text; other rows name the post they act on and may carry its text too."""

    key = "monitoring.interactions"
    label = gettext_lazy("Posts and interactions")
    action = MonitoringAction.CHANGE
    batch_size = 5000
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

    def default_platform(self, job) -> str:
        return (job.options or {}).get("platform", "") if job is not None else ""

    def parse(self, job, row) -> tuple[Post | None, NewInteraction]:
        """Validate one row into an unsaved post (when it describes one) and interaction."""
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
        actor = v.get("actor", "") or (v.get("post_author", "") if interaction_type ==
                                       InteractionType.POST else "")
        if not actor.strip():
            raise RowError(_("A value is required."), column="actor")
        actor = clean_handle(actor, column="actor")
        at = parse_time(v.get("time", ""), "time")
        posted_at = parse_time(v.get("posted_at", ""), "posted_at")
        post = None
        if text or interaction_type == InteractionType.POST:
            author = v.get("post_author", "").strip()
            author = clean_handle(author, column="post_author") if author else (
                actor if interaction_type == InteractionType.POST else "")
            url = v.get("post_url", "").strip()
            if url and not url.startswith(("http://", "https://")):
                raise RowError(_("The URL must start with http:// or https://."),
                               column="post_url")
            post = Post(platform=platform, post_id=post_id, author_handle=author, text=text,
                        url=url[:500], posted_at=posted_at or at)
        interaction = NewInteraction(platform, post_id, actor, str(interaction_type),
                                     at or posted_at, v.get("comment_text", ""))
        return post, interaction

    def import_rows(self, job, rows) -> list:
        outcomes: list = []
        parsed: list[tuple[int, Post | None, NewInteraction]] = []
        for index, row in enumerate(rows):
            try:
                post, interaction = self.parse(job, row)
            except RowError as exc:
                outcomes.append(exc)
                continue
            outcomes.append(None)
            parsed.append((index, post, interaction))
        accounts = self._accounts({(i.platform, i.actor_handle) for _n, _p, i in parsed})
        keep_unknown = bool((job.options or {}).get("keep_unknown")) if job is not None else False
        posts: dict[tuple[str, str], Post] = {}
        new: list[tuple[int, NewInteraction]] = []
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
            new.append((index, interaction))
        unique: dict[tuple, NewInteraction] = {}
        for index, interaction in new:
            key = (interaction.platform, interaction.post_id, interaction.actor_handle,
                   interaction.interaction_type)
            if key in unique:
                outcomes[index] = "duplicate"
            else:
                unique[key] = interaction
        Post.objects.bulk_create(list(posts.values()), ignore_conflicts=True)
        inserted = insert_interactions(list(unique.values()))
        for index, interaction in new:
            if outcomes[index] is None:
                key = (interaction.platform, interaction.post_id, interaction.actor_handle,
                       interaction.interaction_type)
                outcomes[index] = "created" if key in inserted else "duplicate"
        return outcomes

    def _accounts(self, keys: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
        """Registered account ids by (platform, handle), for the actors of a batch."""
        handles = sorted({handle for _platform, handle in keys})
        found = {}
        for start in range(0, len(handles), 900):
            rows = MonitoredAccount.objects.filter(handle__in=handles[start:start + 900])
            for pk, platform, handle in rows.values_list("pk", "platform", "handle"):
                found[(platform, handle)] = pk
        return found

    def finish(self, job) -> None:
        from .services import detect_hits

        if (job.options or {}).get("detect", True):
            detect_hits()


_INSERT_COLUMNS = ("platform", "post_id", "actor_handle", "interaction_type", "account_id",
                   "occurred_at", "text", "checked")
_INSERT_CHUNK = 500


def insert_interactions(interactions: list[NewInteraction]) -> set[tuple[str, str, str, str]]:
    """Insert interactions, skipping those whose natural key exists, in multi-row statements
    (``INSERT … ON CONFLICT DO NOTHING RETURNING`` the keys actually inserted, on PostgreSQL and
    SQLite ≥ 3.35). Django's ``bulk_create(ignore_conflicts=True)`` cannot say which rows were
    new, and preparing each value through the ORM took most of the ingest time (bench)."""
    table = connection.ops.quote_name(Interaction._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in _INSERT_COLUMNS)
    returning = ", ".join(connection.ops.quote_name(c) for c in _INSERT_COLUMNS[:4])
    adapt = connection.ops.adapt_datetimefield_value
    inserted: set[tuple[str, str, str, str]] = set()
    with connection.cursor() as cursor:
        for start in range(0, len(interactions), _INSERT_CHUNK):
            chunk = interactions[start:start + _INSERT_CHUNK]
            params: list = []
            for i in chunk:
                params += [i.platform, i.post_id, i.actor_handle, i.interaction_type,
                           i.account_id, adapt(i.occurred_at), i.text or "", False]
            values = ", ".join(["(" + ", ".join(["%s"] * len(_INSERT_COLUMNS)) + ")"] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) VALUES {values} "  # noqa: S608 - no user text
                f"ON CONFLICT DO NOTHING RETURNING {returning}",
                params,
            )
            inserted.update(tuple(row) for row in cursor.fetchall())
    return inserted


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

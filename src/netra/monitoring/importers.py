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
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import chain
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
from netra.imports.tabular import Batch
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
#: Interaction words → the stored value (plain text, as the database returns it).
_KINDS = {word: str(kind) for word, kind in INTERACTION_ALIASES.items()}
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

#: Per-job caches (cleaned handles, account ids, converted times) are emptied when they grow past
#: this.
_CACHE_LIMIT = 200_000
_SECONDS = frozenset(f"{second:02d}" for second in range(60))
_OFFSET = re.compile(r"[+-]\d\d:\d\d")


_OUTCOME = {True: "created", False: "duplicate"}


class _Invalid:
    """A value that failed a check, remembered (per batch or per job) as its message; the row
    gets a ``RowError`` for its own column."""

    __slots__ = ("message",)

    def __init__(self, message: str) -> None:
        self.message = message


class _Times:
    """Time column → database values, with :func:`parse_time`'s rules. A value with whole
    seconds and an explicit offset (``2024-10-05T08:15:30+07:00``, ``…Z``) is converted once per
    (date, hour, minute, offset): the others only swap in their seconds, which a change of time
    zone never touches. What the database receives: PostgreSQL an ISO text with ``+00:00``, SQLite
    Django's naive UTC text (:func:`datetime_adapter`)."""

    def __init__(self) -> None:
        self.vendor = connection.vendor
        self.adapt = datetime_adapter()
        self.heads: dict[str, str] = {}

    def to_db(self, value: datetime) -> Any:
        if self.vendor == "postgresql":
            return value.astimezone(UTC).isoformat(" ")
        return self.adapt(value)

    def convert(self, values: Sequence[str], column: str, errors: dict[int, RowError]) -> list[Any]:
        heads = self.heads
        seconds = _SECONDS
        suffix = "+00:00" if self.vendor == "postgresql" else ""
        out: list[Any] = []
        append = out.append
        for index, value in enumerate(values):
            if not value:
                append(None)
                continue
            size = len(value)
            if size == 25 or size == 20:
                key = value[:16] + value[19:]
                head = heads.get(key)
                if head is not None and value[16] == ":" and value[17:19] in seconds:
                    append(head + value[16:19] + suffix)
                    continue
            try:
                parsed = parse_time(value, column)
            except RowError as exc:
                errors.setdefault(index, exc)
                append(None)
                continue
            if parsed is None:  # pragma: no cover - only an empty value has no time
                append(None)
                continue
            converted = self.to_db(parsed)
            if (
                parsed.microsecond == 0
                and (size == 20 and value[19] == "Z" or size == 25 and _OFFSET.fullmatch(value, 19))
                and value[16] == ":"
                and isinstance(converted, str)
            ):
                if len(heads) >= _CACHE_LIMIT:
                    heads.clear()
                heads[value[:16] + value[19:]] = converted[:16]
            append(converted)
        return out


@dataclass(slots=True)
class _Checked:
    """A batch of interactions checked and converted by ``prepare_batch``: per-row lists (``None``
    or "" where a row failed a check, its error in ``errors``), then ``choose``'s picks."""

    count: int
    errors: dict[int, RowError]
    platforms: list[Any]
    post_ids: Sequence[str]
    actors: list[Any]
    kinds: list[Any]
    is_post: list[bool]
    texts: Sequence[str]
    urls: Sequence[str]
    posted: list[Any]
    times: list[Any]
    occurred: list[Any]
    comments: Sequence[str]
    post_authors: dict[int, str]
    pairs: list[tuple[Any, Any]]
    keys: list[InteractionKey]
    #: (platform, handle) pairs whose registered account the batch needs
    wanted: set[tuple[Any, Any]]
    #: natural key → its first row without an error
    first: dict[InteractionKey, int] = field(default_factory=dict)
    #: those rows, in key order
    order: list[int] = field(default_factory=list)
    #: the posts to create, in key order, without their import time
    post_rows: list[tuple[Any, ...]] = field(default_factory=list)
    #: PostgreSQL: the rows of ``order`` as COPY text lines up to their account id (else None)
    copy_heads: list[str] | None = None

    def choose(self) -> None:
        """The first row of each natural key and the first row carrying each post, among the
        rows without an error (again after ``errors`` grew)."""
        errors, keys = self.errors, self.keys
        if errors:
            valid = [i for i in range(self.count) if i not in errors]
            first = dict(zip([keys[i] for i in reversed(valid)], reversed(valid), strict=True))
        else:
            first = dict(zip(reversed(keys), reversed(range(self.count)), strict=True))
        self.first = first
        self.order = [first[key] for key in sorted(first)]
        platforms, post_ids, texts, urls = self.platforms, self.post_ids, self.texts, self.urls
        posts: dict[tuple[str, str], tuple[Any, ...]] = {}
        for i, author in self.post_authors.items():
            key = (platforms[i], post_ids[i])
            if key not in posts and i not in errors:
                posts[key] = (platforms[i], post_ids[i], author, texts[i], urls[i][:500],
                              self.posted[i] if self.posted[i] is not None else self.times[i])
        self.post_rows = [posts[key] for key in sorted(posts)]
        self.copy_heads = None

    def copy_text(self, accounts: list[int | None]) -> CopyData:
        """The rows of ``order`` in PostgreSQL's COPY text format (``_COPY_COLUMNS``), given
        each row's account id (written last: the only value ``import_batch`` adds)."""
        if self.copy_heads is None:
            self.copy_heads = self.heads()
        ids = [r"\N" if accounts[i] is None else str(accounts[i]) for i in self.order]
        lines = [head + id_ + "\n" for head, id_ in zip(self.copy_heads, ids, strict=True)]
        return CopyData(_COPY_COLUMNS, "".join(lines), len(lines))

    def heads(self) -> list[str]:
        order = self.order
        columns = [
            copy_escape([self.platforms[i] for i in order]),
            copy_escape([self.post_ids[i] for i in order]),
            copy_escape([self.actors[i] for i in order]),
            copy_escape([self.kinds[i] for i in order]),
            [r"\N" if value is None else value
             for value in copy_escape([self.occurred[i] for i in order])],
            copy_escape([self.comments[i] for i in order]),
        ]
        return ["\t".join(values) + "\tf\t" for values in zip(*columns, strict=True)]


class InteractionImporter(Importer):
    """Posts and interactions in Netra's schema (docs/monitoring.md). A ``post`` row carries the
    post's text; other rows name the post they act on and may carry its text too.

    Batches are read column by column (``import_batch``): each distinct platform, interaction
    word and handle of a batch is checked once, times are converted by :class:`_Times`, and the
    rows to insert are built as tuples straight from the columns. Every row still gets its own
    outcome; a row with several problems reports the first in this order: platform, post id,
    interaction, actor, time, posted at, post author, post URL, unknown account.

    One instance runs one job (``netra.imports`` creates it per run), so it keeps caches for the
    job: cleaned handles, the registered account of each (platform, handle) seen (looked up once
    per job rather than once per batch) and converted times. An account registered while a job
    runs is linked by ``link_accounts`` after the account import, like any earlier
    interaction."""

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
        self._handles: dict[str, str | _Invalid] = {}
        self._account_ids: dict[tuple[str, str], int | None] = {}
        self._times: _Times | None = None

    def default_platform(self, job: ImportJob | None) -> str:
        return str((job.options or {}).get("platform", "")) if job is not None else ""

    def interaction_columns(self, job: ImportJob, batch: Batch) -> dict[str, Sequence[str]]:
        """The batch's columns in Netra's schema (an adapter for another export converts its
        own columns here)."""
        return {key: batch.column(key) for key in batch.keys}

    def handles(self, values: Iterable[str]) -> dict[str, str | _Invalid]:
        """``clean_handle`` of each distinct value, remembered for the job (a file names the same
        accounts again and again)."""
        cache = self._handles
        found: dict[str, str | _Invalid] = {}
        for value in set(values):
            cleaned = cache.get(value)
            if cleaned is None:
                try:
                    cleaned = clean_handle(value)
                except RowError as exc:
                    cleaned = _Invalid(exc.message)
                if len(cache) >= _CACHE_LIMIT:
                    cache.clear()
                cache[value] = cleaned
            found[value] = cleaned
        return found

    def prepare_batch(self, job: ImportJob | None, batch: Batch) -> _Checked:
        """Everything of a batch that needs no database, done by the runner's read-ahead
        thread while the previous batch is written: values checked and converted, the first
        row of each natural key and the posts the rows carry (both as if every actor were
        registered; :meth:`import_batch` redoes them when unknown accounts add errors)."""
        columns = self.interaction_columns(job, batch)  # type: ignore[arg-type]
        count = len(batch)
        blank: Sequence[str] = ("",) * count

        def column(key: str) -> Sequence[str]:
            return columns.get(key) or blank

        errors: dict[int, RowError] = {}

        # platform: each distinct value once
        default = self.default_platform(job) or "twitter"
        platform_of: dict[str, str | _Invalid] = {}
        for value in set(column("platform")):
            try:
                platform_of[value] = str(parse_platform(value, default))
            except RowError as exc:
                platform_of[value] = _Invalid(exc.message)
        platforms: list[Any] = [platform_of[value] for value in column("platform")]
        if any(isinstance(p, _Invalid) for p in platform_of.values()):
            for index, platform in enumerate(platforms):
                if isinstance(platform, _Invalid):
                    errors.setdefault(index, RowError(platform.message, column="platform"))

        # post id: present, at most 64 characters
        post_ids = column("post_id")
        if not all(post_ids) or max(map(len, post_ids), default=0) > 64:
            for index, post_id in enumerate(post_ids):
                if not post_id or len(post_id) > 64:
                    errors.setdefault(index, RowError(
                        _("A post id of at most 64 characters is required."), column="post_id"))

        # interaction: each distinct word once; none given on a row with a text means a post
        texts = column("post_text")
        post = str(InteractionType.POST)
        kind_of = {value: _KINDS.get(value.lower()) for value in set(column("interaction"))}
        kinds: list[Any] = [kind_of[value] for value in column("interaction")]
        if None in kind_of.values():
            for index, kind in enumerate(kinds):
                if kind is None:
                    word = column("interaction")[index].lower()
                    if not word and texts[index]:
                        kinds[index] = post
                    else:
                        kinds[index] = ""
                        errors.setdefault(index, RowError(
                            _("Unknown interaction %(value)s.") % {"value": word[:30]},
                            column="interaction"))
        is_post = [kind == post for kind in kinds]

        # actor: the post's author stands in on a post row
        authors = column("post_author")
        actors_raw = column("actor")
        if not all(actors_raw):
            actors_raw = [actor or (author if posting else "")
                          for actor, author, posting in zip(actors_raw, authors, is_post,
                                                            strict=True)]
        handle_of = self.handles(actors_raw)
        actors: list[Any] = [handle_of[value] for value in actors_raw]
        if not all(actors_raw) or any(isinstance(h, _Invalid) for h in handle_of.values()):
            for index, raw in enumerate(actors_raw):
                if not raw:
                    errors.setdefault(index, RowError(_("A value is required."), column="actor"))
                elif isinstance(actors[index], _Invalid):
                    errors.setdefault(index, RowError(actors[index].message, column="actor"))

        # times
        if self._times is None:
            self._times = _Times()
        times = self._times.convert(column("time"), "time", errors)
        posted = self._times.convert(column("posted_at"), "posted_at", errors)

        # the post a row carries (a post row, or any row with the post's text)
        with_post = ([i for i in range(count) if is_post[i] or texts[i]]
                     if any(is_post) or any(texts) else [])
        urls = column("post_url")
        author_of = self.handles(authors[i] for i in with_post if authors[i])
        post_authors: dict[int, str] = {}
        for i in with_post:
            if i in errors:
                continue
            raw = authors[i]
            author = author_of[raw] if raw else (actors[i] if is_post[i] else "")
            if isinstance(author, _Invalid):
                errors[i] = RowError(author.message, column="post_author")
                continue
            url = urls[i]
            if url and not url.startswith(("http://", "https://")):
                errors[i] = RowError(_("The URL must start with http:// or https://."),
                                     column="post_url")
                continue
            post_authors[i] = author

        pairs = list(zip(platforms, actors, strict=True))
        occurred = times if None not in times else [
            time if time is not None else posted_at
            for time, posted_at in zip(times, posted, strict=True)]
        checked = _Checked(
            count=count, errors=errors, platforms=platforms, post_ids=post_ids, actors=actors,
            kinds=kinds, is_post=is_post, texts=texts, urls=urls, posted=posted, times=times,
            occurred=occurred, comments=column("comment_text"), post_authors=post_authors,
            pairs=pairs, keys=list(zip(platforms, post_ids, actors, kinds, strict=True)),
            wanted=(set(pairs) if not errors
                    else {pairs[i] for i in range(count) if i not in errors}),
        )
        checked.choose()
        if self._times.vendor == "postgresql":
            checked.copy_heads = checked.heads()
        return checked

    def import_batch(self, job: ImportJob, batch: Batch) -> list[str | RowError]:
        checked = batch.prepared
        if not isinstance(checked, _Checked):
            checked = self.prepare_batch(job, batch)
        errors = checked.errors
        platforms, actors, is_post = checked.platforms, checked.actors, checked.is_post

        # registered accounts; an unknown one is refused unless the job keeps them
        account_of = self.account_ids(checked.wanted)
        accounts = list(map(account_of.get, checked.pairs))
        keep_unknown = bool((job.options or {}).get("keep_unknown")) if job is not None else False
        if not keep_unknown and None in accounts:
            refused = False
            for index, account in enumerate(accounts):
                if account is None and not is_post[index] and index not in errors:
                    errors[index] = RowError(
                        _("Unknown account @%(handle)s: register it first.")
                        % {"handle": actors[index]}, column="actor")
                    refused = True
            if refused:
                checked.choose()

        # posts: the first row (without an error) that carries a post creates it;
        # interactions: the first row of each natural key counts, the others are duplicates.
        # Both in key order: the natural key's index is then updated page after page, not at
        # random (a third faster on SQLite).
        now = (self._times or _Times()).to_db(timezone.now())
        insert_posts([(*row, now) for row in checked.post_rows])
        post_ids, kinds, occurred, comments = (checked.post_ids, checked.kinds, checked.occurred,
                                               checked.comments)
        rows: list[tuple[Any, ...]] | CopyData
        if connection.vendor == "postgresql":
            rows = checked.copy_text(accounts)
        else:
            rows = [(platforms[i], post_ids[i], actors[i], kinds[i], accounts[i], occurred[i],
                     comments[i], False) for i in checked.order]
        inserted = insert_interactions(rows)
        keys = checked.keys
        created = list(map(inserted.__contains__, keys))
        first = checked.first
        if len(first) < checked.count:  # a key twice in the batch: only its first row can be new
            created = [new and first.get(key) == i
                       for i, (new, key) in enumerate(zip(created, keys, strict=True))]
        outcomes: list[str | RowError] = list(map(_OUTCOME.__getitem__, created))
        for index, error in errors.items():
            outcomes[index] = error
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


#: The interaction columns in the order ``_Checked.copy_text`` writes them.
_COPY_COLUMNS = ("platform", "post_id", "actor_handle", "interaction_type", "occurred_at", "text",
                 "checked", "account_id")


@dataclass(frozen=True, slots=True)
class CopyData:
    """Rows already written in PostgreSQL's COPY text format, one line each, values in
    ``columns`` order: the importer formats them in its read-ahead thread."""

    columns: tuple[str, ...]
    text: str
    count: int

    def __len__(self) -> int:
        return self.count


_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def copy_escape(values: list[Any]) -> list[Any]:
    """Text values for COPY's text format: backslash, tab, line feed and carriage return
    escaped (a column that holds none of them, the common case, is returned as it is)."""
    present = [value for value in values if value]
    joined = "".join(present)
    if "\\" in joined or "\t" in joined or "\n" in joined or "\r" in joined:
        return [value.translate(_COPY_ESCAPES) if value else value for value in values]
    return values


def insert_interactions(rows: list[tuple[Any, ...]] | CopyData) -> set[InteractionKey]:
    """Insert interaction rows (values in ``_INTERACTION_COLUMNS`` order, times in the database's
    form; or, PostgreSQL, :class:`CopyData`), skipping those whose natural key exists; return the
    keys actually inserted (which tells ``created`` from ``duplicate``)."""
    returned = insert_ignoring_conflicts(
        Interaction._meta.db_table, _INTERACTION_COLUMNS, rows, returning=_INTERACTION_COLUMNS[:4]
    )
    return set(returned)


def insert_posts(rows: list[tuple[Any, ...]]) -> None:
    """Insert post rows (values in ``_POST_COLUMNS`` order), skipping those whose natural key
    (platform, post id) exists: the first row that carries a post creates it."""
    insert_ignoring_conflicts(Post._meta.db_table, _POST_COLUMNS, rows)


def insert_ignoring_conflicts(
    table: str,
    columns: tuple[str, ...],
    rows: list[tuple[Any, ...]] | CopyData,
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
    if not len(rows):
        return []
    if connection.vendor == "postgresql":
        return _copy_insert(table, columns, rows, returning)
    if isinstance(rows, CopyData):
        raise TypeError("COPY text is for PostgreSQL only")
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


#: Rows per multi-row ``INSERT`` statement (SQLite, or a database without COPY).
ROWS_PER_STATEMENT = 1000


def _values_insert(
    table: str, columns: tuple[str, ...], rows: list[tuple[Any, ...]], returning: tuple[str, ...]
) -> list[tuple[Any, ...]]:
    quote = connection.ops.quote_name
    names = ", ".join(quote(c) for c in columns)
    tail = " ON CONFLICT DO NOTHING"
    if returning:
        tail += " RETURNING " + ", ".join(quote(c) for c in returning)
    chunk = max(1, min(ROWS_PER_STATEMENT, _max_variables() // len(columns)))
    found: list[tuple[Any, ...]] = []
    if connection.vendor == "sqlite":
        # Django's SQLite cursor rewrites each statement's %s placeholders with a regex (tens of
        # thousands of them here): the statement is written with ? and run on the driver's own
        # connection, in the same transaction.
        connection.ensure_connection()
        raw = connection.connection
        placeholder = "(" + ", ".join(["?"] * len(columns)) + ")"
        for start in range(0, len(rows), chunk):
            part = rows[start:start + chunk]
            cursor = raw.execute(
                f"INSERT INTO {quote(table)} ({names}) "  # noqa: S608 - names from the model
                f"VALUES {', '.join([placeholder] * len(part))}{tail}",
                list(chain.from_iterable(part)),
            )
            if returning:
                found.extend(cursor.fetchall())
        return found
    placeholder = "(" + ", ".join(["%s"] * len(columns)) + ")"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), chunk):
            part = rows[start:start + chunk]
            cursor.execute(
                f"INSERT INTO {quote(table)} ({names}) "  # noqa: S608 - names from the model
                f"VALUES {', '.join([placeholder] * len(part))}{tail}",
                list(chain.from_iterable(part)),
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
    table: str,
    columns: tuple[str, ...],
    rows: list[tuple[Any, ...]] | CopyData,
    returning: tuple[str, ...],
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
        if isinstance(rows, CopyData):
            copied = ", ".join(quote(c) for c in rows.columns)
            with cursor.cursor.copy(f"COPY {stage} ({copied}) FROM STDIN") as copy:
                copy.write(rows.text)
        else:
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

    def interaction_columns(self, job: ImportJob, batch: Batch) -> dict[str, Sequence[str]]:
        urls = batch.column("url")
        post_ids = []
        for url in urls:
            match = _CT_POST_ID.search(url)
            post_id = match.group(1) if match else url.rstrip("/").rsplit("/", 1)[-1]
            post_ids.append(post_id[:64])
        created = batch.column("created")
        return {
            "platform": [value.lower() or "facebook" for value in batch.column("platform")],
            "post_id": post_ids,
            "actor": batch.column("user_name"),
            "interaction": ("post",) * len(batch),
            "time": created,
            "post_text": [message or link for message, link in zip(
                batch.column("message"), batch.column("link"), strict=True)],
            "post_url": urls,
            "posted_at": created,
        }


IMPORTERS = (AccountImporter, InteractionImporter, CrowdTangleImporter)

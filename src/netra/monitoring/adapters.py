"""JSON exports → Netra's post/interaction CSV schema, so they run as ordinary import jobs
(progress, resume, per-row error report) with the ``monitoring.interactions`` importer.

* Netra JSON: ``{"platform": "twitter", "items": [{...the CSV columns...}]}`` or a bare list.
* X/Twitter API v2 (``GET /2/tweets/search/...`` or a user's timeline, with
  ``expansions=author_id,referenced_tweets.id`` and ``tweet.fields=created_at,referenced_tweets``):
  every tweet becomes a ``post`` row of its author; a retweet or a quote also becomes a ``share``
  of the referenced tweet, a reply a ``comment`` on it. Chosen because it is the format of the
  official API every collector (academic, commercial, Bawaslu's own) exports, and the shared
  Pilpres 2019 corpus comes from Twitter.

A row number in the import report is the item's position in the JSON (first item = row 2, as
if the header were row 1).
"""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

CSV_COLUMNS = ["platform", "post_id", "actor", "interaction", "time", "comment_text",
               "post_author", "post_text", "post_url", "posted_at"]


def _load(data: bytes) -> Any:
    try:
        return json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError({"file": [_("The file is not valid JSON.")]}) from exc


def is_twitter_v2(document: Any) -> bool:
    return isinstance(document, dict) and isinstance(document.get("data"), list | dict) and (
        "includes" in document or "meta" in document
        or any("author_id" in t for t in _as_list(document.get("data")))
    )


def _as_list(value) -> list:
    if isinstance(value, list):
        return value
    return [value] if isinstance(value, dict) else []


def twitter_v2_rows(document: dict) -> list[dict[str, str]]:
    users = {u.get("id"): u.get("username", "") for u in
             _as_list((document.get("includes") or {}).get("users"))}
    referenced = {t.get("id"): t for t in _as_list((document.get("includes") or {}).get("tweets"))}
    rows = []
    for tweet in _as_list(document.get("data")):
        if not isinstance(tweet, dict):
            rows.append({"platform": "twitter"})  # becomes a per-row error
            continue
        author = users.get(tweet.get("author_id"), "") or tweet.get("author_id", "")
        tweet_id = str(tweet.get("id", ""))
        url = f"https://x.com/{author}/status/{tweet_id}" if author and tweet_id else ""
        rows.append({
            "platform": "twitter", "post_id": tweet_id, "actor": author, "interaction": "post",
            "time": tweet.get("created_at", ""), "post_author": author,
            "post_text": tweet.get("text", ""), "post_url": url,
            "posted_at": tweet.get("created_at", ""),
        })
        for ref in _as_list(tweet.get("referenced_tweets")):
            kind = {"retweeted": "share", "quoted": "share", "replied_to": "comment"}.get(
                ref.get("type"))
            if kind is None:
                continue
            original = referenced.get(ref.get("id"), {})
            original_author = users.get(original.get("author_id"), "")
            rows.append({
                "platform": "twitter", "post_id": str(ref.get("id", "")), "actor": author,
                "interaction": kind, "time": tweet.get("created_at", ""),
                "comment_text": tweet.get("text", "") if kind == "comment" else "",
                "post_author": original_author, "post_text": original.get("text", ""),
                "post_url": (f"https://x.com/{original_author}/status/{ref.get('id')}"
                             if original_author else ""),
                "posted_at": original.get("created_at", ""),
            })
    return rows


def netra_json_rows(document: Any) -> list[dict[str, str]]:
    platform = ""
    items = document
    if isinstance(document, dict):
        platform = str(document.get("platform", ""))
        items = document.get("items")
    if not isinstance(items, list):
        raise ValidationError({"file": [_("The JSON must hold a list of items.")]})
    rows: list[dict[str, str]] = []
    for item in items:
        if not isinstance(item, dict):
            rows.append({})
            continue
        row = {key: "" if item.get(key) is None else str(item.get(key)) for key in CSV_COLUMNS}
        row["platform"] = row["platform"] or platform
        rows.append(row)
    return rows


def json_to_csv(data: bytes, *, name: str = "import.json") -> ContentFile:
    """Convert a JSON export (Netra's schema or X API v2) into a CSV file in Netra's schema."""
    document = _load(data)
    rows = twitter_v2_rows(document) if is_twitter_v2(document) else netra_json_rows(document)
    if not rows:
        raise ValidationError({"file": [_("The JSON holds no items.")]})
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: row.get(key, "") for key in CSV_COLUMNS})
    base = name.rsplit(".", 1)[0] or "import"
    return ContentFile(out.getvalue().encode("utf-8"), name=f"{base}.csv")

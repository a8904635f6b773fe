"""Choices of the monitoring app (stable English slugs, translated labels)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Platform(models.TextChoices):
    """Social-media platform (platform media sosial)."""

    # Product names are the same in every language.
    TWITTER = "twitter", "X (Twitter)"
    FACEBOOK = "facebook", "Facebook"
    INSTAGRAM = "instagram", "Instagram"
    TIKTOK = "tiktok", "TikTok"
    YOUTUBE = "youtube", "YouTube"
    OTHER = "other", _("Other platform")


class HolderKind(models.TextChoices):
    """Who an account belongs to: a person or an institution (e.g. a kelurahan's account)."""

    PERSON = "person", _("Person")
    INSTITUTION = "institution", _("Institution")


class InteractionType(models.TextChoices):
    """What an account did with a post (interaksi)."""

    POST = "post", _("Posted")
    LIKE = "like", _("Liked")
    SHARE = "share", _("Shared / reposted")
    COMMENT = "comment", _("Commented")
    FOLLOW = "follow", _("Followed")


class LexiconKind(models.TextChoices):
    """Kind of an election lexicon entry (leksikon pemilu)."""

    CANDIDATE = "candidate", _("Candidate")
    NICKNAME = "nickname", _("Nickname")
    BALLOT_NUMBER = "ballot_number", _("Ballot number")
    PARTY = "party", _("Party")
    ACRONYM = "acronym", _("Acronym")
    SLOGAN = "slogan", _("Slogan")
    HASHTAG = "hashtag", _("Hashtag")


class HitStatus(models.TextChoices):
    NEW = "new", _("New")
    CONFIRMED = "confirmed", _("Confirmed")
    DISMISSED = "dismissed", _("Dismissed")


class LabelSource(models.TextChoices):
    """Where a training label came from."""

    TRIAGE = "triage", _("Triage decision")
    CASE = "case", _("Case outcome")
    MANUAL = "manual", _("Entered by staff")


# Stance labels: a side (ballot number of the ticket promoted, or the one attacked's opponent)
# or NONE. The evaluation data of Pilpres 2019 uses "01", "02" and "none".
NONE_LABEL = "none"

"""Social-media monitoring: the account registry, ingested posts and interactions, the election
lexicon, hits for triage, classifier versions and training labels."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from netra.core.models import AuditedModel, ScopedModel
from netra.rules.choices import EmploymentType

from .choices import HitStatus, HolderKind, InteractionType, LabelSource, LexiconKind, Platform


class MonitoredAccount(ScopedModel):
    """A registered social-media account (akun terdaftar) of a civil servant or an institution.

    ``region_code`` is where the holder works (it decides which office sees the account and its
    hits); ``office`` is the supervisory office that watches it. ``handle`` is stored without
    ``@`` and in lower case so imports match it whatever the export wrote.
    """

    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    handle = models.CharField(_("handle"), max_length=100)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    platform_id = models.CharField(_("platform id"), max_length=64, blank=True, db_index=True)
    holder_kind = models.CharField(
        _("holder"), max_length=20, choices=HolderKind.choices, default=HolderKind.PERSON
    )
    person_name = models.CharField(_("name"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=200, blank=True)
    agency = models.CharField(_("agency"), max_length=200, blank=True, db_index=True)
    employment_type = models.CharField(
        _("employment type"), max_length=32, choices=EmploymentType.choices, blank=True
    )
    institution_name = models.CharField(_("institution"), max_length=200, blank=True)
    office = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("supervising office"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["platform", "handle"]
        verbose_name = _("monitored account")
        verbose_name_plural = _("monitored accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "handle"], name="monitoring_account_platform_handle"
            )
        ]

    def __str__(self) -> str:
        return f"@{self.handle} ({self.get_platform_display()})"

    @property
    def holder(self) -> str:
        return self.person_name if self.holder_kind == HolderKind.PERSON else self.institution_name


class Post(models.Model):
    """A public post (unggahan) as ingested. Natural key: (platform, post_id)."""

    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    post_id = models.CharField(_("post id"), max_length=64)
    author_handle = models.CharField(_("author"), max_length=100, blank=True, db_index=True)
    text = models.TextField(_("text"), blank=True)
    url = models.URLField(_("URL"), max_length=500, blank=True)
    posted_at = models.DateTimeField(_("posted at"), null=True, blank=True)
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        ordering = ["-posted_at", "pk"]
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        constraints = [
            models.UniqueConstraint(fields=["platform", "post_id"], name="monitoring_post_key")
        ]

    def __str__(self) -> str:
        return f"{self.platform}:{self.post_id}"


class Interaction(models.Model):
    """What an account did with a post: posted, liked, shared, commented, followed.

    Natural key (platform, post_id, actor_handle, interaction_type): re-importing or resuming an
    import adds nothing twice (``bulk_create(ignore_conflicts=True)``). ``account`` is set when the
    actor is a registered account; only those interactions can become hits.
    """

    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    post_id = models.CharField(_("post id"), max_length=64)
    actor_handle = models.CharField(_("actor"), max_length=100)
    interaction_type = models.CharField(
        _("interaction"), max_length=20, choices=InteractionType.choices
    )
    account = models.ForeignKey(
        MonitoredAccount,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interactions",
        # The (account, checked) index below serves look-ups by account: a second index on
        # account alone only slowed the ingest (every insert maintains every index).
        db_index=False,
    )
    occurred_at = models.DateTimeField(_("time"), null=True, blank=True)
    text = models.TextField(_("text"), blank=True)
    checked = models.BooleanField(_("checked for hits"), default=False)

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "post_id", "actor_handle", "interaction_type"],
                name="monitoring_interaction_key",
            )
        ]
        # Look-ups by (platform, post_id) use the natural key's unique index (its prefix).
        indexes = [
            models.Index(fields=["account", "checked"], name="monitoring_int_unchecked"),
        ]

    def __str__(self) -> str:
        return f"{self.actor_handle} {self.interaction_type} {self.platform}:{self.post_id}"


class LexiconEntry(AuditedModel):
    """A term of the election lexicon (leksikon): candidate, nickname, ballot number, party,
    acronym, slogan or hashtag, with the side it signals and its weight in the rule score."""

    term = models.CharField(_("term"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=LexiconKind.choices)
    side = models.CharField(
        _("side"),
        max_length=20,
        blank=True,
        help_text=_("Ballot number the term speaks for, e.g. 01; empty when it names no side."),
    )
    election = models.ForeignKey(
        "elections.Election",
        verbose_name=_("election"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    weight = models.FloatField(_("weight"), default=1.0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["kind", "term"]
        verbose_name = _("lexicon entry")
        verbose_name_plural = _("lexicon entries")
        constraints = [
            models.UniqueConstraint(fields=["term", "kind", "side"], name="monitoring_lexicon_term")
        ]

    def __str__(self) -> str:
        return self.term


class Hit(ScopedModel):
    """A registered account posted or interacted with campaign content (temuan awal pantauan).

    ``region_code`` is copied from the account, so an office sees the hits of the accounts in its
    jurisdiction. ``explanation`` keeps the matched lexicon terms and the classifier's top
    features, so every hit says why it was raised.
    """

    account = models.ForeignKey(
        MonitoredAccount, verbose_name=_("account"), on_delete=models.CASCADE, related_name="hits"
    )
    post = models.ForeignKey(
        Post, verbose_name=_("post"), on_delete=models.CASCADE, related_name="hits"
    )
    interaction_type = models.CharField(
        _("interaction"), max_length=20, choices=InteractionType.choices
    )
    occurred_at = models.DateTimeField(_("time"), null=True, blank=True, db_index=True)
    score = models.FloatField(_("score"), db_index=True)
    side = models.CharField(_("side"), max_length=20, blank=True)
    explanation = models.JSONField(_("explanation"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=HitStatus.choices, default=HitStatus.NEW, db_index=True
    )
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    case_id = models.PositiveIntegerField(_("case"), null=True, blank=True, db_index=True)
    intake_number = models.CharField(_("intake number"), max_length=60, blank=True)
    evidence_sha256 = models.CharField(_("evidence SHA-256"), max_length=64, blank=True)

    class Meta:
        ordering = ["-score", "-occurred_at", "pk"]
        verbose_name = _("hit")
        verbose_name_plural = _("hits")
        constraints = [
            models.UniqueConstraint(
                fields=["account", "post", "interaction_type"], name="monitoring_hit_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.account} {self.interaction_type} {self.post}"


class ClassifierModel(AuditedModel):
    """A trained campaign-content classifier version (versi model): its parameters, evaluation and
    the pickled pipeline in private storage with its SHA-256. One version is active."""

    version = models.PositiveIntegerField(_("version"), unique=True)
    trained_at = models.DateTimeField(_("trained at"))
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    evaluation = models.JSONField(_("evaluation"), default=dict, blank=True)
    label_count = models.PositiveIntegerField(_("training labels"), default=0)
    file = models.FileField(_("pipeline file"), blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    active = models.BooleanField(_("active"), default=False)

    class Meta:
        ordering = ["-version"]
        verbose_name = _("classifier model")
        verbose_name_plural = _("classifier models")

    def __str__(self) -> str:
        return f"v{self.version}"


class TrainingLabel(AuditedModel):
    """A labelled text the classifier learns from (label pelatihan): from a triage decision, a
    case's outcome, or entered by staff. ``label`` is a side (``01``) or ``none``."""

    text = models.TextField(_("text"))
    label = models.CharField(_("label"), max_length=20)
    source = models.CharField(_("source"), max_length=20, choices=LabelSource.choices)
    hit = models.OneToOneField(
        Hit,
        verbose_name=_("hit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_label",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("training label")
        verbose_name_plural = _("training labels")

    def __str__(self) -> str:
        return f"{self.label}: {self.text[:40]}"

"""The interactions importer prepares each batch without the database (in the runner's
read-ahead thread), as if every actor were registered; an unknown account found afterwards
must still keep its row from creating a post or counting as a key's first row."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from netra.imports.models import ImportStatus
from netra.imports.services import start_import
from netra.imports.tabular import Batch
from netra.monitoring.importers import InteractionImporter
from netra.monitoring.models import Interaction, Post

from .factories import CAMPAIGN, account

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_private_media")]


def test_an_unknown_account_brings_no_post_although_prepared_before_the_lookup(w):
    account()
    text = (
        "platform,post_id,actor,interaction,post_text\n"
        f"twitter,9001,stranger,share,\"{CAMPAIGN} (stranger's copy)\"\n"  # 2: unknown account
        f"twitter,9001,lurah_cipare,share,\"{CAMPAIGN}\"\n"                # 3: creates the post
        "twitter,9002,stranger,like,\n"                                   # 4: unknown account
        "twitter,9002,lurah_cipare,like,\n"                               # 5
        "twitter,9002,lurah_cipare,like,\n"                               # 6: duplicate of 5
    )
    job = start_import("monitoring.interactions",
                       file=SimpleUploadedFile("i.csv", text.encode(), content_type="text/csv"),
                       actor=w.handler, options={"detect": False})
    assert job.status == ImportStatus.DONE, job.failure
    assert sorted((e["row"], e["column"]) for e in job.errors) == [(2, "actor"), (4, "actor")]
    assert Post.objects.get(post_id="9001").text == CAMPAIGN
    assert set(Interaction.objects.values_list("post_id", "actor_handle")) == {
        ("9001", "lurah_cipare"), ("9002", "lurah_cipare")}
    assert (job.created_count, job.duplicate_count, job.error_count) == (2, 1, 2)


def test_import_batch_prepares_a_batch_handed_to_it_directly(w):
    account()
    batch = Batch([2, 3], {"post_id": ["9101", "9101"], "actor": ["lurah_cipare"] * 2,
                           "interaction": ["like", "like"]})
    assert batch.prepared is None
    outcomes = InteractionImporter().import_batch(None, batch)
    assert outcomes == ["created", "duplicate"]
    assert Interaction.objects.get().account.handle == "lurah_cipare"


def test_tabs_line_breaks_and_backslashes_are_stored_as_written(w):
    account()
    comment = 'a\\b\tc\nd\r\ne \\N \\\\'
    text = ("post_id,actor,interaction,comment_text\n"
            f'"9201\\x",lurah_cipare,comment,"{comment}"\n'
            "9202,lurah_cipare,comment,\\N\n"
            "9203,lurah_cipare,comment,\n")
    job = start_import("monitoring.interactions",
                       file=SimpleUploadedFile("i.csv", text.encode(), content_type="text/csv"),
                       actor=w.handler, options={"detect": False})
    assert (job.status, job.created_count, job.error_count) == ("done", 3, 0), job.errors
    stored = dict(Interaction.objects.values_list("post_id", "text"))
    assert stored == {"9201\\x": comment, "9202": "\\N", "9203": ""}

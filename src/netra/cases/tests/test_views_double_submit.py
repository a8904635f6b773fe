"""Recording a case through the web form: a double submit records one case (the form carries a
key for ``netra.core.idempotency``), issue #14 point 4."""

import re

from netra.cases.models import Case
from netra.core.models import IdempotencyKey

from . import test_views as base
from .test_views import CREATE, as_user, create_data, detail_url

media, election, people = base.media, base.election, base.people


def _form_key(client) -> str:
    page = client.get(CREATE).content.decode()
    return re.search(r'name="submit_key" value="([0-9a-f]{32})"', page).group(1)


def test_a_double_submit_records_one_case(client, people, election):
    as_user(client, people.handler)
    data = create_data(election, people.office, submit_key=_form_key(client))
    first = client.post(CREATE, data)
    second = client.post(CREATE, data)
    case = Case.objects.get()
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"] == detail_url(case)


def test_each_new_form_records_its_own_case(client, people, election):
    as_user(client, people.handler)
    for _ in range(2):
        data = create_data(election, people.office, submit_key=_form_key(client))
        assert client.post(CREATE, data).status_code == 302
    assert Case.objects.count() == 2


def test_a_refused_submit_keeps_the_key_for_the_corrected_one(client, people, election):
    as_user(client, people.handler)
    key = _form_key(client)
    refused = client.post(CREATE, create_data(election, people.office, submit_key=key, title=""))
    assert refused.status_code == 400
    assert f'value="{key}"' in refused.content.decode()
    assert not IdempotencyKey.objects.exists()
    assert (
        client.post(CREATE, create_data(election, people.office, submit_key=key)).status_code == 302
    )
    assert Case.objects.count() == 1


def test_a_used_form_with_other_content_is_refused_with_a_message(client, people, election):
    as_user(client, people.handler)
    key = _form_key(client)
    assert (
        client.post(CREATE, create_data(election, people.office, submit_key=key)).status_code == 302
    )
    response = client.post(
        CREATE, create_data(election, people.office, submit_key=key, title="Another case")
    )
    assert response.status_code == 400
    assert "already submitted" in response.content.decode()
    assert Case.objects.count() == 1
    # The page comes back with a fresh key: submitting it records the other case.
    fresh = re.search(r'name="submit_key" value="([0-9a-f]{32})"', response.content.decode())
    assert fresh.group(1) != key

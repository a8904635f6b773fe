"""Region pages and the htmx region picker through the HTTP client."""

import pytest
from django.urls import reverse

from netra.accounts.tests.factories import UserFactory
from netra.regions.tests.factories import RegionFactory
from netra.regions.widgets import RegionPickerWidget


@pytest.fixture
def user_client(client, regions):
    client.force_login(UserFactory())
    return client


def test_pages_need_login(client, regions):
    for url in (
        "/regions/",
        "/regions/36.73/",
        "/regions/picker/?field=region_code",
        "/regions/picker/search/?field=region_code&q=serang",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login"))


def test_region_list_shows_provinces(user_client):
    response = user_client.get("/regions/")
    html = response.content.decode()
    assert response.status_code == 200
    assert [r.code for r in response.context["children"]] == ["32", "36"]
    assert 'href="/regions/36/"' in html
    assert "Banten" in html


def test_region_detail_shows_children_and_breadcrumbs(user_client):
    response = user_client.get("/regions/36.73/")
    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["region"].code == "36.73"
    assert [r.code for r in response.context["children"]] == ["36.73.01", "36.73.05"]
    assert 'href="/regions/36.73.05/"' in html
    assert ("Banten", "/regions/36/") in response.context["breadcrumbs"]


def test_village_rows_are_not_links(user_client):
    response = user_client.get("/regions/36.73.05/")
    html = response.content.decode()
    assert "Cipocok Jaya" in html
    assert 'href="/regions/36.73.05.1001/"' not in html


def test_unknown_region_is_404(user_client):
    assert user_client.get("/regions/99.99/").status_code == 404
    assert user_client.get("/regions/abc/").status_code == 404


def test_picker_cascades(user_client):
    response = user_client.get(
        reverse("regions:picker"), {"field": "region_code", "_region_pick": "36.73"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="region_code"' in html
    assert 'value="36.73"' in html
    levels = response.context["levels"]
    assert [lv["selected"] for lv in levels] == ["36", "36.73", ""]
    assert [o.code for o in levels[2]["options"]] == ["36.73.01", "36.73.05"]
    assert response.context["chosen"].code == "36.73"


def test_picker_with_unknown_code_starts_empty(user_client):
    response = user_client.get(reverse("regions:picker"), {"field": "region_code", "code": "36.99"})
    assert response.status_code == 200
    assert response.context["code"] == ""
    assert response.context["chosen"] is None


@pytest.mark.parametrize(
    "params",
    [{"field": "<script>"}, {"field": ""}, {"field": "region_code", "code": "36;drop"}],
)
def test_picker_refuses_bad_parameters(user_client, params):
    assert user_client.get(reverse("regions:picker"), params).status_code == 400


def test_picker_search(user_client):
    response = user_client.get(
        reverse("regions:picker_search"), {"field": "region_code", "q": "cipocok"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert [r.code for r in response.context["results"]] == ["36.73.05", "36.73.05.1001"]
    assert "code=36.73.05" in html
    assert "#picker-region_code" in html


def test_picker_search_browse_links(user_client):
    response = user_client.get(reverse("regions:picker_search"), {"field": "browse", "q": "cipare"})
    # A village links to its district's page.
    assert 'href="/regions/36.73.01/"' in response.content.decode()


def test_picker_search_needs_two_characters(user_client):
    response = user_client.get(reverse("regions:picker_search"), {"field": "region_code", "q": "c"})
    assert response.status_code == 200
    assert response.context["results"] == []


def test_picker_search_refuses_bad_field(user_client):
    response = user_client.get(reverse("regions:picker_search"), {"field": "a b", "q": "serang"})
    assert response.status_code == 400


def test_widget_renders_the_chosen_region(regions):
    html = RegionPickerWidget().render("region_code", "36.73.05", attrs={"id": "id_region_code"})
    assert html.count('id="id_region_code"') == 1
    assert 'id="id_region_coderegion_code"' not in html
    assert 'value="36.73.05"' in html
    value = RegionPickerWidget().value_from_datadict({"region_code": " 36.73 "}, {}, "region_code")
    assert value == "36.73"


def test_region_factory_derives_from_the_code(db):
    parent = RegionFactory(code="99")
    child = RegionFactory(code="99.01")
    assert (child.level, child.parent_code, child.kind) == (2, "99", "kota")
    assert parent.level == 1

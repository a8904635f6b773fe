"""Reusable test mixins (NetBox-style): every scoped view gets its out-of-scope 404 test."""

from django.urls import reverse


class ScopedViewTests:
    """Mix into a pytest test class for views that take an object's ``pk``.

    Subclasses set ``url_names`` and ``scope_action`` and implement ``make_object(org_factory,
    region_code)``, returning an object whose jurisdiction is ``region_code``. The viewer is an
    administrator of Bawaslu Kota Serang (36.73): an object in 36.73 must answer 200 and one in
    Kabupaten Serang (36.04) or the province above (36) must answer 404, the same as a missing row.
    """

    url_names: tuple[str, ...] = ()
    viewer_role = "administrator"
    viewer_region = "36.73"

    def make_object(self, org_factory, region_code: str):
        raise NotImplementedError

    def _viewer(self, client, member):
        user = member(self.viewer_role, self.viewer_region)
        client.force_login(user)
        return user

    def test_in_scope_answers_200(self, client, member, org_factory):
        self._viewer(client, member)
        obj = self.make_object(org_factory, "36.73")
        for name in self.url_names:
            response = client.get(reverse(name, args=[obj.pk]))
            assert response.status_code == 200, name

    def test_out_of_scope_answers_404(self, client, member, org_factory):
        self._viewer(client, member)
        for region_code in ("36.04", "36"):
            obj = self.make_object(org_factory, region_code)
            for name in self.url_names:
                response = client.get(reverse(name, args=[obj.pk]))
                assert response.status_code == 404, (name, region_code)
                response = client.post(reverse(name, args=[obj.pk]), {"name": "x"})
                assert response.status_code in (404, 405), (name, region_code)

    def test_missing_object_answers_404(self, client, member):
        self._viewer(client, member)
        for name in self.url_names:
            assert client.get(reverse(name, args=[999_999])).status_code == 404, name

"""The API as a whole: generated OpenAPI document and authentication."""

from netra.accounts.tests.factories import UserFactory


def test_openapi_document_lists_the_paths(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    assert spec["openapi"].startswith("3.")
    assert spec["info"]["title"] == "Netra API"
    paths = spec["paths"]
    for path in (
        "/api/v1/regions/",
        "/api/v1/regions/{code}",
        "/api/v1/organisations/",
        "/api/v1/organisations/{pk}",
    ):
        assert path in paths, path
    assert set(paths["/api/v1/organisations/{pk}"]) == {"get", "patch"}
    schemes = spec["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())
    # Every response schema reference resolves.
    schemas = spec["components"]["schemas"]
    for operations in paths.values():
        for operation in operations.values():
            for answer in operation["responses"].values():
                ref = answer.get("content", {}).get("application/json", {}).get("schema", {})
                ref = ref.get("$ref", "")
                if ref:
                    assert ref.rsplit("/", 1)[-1] in schemas


def test_unauthenticated_api_answers_401_json(client, db):
    response = client.get("/api/v1/organisations/")
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication required."}


def test_session_auth_works(client, db):
    client.force_login(UserFactory())
    response = client.get("/api/v1/organisations/")
    assert response.status_code == 200
    assert response.json()["count"] == 0


def test_interactive_docs_render(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert "/api/v1/openapi.json" in response.content.decode()

"""The discovery document Google's API clients build a Perspective client from."""

from service.api.openapi import document


def test_document_describes_both_methods_with_their_schemas(client):
    response = client.get("/$discovery/rest?version=v1alpha1")
    assert response.status_code == 200 and response.mimetype == "application/json"
    doc = response.get_json()
    assert (doc["kind"], doc["name"], doc["version"]) == ("discovery#restDescription", "commentanalyzer", "v1alpha1")
    methods = doc["resources"]["comments"]["methods"]
    assert methods["analyze"]["path"] == "v1alpha1/comments:analyze"
    assert methods["suggestscore"]["path"] == "v1alpha1/comments:suggestscore"
    for method in methods.values():
        assert method["httpMethod"] == "POST"
        assert method["request"]["$ref"] in doc["schemas"] and method["response"]["$ref"] in doc["schemas"]
    assert doc["rootUrl"] == "http://localhost/" and doc["servicePath"] == ""


def test_root_url_is_the_host_the_request_reached(client):
    doc = client.get("/$discovery/rest?version=v1alpha1", base_url="https://parley.news.example:8443").get_json()
    assert doc["rootUrl"] == "https://parley.news.example:8443/"


def test_forwarded_headers_count_only_behind_a_configured_proxy(make_app):
    forwarded = {"X-Forwarded-Proto": "https", "X-Forwarded-Host": "comments.news.example"}
    direct = make_app().test_client().get("/$discovery/rest?version=v1alpha1", headers=forwarded)
    assert direct.get_json()["rootUrl"] == "http://localhost/"
    proxied = make_app(PARLEY_PROXY_HOPS="1").test_client().get("/$discovery/rest?version=v1alpha1",
                                                                  headers=forwarded)
    assert proxied.get_json()["rootUrl"] == "https://comments.news.example/"


def test_other_versions_are_googles_404(client):
    response = client.get("/$discovery/rest?version=v1")
    assert response.status_code == 404
    assert response.get_json()["error"]["status"] == "NOT_FOUND"
    assert client.get("/$discovery/rest").status_code == 404


def test_openapi_documents_the_discovery_route(client):
    assert "/$discovery/rest" in document()["paths"]

from flask import Flask

from service import errors


def make_app() -> Flask:
    app = Flask(__name__)
    errors.init_app(app)

    @app.post("/conflict")
    def conflict():
        raise errors.Conflict("lease held", details={"holder": "ana"})

    @app.get("/boom")
    def boom():
        raise RuntimeError("secret internals")

    return app


def test_parley_errors_use_the_envelope():
    response = make_app().test_client().post("/conflict")
    assert response.status_code == 409
    assert response.get_json() == {"error": {"code": "conflict", "message": "lease held",
                                             "details": {"holder": "ana"}}}


def test_routing_errors_are_json():
    client = make_app().test_client()
    missing = client.get("/nowhere")
    assert missing.status_code == 404 and missing.get_json()["error"]["code"] == "not_found"
    wrong = client.get("/conflict")
    assert wrong.status_code == 405
    assert wrong.get_json()["error"]["code"] == "method_not_allowed"
    assert "POST" in wrong.headers["Allow"]


def test_unexpected_errors_hide_internals():
    response = make_app().test_client().get("/boom")
    assert response.status_code == 500
    body = response.get_json()
    assert body["error"]["code"] == "internal_error"
    assert "secret" not in response.get_data(as_text=True)


def test_unavailable_errors_say_when_to_retry():
    error = errors.StoreUnavailable()
    assert error.status == 503 and error.headers["Retry-After"]
    assert errors.Unauthorized().headers["WWW-Authenticate"].startswith("Bearer")

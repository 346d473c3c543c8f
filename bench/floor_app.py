"""The floor for the HTTP benchmark: a bare Flask JSON endpoint, nothing else.

Run under the very same gunicorn settings as Parley, it shows what the framework and server
cost on this machine, so Parley's figures can be read as a ratio of it.
"""

from flask import Flask, jsonify, request

app = Flask(__name__)


@app.post("/echo")
def echo():
    """Parse the JSON body and answer a small JSON object, as Parley's handlers do at the least."""
    body = request.get_json()
    return jsonify({"id": body.get("id"), "ok": True})


@app.get("/healthz")
def healthz():
    return jsonify({"status": "ok"})

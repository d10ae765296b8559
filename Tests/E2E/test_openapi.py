"""The backend's /openapi.json, as served, is a valid OpenAPI 3.1 document (its paths are checked
against the registered routes by the Swift tests)."""
import json

from openapi_spec_validator import validate

from e2e_support import request


def test_served_openapi_document_is_valid_openapi_3_1(suite):
    status, body, headers = request(suite.backend + "/openapi.json")
    assert status == 200
    assert headers["Content-Type"].startswith("application/json")
    document = json.loads(body)
    assert document["openapi"] == "3.1.0"
    validate(document)

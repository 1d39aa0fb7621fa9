"""The OpenAPI document: valid, and complete for every operation present at run time (the list of
operations is read from the schema, so an operation added later is held to the same rules)."""

import re

import pytest
from django.test import Client
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db

CHINESE = re.compile(r"[\u4e00-\u9fff]")
ERRORS_EVERYWHERE = ("400", "401", "403", "404", "422")
ERROR_REF = "#/components/schemas/ErrorOut"


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


def test_the_document_is_valid_openapi(schema):
    validate(schema)
    assert schema["openapi"].startswith("3.1")
    assert CHINESE.search(schema["info"]["title"])


def test_there_are_operations_to_check(schema):
    assert len(list(operations(schema))) >= 20


def test_every_operation_has_a_chinese_summary_and_a_description(schema):
    missing = [name for name, op in operations(schema)
               if not CHINESE.search(op.get("summary", "")) or not op.get("description", "").strip()]
    assert missing == []


def test_every_operation_declares_a_success_with_a_schema(schema):
    def success_has_schema(op):
        return any(code.startswith("2") and any("schema" in m for m in answer.get("content", {}).values())
                   for code, answer in op["responses"].items())

    assert [name for name, op in operations(schema) if not success_has_schema(op)] == []


def test_every_operation_declares_its_errors_with_the_error_schema(schema):
    lacking = {}
    for name, op in operations(schema):
        for code in ERRORS_EVERYWHERE + (("413",) if "requestBody" in op else ()):
            media = op["responses"].get(code, {}).get("content", {}).get("application/json", {})
            if media.get("schema", {}).get("$ref") != ERROR_REF:
                lacking.setdefault(name, []).append(code)
    assert lacking == {}
    error = schema["components"]["schemas"]["ErrorOut"]
    assert error["required"] == ["detail"] and set(error["properties"]) == {"detail", "errors"}


def test_every_operation_needs_credentials(schema):
    assert [name for name, op in operations(schema) if not op.get("security")] == []
    assert {"BearerToken", "Session"} <= set(schema["components"]["securitySchemes"])


def test_operation_ids_are_unique(schema):
    ids = [op["operationId"] for _, op in operations(schema)]
    assert len(ids) == len(set(ids))


def test_no_two_schemas_share_a_name(schema):
    """The OpenAPI document keys its schemas by class name: a second class of the same name (two apps'
    `Revealed`, two registers' rows) would silently describe one operation with the other's fields."""
    from ninja import Schema

    seen, stack = {}, [Schema]
    while stack:
        cls = stack.pop()
        stack.extend(cls.__subclasses__())
        if cls.__module__.startswith("zhenxing"):
            seen.setdefault(cls.__name__, set()).add(f"{cls.__module__}.{cls.__qualname__}")
    assert {name: where for name, where in seen.items() if len(where) > 1} == {}

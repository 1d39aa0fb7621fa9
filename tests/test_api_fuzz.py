"""Property-based fuzzing of every API operation (schemathesis, in-process over WSGI): whatever a client
sends, the API answers without a server error, with a status code and a body its schema declares.

The operations are read from the schema at collection time, so one added later is fuzzed too. Each runs
as a district administrator, a village secretary and a villager (bearer tokens), on a small world from the
factories; some examples use the world's real ids and step names so that the operation gets past its 404.
Examples are derandomized (the same every run) and bounded per operation; everything the fuzzer writes is
rolled back with the test's transaction. A longer hunt: raise EXAMPLES and drop derandomize, on PostgreSQL
too (DATABASE_URL), where NUL characters and odd time zones used to fail."""

import json

import pytest
import schemathesis
import shapely
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from zhenxing.api import api
from zhenxing.orgs.api_auth import issue_token
from zhenxing.testing import factories as f

pytestmark = pytest.mark.django_db

RAW_SCHEMA = api.get_openapi_schema()
OPERATIONS = [(method.upper(), path) for path, methods in RAW_SCHEMA["paths"].items() for method in methods]
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = {GenerationMode.POSITIVE: 10, GenerationMode.NEGATIVE: 5}
ROLES = ("district_admin", "village_secretary", "villager")
# Path names of workflow steps that the world's application (draft) and case (reported) can take.
STEPS = ("submit", "withdraw", "whistle", "village_close")


@pytest.fixture(scope="module")
def schema():
    loaded = schemathesis.openapi.from_dict(RAW_SCHEMA)
    loaded.app = get_wsgi_application()
    return loaded


@pytest.fixture
def in_test_transaction():
    """The WSGI handler closes the database connection after each request (as in production); the test's
    transaction lives on that connection, so the fuzz requests keep it open, as django.test.Client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def world(district) -> dict:
    """The ids a path can name, one of each kind, in the village where the villager lives."""
    village = f.square_boundary(district["village_a1"], 123.55, 42.05, 0.2)
    home = f.household(village, district["grid_a1"], collective_member=True)
    head = f.person(home, name="王建国")
    f.party_member(head, f.branch(village))
    f.cadre(head, "secretary", village)
    parcel = f.parcel(village, home)
    f.house(parcel)
    application = f.application(home, f.user("village_cadre", village))
    case = f.case(village, category=f.dispatch_category(f.department(district["county"])))
    f.parcel(district["village_b1"])  # outside the villager's and a village's scope
    users = {"district_admin": f.user("district_admin", district["county"]),
             "village_secretary": f.user("village_secretary", village),
             "villager": f.user("villager", village)}
    head.user = users["villager"]
    head.save(update_fields=["user"])
    return {
        "users": users,
        "path": {"code": village.code, "person_id": head.pk, "household_id": home.pk, "parcel_id": parcel.pk,
                 "application_id": application.pk, "case_id": case.pk},
        "body": {"place": village.code, "household": home.number,
                 "geometry": json.loads(shapely.to_geojson(f.site()))},
    }


def strategy(operation, mode, known: dict):
    """Generated cases, and as many again whose path and body fields name the world's objects."""
    names = {p.name for p in operation.path_parameters}
    fixed = {k: v for k, v in known["path"].items() if k in names}
    variants = [{**fixed, "name": step} for step in STEPS] if "name" in names else [fixed]

    def naming_the_world(case):
        if isinstance(case.body, dict):
            case.body.update({k: v for k, v in known["body"].items() if k in case.body})
        return case

    named = (operation.as_strategy(generation_mode=mode, path_parameters=v).map(naming_the_world)
             for v in variants)
    return st.one_of(operation.as_strategy(generation_mode=mode), *named)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("method", "path"), OPERATIONS, ids=[f"{m} {p}" for m, p in OPERATIONS])
def test_operation_survives_fuzzing(schema, in_test_transaction, district, method, path, role):
    w = world(district)
    headers = {"Authorization": f"Bearer {issue_token(user=w['users'][role], name='fuzz')}"}
    operation = schema[path][method]
    for mode, examples in EXAMPLES.items():

        @settings(max_examples=examples, derandomize=True, database=None, deadline=None,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        @given(case=strategy(operation, mode, w))
        def survives(case):
            case.call_and_validate(headers=headers, checks=CHECKS)

        survives()

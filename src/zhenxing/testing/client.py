"""Requests the API tests make over and over: a JSON body posted, with optional headers (Idempotency-Key)."""

import json


def post_json(client, url: str, body, **headers):
    return client.post(url, json.dumps(body), content_type="application/json", headers=headers)

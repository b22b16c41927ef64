"""An upload larger than any file the platform takes is refused from its declared length, before its body
is read: 413 with a Chinese message, JSON on the API and a page elsewhere, and nothing spooled to disk."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


class Unreadable:
    """A body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def post(client: Client, path: str, size: int, **headers):
    return client.generic(
        "POST", path, b"", content_type="multipart/form-data; boundary=x", CONTENT_LENGTH=str(size), **headers
    )


def test_an_oversized_upload_is_refused_before_its_body_is_read(login, settings, monkeypatch):
    settings.IMPORT_MAX_UPLOAD_BYTES = 5 * 1024 * 1024
    client = login("swj_caseworker")
    monkeypatch.setattr("django.test.client.FakePayload.read", Unreadable.read)
    page = post(client, "/subsidies/imports/upload/", 7 * 1024 * 1024)
    assert page.status_code == 413 and "上传的内容超过 6 MB，未接收" in page.content.decode()
    api = post(client, "/api/v1/subsidy/imports", 7 * 1024 * 1024)
    assert api.status_code == 413 and api.json()["detail"] == "上传的内容超过 6 MB，未接收"
    assert api.json()["request_id"]


def test_a_request_within_the_limit_goes_through(login, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 5 * 1024 * 1024
    client = login("swj_caseworker")
    assert client.post("/subsidies/imports/upload/", {"programme": "nope"}).status_code != 413

from pathlib import Path

import pytest
from django.conf import settings

from liangxin.demo.accounts import DEMO_PASSWORD


@pytest.fixture(autouse=True)
def _audit_anchor_rolled_back():
    """The audit anchor file as it was before the test. A test that runs its on-commit callbacks (to send a
    message, say) moves the anchor forward, and rolling the test's database back does not move it back: a
    later test in the same process would then find its chain short of the anchor."""
    path = Path(settings.AUDIT_ANCHOR_FILE)
    before = path.read_bytes() if path.exists() else None
    yield
    if before is None:
        path.unlink(missing_ok=True)
    else:
        path.write_bytes(before)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test database starts with the shipped Taishan plan and the demo accounts."""
    from liangxin.demo.accounts import install_demo

    with django_db_blocker.unblock():
        install_demo()


@pytest.fixture(scope="module")
def history(django_db_setup, django_db_blocker):
    """The demo's reporting history, installed once for a module."""
    from liangxin.core.tests.module_data import built_once
    from liangxin.demo.reporting import install_history
    from liangxin.plans.models import Plan

    yield from built_once(django_db_blocker, lambda: install_history(Plan.objects.get(code="taishan-2024")))


@pytest.fixture
def login(client):
    """Log the test client in as a demo persona (the login form itself is tested in test_login)."""
    from liangxin.accounts.models import User

    def log_in(username: str):
        client.force_login(User.objects.get(username=username))
        return client

    return log_in


@pytest.fixture
def api_token(client):
    def token_for(username: str) -> dict:
        response = client.post(
            "/api/v1/auth/token",
            {"username": username, "password": DEMO_PASSWORD},
            content_type="application/json",
        )
        assert response.status_code == 200, response.content
        return {"HTTP_AUTHORIZATION": f"Bearer {response.json()['token']}"}

    return token_for

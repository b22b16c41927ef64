"""Settings for the test suite: fixed throw-away keys, a fast hasher (tests create many users; a test
checks that the real settings hash with Argon2), static files without a manifest."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("LIANGXIN_ENV", "test")
os.environ.setdefault("LIANGXIN_SECRET_KEY", "test-only-secret-key-" + "x" * 40)
os.environ.setdefault("LIANGXIN_AUDIT_KEY", "11" * 32)
os.environ.setdefault("LIANGXIN_PII_KEY", "22" * 16)
os.environ.setdefault("LIANGXIN_BLIND_KEY", "33" * 32)

from liangxin.settings import *  # noqa: E402,F403

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

# Each test run has its own audit anchor: a test database starts empty, so an anchor left by an
# earlier run would (rightly) report its entries as deleted.
AUDIT_ANCHOR_FILE = Path(tempfile.mkdtemp(prefix="liangxin-test-")) / "audit-anchor.json"

# Tests roll their data back, so a cached status could outlive the data it was computed from; the one
# test of the cache switches a real cache on.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

# Tasks run at once, in the test's own process and transaction; the tests of the queue itself
# (tests/test_queue_kill.py) start real consumers.
HUEY = {**HUEY, "immediate": True}  # noqa: F405
IMPORT_WORKERS = 0
JOB_DIR = Path(tempfile.mkdtemp(prefix="liangxin-test-jobs-"))

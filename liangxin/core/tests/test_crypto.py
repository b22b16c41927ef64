import pytest

from liangxin.core import crypto


def test_round_trip_and_random_nonce():
    a = crypto.encrypt("370902199001011235", "application:1:id_number")
    b = crypto.encrypt("370902199001011235", "application:1:id_number")
    assert a != b and "370902" not in a
    assert crypto.decrypt(a, "application:1:id_number") == "370902199001011235"


def test_ciphertext_moved_to_another_row_does_not_decrypt():
    token = crypto.encrypt("13800138000", "application:1:phone")
    with pytest.raises(crypto.DecryptionFailed):
        crypto.decrypt(token, "application:2:phone")


def test_tampered_ciphertext_is_detected():
    import base64

    kid, _, payload = crypto.encrypt("13800138000", "ctx").partition(":")
    raw = bytearray(base64.b64decode(payload))
    raw[14] ^= 1
    with pytest.raises(crypto.DecryptionFailed):
        crypto.decrypt(f"{kid}:{base64.b64encode(bytes(raw)).decode()}", "ctx")


def test_rotated_key_still_decrypts_old_data(settings):
    from liangxin.core.keys import KeyRing, Keys

    old = crypto.encrypt("6222021234567890123", "ctx")
    ring = settings.KEYS.rings["pii"]
    rotated = KeyRing("p2", ring.keys | {"p2": bytes(range(16))})
    settings.KEYS = Keys(settings.KEYS.secret_key, settings.KEYS.rings | {"pii": rotated})
    new = crypto.encrypt("6222021234567890123", "ctx")
    assert new.startswith("p2:")
    assert crypto.decrypt(old, "ctx") == crypto.decrypt(new, "ctx") == "6222021234567890123"


def test_blind_index_is_keyed_deterministic_and_separated_by_kind():
    import hashlib

    a = crypto.blind_index("id", "370902199001011235")
    assert a == crypto.blind_index("id", "370902199001011235")
    assert a != crypto.blind_index("phone", "370902199001011235")
    assert a != hashlib.sha256(b"370902199001011235").hexdigest()
    assert len(a) == 32

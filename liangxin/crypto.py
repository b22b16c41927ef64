"""The project's one interface to cryptography, so a certified module can replace it in production."""

from cryptography.hazmat.primitives import hashes, hmac


def hmac_sm3(key: bytes, data: bytes) -> bytes:
    mac = hmac.HMAC(key, hashes.SM3())
    mac.update(data)
    return mac.finalize()

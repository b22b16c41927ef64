"""The project's one interface to cryptography, so that production can swap in a certified module.

- hmac_sm3: the audit chain's MAC.
- encrypt / decrypt: SM4-GCM with a random 96-bit nonce and the row's identity as associated data, so a
  ciphertext copied to another row does not decrypt. Stored as "kid:base64(nonce + ciphertext + tag)".
- blind_index: a keyed HMAC-SM3 of the normalised value, for equality look-ups (duplicate checks across
  millions of rows) without decrypting; a plain hash of an ID number could be brute-forced, this cannot
  without the key.
"""

import base64
import functools
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes, hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from django.conf import settings

NONCE_BYTES = 12
TAG_BYTES = 16


class DecryptionFailed(ValueError):
    pass


@functools.lru_cache(maxsize=16)
def _keyed_sm3(key: bytes) -> hmac.HMAC:
    """An HMAC-SM3 already keyed, to be copied for each message: the bulk import computes two blind
    indexes per row, and keying anew each time was most of their cost."""
    return hmac.HMAC(key, hashes.SM3())


@functools.lru_cache(maxsize=16)
def _sm4(key: bytes) -> algorithms.SM4:
    return algorithms.SM4(key)


def hmac_sm3(key: bytes, data: bytes) -> bytes:
    mac = _keyed_sm3(key).copy()
    mac.update(data)
    return mac.finalize()


def encrypt(plaintext: str, context: str) -> str:
    ring = settings.KEYS.rings["pii"]
    nonce = os.urandom(NONCE_BYTES)
    encryptor = Cipher(_sm4(ring.key), modes.GCM(nonce)).encryptor()
    encryptor.authenticate_additional_data(context.encode())
    body = encryptor.update(plaintext.encode()) + encryptor.finalize()
    return f"{ring.current}:{base64.b64encode(nonce + body + encryptor.tag).decode()}"


def decrypt(token: str, context: str) -> str:
    kid, _, payload = token.partition(":")
    key = settings.KEYS.rings["pii"].keys.get(kid)
    if key is None:
        raise DecryptionFailed(f"密钥 {kid} 不可用")
    raw = base64.b64decode(payload)
    nonce, body, tag = raw[:NONCE_BYTES], raw[NONCE_BYTES:-TAG_BYTES], raw[-TAG_BYTES:]
    decryptor = Cipher(_sm4(key), modes.GCM(nonce, tag)).decryptor()
    decryptor.authenticate_additional_data(context.encode())
    try:
        return (decryptor.update(body) + decryptor.finalize()).decode()
    except InvalidTag as exc:
        raise DecryptionFailed("密文校验失败（被篡改或不属于这条记录）") from exc


LOOKUP_KEY_HEX = 32  # 128 bits: a chance of two of a billion values colliding below 10⁻²⁰, half the index


def blind_index(kind: str, normalised: str) -> str:
    """kind separates the value spaces (an ID number and a phone never collide)."""
    digest = hmac_sm3(settings.KEYS.rings["blind"].key, f"{kind}\x00{normalised}".encode())
    return digest.hex()[:LOOKUP_KEY_HEX]

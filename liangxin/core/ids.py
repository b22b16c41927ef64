"""Public identifiers that are unguessable and yet arrive in order.

An application's public id appears in addresses and flags, so it must not be guessable; a random UUID
(version 4) is not, but it lands on a random page of its unique index, and a bulk import of a million
rows then touches a different page for every row. A version 7 UUID (RFC 9562) starts with the time in
milliseconds and ends with 74 random bits: as hard to guess, and new ids go to the end of the index.
"""

import os
import time
import uuid

_VERSION_7 = 0x7 << 76
_VARIANT = 0b10 << 62


def uuid7() -> uuid.UUID:
    milliseconds = time.time_ns() // 1_000_000
    random = int.from_bytes(os.urandom(10), "big")  # 80 bits, 74 of them used
    rand_a, rand_b = random >> 68, random & ((1 << 62) - 1)
    return uuid.UUID(
        int=(milliseconds & ((1 << 48) - 1)) << 80 | _VERSION_7 | rand_a << 64 | _VARIANT | rand_b
    )

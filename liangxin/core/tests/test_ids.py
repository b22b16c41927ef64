"""Public ids: version 7 UUIDs, unguessable, and in the order they were made (so a bulk import appends
to the public id's index instead of touching a random page of it for every row)."""

import time
import uuid

from liangxin.core.ids import uuid7


def test_a_public_id_is_a_version_7_uuid_carrying_the_time_it_was_made():
    before = time.time_ns() // 1_000_000
    made = uuid7()
    after = time.time_ns() // 1_000_000
    assert made.version == 7 and made.variant == uuid.RFC_4122
    assert before <= made.int >> 80 <= after


def test_public_ids_made_later_sort_later_as_uuids_and_as_the_hex_sqlite_stores():
    earlier = uuid7()
    time.sleep(0.002)
    later = uuid7()
    assert earlier < later and earlier.hex < later.hex


def test_public_ids_made_in_the_same_millisecond_still_differ():
    made = [uuid7() for _ in range(20_000)]
    assert len(set(made)) == len(made)
    assert len({u.int & ((1 << 62) - 1) for u in made}) == len(made)  # the random tail varies

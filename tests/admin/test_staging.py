"""The staging area: bytes kept server-side behind a signed token, and swept when stale."""

import os
import time

import pytest

from reports.admin_upload import staging
from reports.admin_upload.items import UploadItem


def test_staged_bytes_come_back_unchanged():
    token = staging.stage(
        [UploadItem("a.txt", b"\x00\xffbytes"), UploadItem("b.txt", error="bad")], user_id=7
    )

    batch = staging.open_batch(token, user_id=7)

    assert [item.name for item in batch.items] == ["a.txt", "b.txt"]
    assert batch.data(batch.items[0]) == b"\x00\xffbytes"
    assert batch.items[1].error == "bad"


def test_another_users_token_is_refused():
    token = staging.stage([UploadItem("a.txt", b"x")], user_id=7)

    with pytest.raises(staging.StagingExpired):
        staging.open_batch(token, user_id=8)


def test_a_tampered_token_is_refused():
    token = staging.stage([UploadItem("a.txt", b"x")], user_id=7)

    with pytest.raises(staging.StagingExpired):
        staging.open_batch(("1" if token[0] == "0" else "0") + token[1:], user_id=7)


def test_a_discarded_batch_is_gone():
    token = staging.stage([UploadItem("a.txt", b"x")], user_id=7)
    staging.open_batch(token, user_id=7).discard()

    with pytest.raises(staging.StagingExpired):
        staging.open_batch(token, user_id=7)


def test_stale_batches_are_swept_and_fresh_ones_kept():
    old = staging.open_batch(staging.stage([UploadItem("a.txt", b"x")], user_id=7), user_id=7).folder
    day_ago = time.time() - staging.MAX_AGE_SECONDS - 60
    os.utime(old, (day_ago, day_ago))

    fresh = staging.stage([UploadItem("b.txt", b"y")], user_id=7)  # staging sweeps first

    assert not old.exists()
    assert staging.open_batch(fresh, user_id=7).items[0].name == "b.txt"

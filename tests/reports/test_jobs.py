import os
import time

from reports.jobs import PACKS_DIR, fresh_pack_folder


def test_a_new_pack_folder_clears_packs_left_by_sessions_older_than_a_day(tmp_path):
    parent = tmp_path / PACKS_DIR
    old, recent = parent / "pack-old", parent / "pack-recent"
    for folder in (old, recent):
        folder.mkdir(parents=True)
        (folder / "evidence-pack.zip").write_bytes(b"PK")
    two_days_ago = time.time() - 2 * 24 * 3600
    os.utime(old, (two_days_ago, two_days_ago))
    made = fresh_pack_folder(tmp_path)
    assert made.parent == parent and made.is_dir()
    assert sorted(p.name for p in parent.iterdir()) == sorted([made.name, "pack-recent"])

"""Natural keys repeated in a sheet are found across its chunks while only their digests are kept."""

from datetime import date

from evidence.excel.keys import SeenKeys, digest


def test_a_key_repeated_in_the_same_chunk_or_a_later_one_names_the_row_that_first_gave_it():
    seen = SeenKeys()
    assert seen.repeats(["A", "B", "A", ("x", date(2026, 1, 1))], [0, 1, 2, 3]) == {2: 0}
    assert seen.repeats(["C", "B", ("x", date(2026, 1, 1)), "C"], [4, 5, 6, 7]) == {5: 1, 6: 3, 7: 4}
    assert seen.repeats([], []) == {}
    assert len(seen) == 4  # A, B, the tuple and C: each kept once


def test_keys_that_print_alike_but_differ_in_type_are_different_keys():
    assert digest("1") != digest(1)
    assert digest(("a", None)) != digest(("a", "None"))
    assert digest("VOC-1") == digest("VOC-1")  # stable: not Python's salted hash

"""checks/structure.py: a long CSV read in pieces gives the very records it gives when read whole."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from shangdang_data.checks import structure

#: Cells as CSV writes them: plain, quoted with commas, line breaks and doubled quotes, empty, or malformed.
CELL = st.one_of(
    st.text(alphabet="ab 上党,", max_size=4).map(lambda t: t.replace(",", "")),
    st.text(alphabet='ab,\n"', max_size=5).map(lambda t: '"' + t.replace('"', '""') + '"'),
    st.just(""),
    st.sampled_from(['a"b', '"unclosed', " ", '"x"y']),
)
LINE = st.lists(CELL, min_size=1, max_size=4).map(",".join)


@settings(max_examples=200, deadline=None)
@given(lines=st.lists(LINE, min_size=1, max_size=30), size=st.integers(min_value=1, max_value=40), end=st.booleans())
def test_records_read_in_pieces_equal_records_read_whole(lines: list[str], size: int, end: bool) -> None:
    content = ("\n".join(lines) + ("\n" if end else "")).encode("utf-8")
    whole = structure._records(content)[0]
    saved = structure.RECORDS_PIECE
    structure.RECORDS_PIECE = size
    try:
        assert structure.read_records(content).equals(whole)
        assert b"".join(structure.pieces(content)) == content
    finally:
        structure.RECORDS_PIECE = saved

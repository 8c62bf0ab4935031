"""display.base_unit_text: money in the currency's own unit, from the units table, exactly."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from shangdang_data._read import TextRows
from shangdang_data.display import base_unit_text
from shangdang_data.load import read_package_spec

ROWS = TextRows(read_package_spec())
INDICATORS = ROWS.spec.resource("indicators")
SCALES = {"trillion": Decimal(10) ** 12, "billion": Decimal(10) ** 9, "million": Decimal(10) ** 6}


def amount(text: str) -> Decimal:
    """`36.7 billion yuan` -> 36700000000 (the inverse, written independently of the code under test)."""
    number, *rest = text.removesuffix(" yuan").split(" ")
    return Decimal(number.replace(",", "")) * (SCALES[rest[0]] if rest else 1)


def a_row(unit_id: str, value: str, value_max: str = "") -> dict[str, str]:
    unit = ROWS.get("units", unit_id)
    assert unit is not None
    return {
        **ROWS.get("indicators", "2022-gdp"),
        "unit_id": unit_id,
        "unit_zh": unit["symbol_zh"],  # type: ignore[dict-item]
        "value": value,
        "value_max": value_max,
    }


def test_the_report_headline_in_yuan() -> None:
    # 地区生产总值完成367亿元: 367 × 100 million yuan, as a person reads it.
    assert base_unit_text(INDICATORS, ROWS.get("indicators", "2022-gdp") or {}, ROWS) == "36.7 billion yuan"


_VALUES = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(100000), places=2, allow_nan=False).map(
    lambda d: format(d.normalize(), "f")
)


@given(_VALUES, st.sampled_from(["cny-100m", "cny-10k"]))
def test_any_money_value_converts_exactly(value: str, unit_id: str) -> None:
    factor = Decimal(ROWS.get("units", unit_id)["factor"])  # type: ignore[index]
    shown = base_unit_text(INDICATORS, a_row(unit_id, value), ROWS)
    assert abs(amount(shown) - Decimal(value) * factor) <= Decimal(value) * factor * Decimal("1e-12")


def test_a_range_converts_both_ends() -> None:
    low, high = base_unit_text(INDICATORS, a_row("cny-10k", "1", "2"), ROWS).removesuffix(" yuan").split("–")
    assert (amount(low), amount(high)) == (10_000, 20_000)


def test_only_money_in_a_larger_unit_is_converted() -> None:
    assert base_unit_text(INDICATORS, a_row("cny", "40804"), ROWS) == ""  # already yuan
    assert base_unit_text(INDICATORS, a_row("t-10k", "3325"), ROWS) == ""  # not money
    assert base_unit_text(INDICATORS, a_row("percent", "6.5"), ROWS) == ""
    assert base_unit_text(INDICATORS, a_row("cny-100m", ""), ROWS) == ""  # no value

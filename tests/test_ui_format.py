"""Number formatting for tables: numbers read as ¥ and % but stay numbers, so a header click sorts by value."""

import pandas as pd

from ui.format import money, percent, shown_as, signed_count, signed_money, signed_percent, yuan_fen


def test_a_shown_table_reads_formatted_and_sorts_by_value():
    frame = pd.DataFrame(
        {
            "item": ["leads", "bonus", "unknown"],
            "amount": [1_035_000, 125_000, None],
            "share": [0.05, 0.006, 0.2],
            "MASE": [0.353, 1.2, 0.5],
        }
    )
    styled = shown_as(frame, {"amount": money, "share": percent})
    # as text ¥125,000 sorted after ¥1,035,000; as numbers it comes first
    assert styled.data.sort_values("amount")["item"].tolist() == ["bonus", "leads", "unknown"]
    text = styled.to_string()
    assert "¥1,035,000" in text and "¥125,000" in text and "0.6%" in text
    assert "—" in text  # the missing amount
    assert "0.353" in text and "0.353000" not in text  # other numbers as stored


def test_signed_and_per_unit_amounts():
    assert signed_money(1234) == "+¥1,234"
    assert signed_money(-1234) == "-¥1,234"
    assert signed_money(0) == "¥0"
    assert signed_percent(0.012) == "+1.2%"
    assert signed_percent(-0.079) == "-7.9%"
    assert signed_percent(float("nan")) == "—"
    assert yuan_fen(15.256) == "¥15.26"
    assert (signed_count(1637.6), signed_count(-10001.2), signed_count(0.4)) == ("+1,638", "-10,001", "0")

import datetime

from hypothesis import given
from hypothesis import strategies as st

from renda.core.text import id_number_check_digit, id_number_valid, mask_id_number, mask_phone, pinyin_initials


def test_pinyin_initials():
    assert pinyin_initials("张三丰") == "zsf"
    assert pinyin_initials("测试0007") == "cs0007"


def test_known_id_numbers():
    assert id_number_valid("11010519491231002X")
    assert not id_number_valid("110105194912310021")  # wrong check digit
    assert not id_number_valid("110105194902300020")  # 30 February
    assert not id_number_valid("1101051949123100")


@given(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2020, 12, 31)), st.integers(0, 999))
def test_every_generated_id_validates_and_any_other_check_digit_fails(birth, seq):
    first17 = f"330411{birth:%Y%m%d}{seq:03d}"
    digit = id_number_check_digit(first17)
    assert id_number_valid(first17 + digit)
    for other in "0123456789X":
        if other != digit:
            assert not id_number_valid(first17 + other)


def test_masks():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_id_number("11010519491231002X") == "1101**********002X"

"""Parcel identifiers: 宗地代码 (19 characters) and 不动产单元号 (28 = 6 + 6 + 7 + 9).

不动产单元号: county division code (6), cadastral zone and sub-zone (6, digits), parcel feature
code (2 letters) + parcel sequence (5 digits), building feature code (1 letter) + sequence (8 digits).
宗地代码 is the first 19 characters of the unit number.
"""

import re

UNIT_NUMBER = re.compile(r"^\d{12}[A-Z]{2}\d{5}[A-Z]\d{8}$")
PARCEL_CODE = re.compile(r"^\d{12}[A-Z]{2}\d{5}$")


class ParcelCodeError(ValueError):
    pass


def check_parcel_code(value: str) -> str:
    value = (value or "").strip().upper()
    if not PARCEL_CODE.match(value):
        raise ParcelCodeError(f"宗地代码“{value}”应为19位：12位数字 + 2位字母 + 5位数字")
    return value


def check_unit_number(value: str, parcel_code: str | None = None) -> str:
    value = (value or "").strip().upper()
    if not UNIT_NUMBER.match(value):
        raise ParcelCodeError(
            f"不动产单元号“{value}”应为28位：12位数字 + 2位字母 + 5位数字 + 1位字母 + 8位数字"
        )
    if parcel_code and value[:19] != parcel_code:
        raise ParcelCodeError(f"不动产单元号前19位应与宗地代码“{parcel_code}”一致")
    return value

"""Division codes (统计用区划代码) and our own codes below the village.

12 digits: province 2, city 2, county 2, town 3, village 3. Below a village:
villager group `<village>Z<3 digits>` and grid `<village>G<3 digits>`, both 16 characters so that
every child of a village has a path of the same length.
"""

import re

LEVELS = ["province", "city", "county", "town", "village", "group", "grid"]
LEVEL_LABELS = {
    "province": "省",
    "city": "市",
    "county": "区县",
    "town": "街道/乡镇",
    "village": "村/社区",
    "group": "村民小组",
    "grid": "网格",
}
PARENT_LEVEL = {
    "city": ("province",),
    "county": ("city",),
    "town": ("county",),
    "village": ("town",),
    "group": ("village",),
    "grid": ("village",),
}
BELOW_VILLAGE = re.compile(r"^(\d{12})([ZG])(\d{3})$")


class CodeError(ValueError):
    pass


def level_of(code: str) -> str:
    """The level a code denotes, or CodeError with the reason in Chinese."""
    m = BELOW_VILLAGE.match(code)
    if m:
        if level_of(m.group(1)) != "village":
            raise CodeError(f"代码“{code}”的前12位不是村级代码")
        if m.group(3) == "000":
            raise CodeError(f"代码“{code}”的序号不能为000")
        return "group" if m.group(2) == "Z" else "grid"
    if not re.fullmatch(r"\d{12}", code):
        raise CodeError(f"代码“{code}”应为12位数字，或村代码加Z/G和3位序号")
    if code[2:] == "0" * 10:
        return "province"
    if code[4:] == "0" * 8:
        return "city"
    if code[6:] == "0" * 6:
        return "county"
    if code[9:] == "000":
        if not 1 <= int(code[6:9]) <= 399:
            raise CodeError(f"代码“{code}”第7-9位应在001-399之间")
        return "town"
    if int(code[9:12]) > 399:
        raise CodeError(f"代码“{code}”第10-12位应在001-399之间")
    return "village"


def parent_code(code: str) -> str | None:
    level = level_of(code)
    if level in ("group", "grid"):
        return code[:12]
    if level == "village":
        return code[:9] + "000"
    if level == "town":
        return code[:6] + "000000"
    if level == "county":
        return code[:4] + "00000000"
    if level == "city":
        return code[:2] + "0000000000"
    return None


def town_kind(code: str) -> str:
    n = int(code[6:9])
    return "街道" if n < 100 else "镇" if n < 200 else "乡"


def village_kind(code: str) -> str:
    return "社区" if int(code[9:12]) < 200 else "村"


def significant(code: str) -> str:
    """The part of the code that identifies the unit at its level, used in materialised paths."""
    level = level_of(code)
    return {"province": code[:2], "city": code[:4], "county": code[:6], "town": code[:9]}.get(level, code)


def path_for(code: str) -> str:
    """Materialised path: the significant codes from the province down, each followed by '/'."""
    parts = []
    current: str | None = code
    while current:
        parts.append(significant(current))
        current = parent_code(current)
    return "".join(p + "/" for p in reversed(parts))

"""Names for the synthetic demo district: the seed article's where it gives them, plausible ones otherwise."""

import random

PROVINCE = ("210000000000", "辽宁省")
CITY = ("210100000000", "沈阳市")
COUNTY = ("210113000000", "沈北新区")
REGION = "210113"  # ID numbers of the demo people are issued in the district itself

# (street, villages the article names there, village count). 财落街道 has 23 villages: the article's
# "财落街道23个村集体成立的果蔬展销中心".
STREETS = [
    ("马刚街道", ["马刚村", "大丁村"], 14),
    ("兴隆台街道", ["大孤柳村"], 14),
    ("财落街道", ["财落一村", "进步村", "大古城子村", "财落二村"], 23),
    ("清水台街道", ["前屯村"], 13),
    ("黄家街道", ["达连村"], 13),
    ("石佛寺街道", ["孟家台村"], 13),
    ("尹家街道", ["高坎村"], 13),
    ("新城子街道", ["后屯村"], 13),
    ("虎石台街道", ["姚家村"], 13),
    ("沈北街道", ["大洋河村"], 13),
]
SEED_VILLAGES = (
    "大孤柳村 财落一村 进步村 大古城子村 大丁村 马刚村 高坎村 后屯村 姚家村 前屯村 孟家台村 达连村 大洋河村"
).split()
VILLAGE_COUNT = 142
DEVELOPMENT_VILLAGES = 83

NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]

_VILLAGE_SURNAMES = "王李张刘赵孙杨于高徐马郭周吴韩曲董冯邢关佟何白崔黄蔡邱孟宋姜田谢潘石苏鲍单"
_VILLAGE_SURNAME_SUFFIXES = ["家村", "家窝堡村", "家屯村", "家台村", "家沟村", "家岗村", "家店村", "家堡村"]
_VILLAGE_PREFIXES = ["东", "西", "南", "北", "前", "后", "上", "下", "大", "小", "新", "老", "腰"]
_VILLAGE_FEATURES = [
    "营子", "台子", "岗子", "甸子", "泡子", "沟", "屯", "堡", "房身", "树林子", "城子", "洼子", "河沿",
    "山嘴子", "窝堡", "坨子", "荒地", "柳树屯", "榆树台", "蒲河", "望花", "平安堡", "三台子", "四家子",
    "五里台", "七间房", "八家子", "双台子", "兰旗", "黄旗",
]


def village_names(rng: random.Random, count: int, taken: set[str]) -> list[str]:
    """`count` distinct synthetic village names, none in `taken`, in a seed-determined order."""
    candidates = {s + suffix for s in _VILLAGE_SURNAMES for suffix in _VILLAGE_SURNAME_SUFFIXES}
    candidates |= {p + f + "村" for p in _VILLAGE_PREFIXES for f in _VILLAGE_FEATURES}
    pool = sorted(candidates - taken)  # sorted first: set order is not stable across runs
    rng.shuffle(pool)
    return pool[:count]


# Weighted toward the surnames most common in Liaoning.
SURNAMES = (
    "王" * 12 + "李" * 10 + "张" * 10 + "刘" * 9 + "赵" * 5 + "孙" * 5 + "杨" * 4 + "于" * 4 + "高" * 3
    + "徐" * 3 + "马" * 3 + "陈" * 3 + "郭周吴曲韩董冯" * 2
    + "邢关佟何白崔黄蔡邱孟宋姜田谢潘石苏鲍单付常金那富侯郝尹秦宫隋栾丛姚梁范鞠"
)
_GIVEN = {
    ("M", 0): "国庆 建国 振华 德福 长山 永贵 宝山 春生 文学 玉成 广才 凤山 德胜 庆祥 树林 福林 金山 殿臣 "
              "景春 万福 连生 占山 明德 玉林 长海 志发".split(),
    ("M", 1): "海涛 志强 建军 立新 东升 红军 卫东 宏伟 国栋 海军 立国 晓东 凤军 国强 永刚 伟 勇 军 刚 强 "
              "涛 斌 鹏 明 辉 波 磊 振宇 洪涛 春雷".split(),
    ("M", 2): "浩然 子轩 宇航 博文 俊杰 天宇 梓豪 一鸣 思远 明轩 皓宇 嘉豪 鑫 宇 昊 哲 森 睿 昊天 家乐 "
              "子墨 奕辰 铭泽 宇轩".split(),
    ("F", 0): "淑珍 桂兰 秀英 玉兰 凤兰 桂芝 淑兰 玉珍 秀兰 素芬 桂荣 玉芬 凤芝 淑琴 秀珍 桂香 玉梅 凤琴 "
              "淑芬 春兰 桂珍 玉华".split(),
    ("F", 1): "丽华 红梅 艳 丽 敏 静 霞 燕 丽娟 晓红 春燕 海燕 秀丽 艳华 玉红 桂英 丽丽 雪梅 慧 娜 晓丽 "
              "淑华 艳秋".split(),
    ("F", 2): "欣怡 梓涵 雨萱 诗涵 子涵 佳怡 思琪 可馨 梦瑶 雨桐 紫萱 一诺 语嫣 婷 悦 琳 萌 佳 雪 月 "
              "若汐 欣妍".split(),
}


def given_name(rng: random.Random, gender: str, birth_year: int) -> str:
    era = 0 if birth_year < 1960 else 1 if birth_year < 1986 else 2
    return rng.choice(_GIVEN[(gender, era)])


def full_name(rng: random.Random, gender: str, birth_year: int, surname: str | None = None) -> str:
    return (surname or rng.choice(SURNAMES)) + given_name(rng, gender, birth_year)


ETHNICITIES = (["汉族", "满族", "蒙古族", "回族", "朝鲜族", "锡伯族"], [880, 70, 20, 15, 10, 5])

DEPARTMENTS = (
    "农业农村局 自然资源局 住建局 水务局 生态环境局 综合执法局 供电公司 公安分局 民政局 "
    "卫健局 交通局 文旅局 市场监管局 人社局 教育局 应急管理局 林业局 信访局"
).split()
SENDING_UNITS = ["沈北新区" + u for u in (
    "农业农村局 自然资源局 住房和城乡建设局 水务局 生态环境分局 民政局 卫生健康局 教育局 人民法院 人民检察院 "
    "市场监督管理局 文化旅游和广播电视局 人力资源和社会保障局 财政局 发展和改革局 委组织部 委宣传部 总工会"
).split()] + (
    "沈阳市城市建设投资集团 沈阳市水务集团 沈阳盛京文旅集团 沈阳市农业发展集团 沈阳地铁集团 国网沈阳供电公司 "
    "沈阳农业大学 辽宁省农业科学院 中国农业银行沈北支行 沈阳市农业农村局"
).split()
# Six joint committees on the industry chain; the article names 蒿柳养蚕, 稻虾(蟹)综合种养, 稻米加工,
# 文旅 and 果蔬.
INDUSTRY_COMMITTEES = [
    ("稻米产业", ["盛粮米业", "沈北稻香米业有限公司"]),
    ("稻虾综合种养产业", ["沈阳稻田蟹业合作联社", "兴隆台水产养殖有限公司"]),
    ("蚕桑产业", ["沈阳蒿柳蚕业科技有限公司", "马刚生态农业发展有限公司"]),
    ("文旅产业", ["盛京文旅公司"]),
    ("果蔬产业", ["沈阳花开财落农产品有限公司"]),
    ("食用菌产业", ["沈北菌业科技有限公司"]),
]
# Which seed villages belong where (the article's projects); the rest of the 20 are drawn by seed.
INDUSTRY_SEED_VILLAGES = {
    "稻米产业": ["达连村"],
    "稻虾综合种养产业": ["大孤柳村"],
    "蚕桑产业": ["马刚村"],
    "文旅产业": ["大丁村", "前屯村", "孟家台村"],
    "果蔬产业": ["财落一村"],
    "食用菌产业": ["高坎村"],
}
INDUSTRY_VILLAGE_COUNTS = [4, 3, 3, 4, 3, 3]  # 20 in total

STREET_LEADER_TITLES = [
    "党工委副书记、办事处主任", "党工委副书记", "纪工委书记", "组织委员、党建办主任", "宣传委员",
    "办事处副主任", "武装部长", "办事处副主任",
]
TWO_COMMITTEE_TITLES = [
    "村党组织副书记", "村委会副主任", "村党组织委员", "村委会委员（妇女主任）", "村委会委员", "村委会委员",
]

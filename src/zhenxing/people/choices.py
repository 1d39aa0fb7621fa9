"""Code lists used by forms, imports (as drop-downs) and filters."""

GENDERS = [("M", "男"), ("F", "女")]
POLITICAL_STATUS = [
    ("cpc", "中共党员"),
    ("probationary", "中共预备党员"),
    ("cyl", "共青团员"),
    ("democratic", "民主党派"),
    ("masses", "群众"),
]
EDUCATION = [
    ("none", "未上过学"),
    ("primary", "小学"),
    ("junior", "初中"),
    ("senior", "高中/中专"),
    ("college", "大专"),
    ("bachelor", "本科"),
    ("graduate", "研究生"),
]
ETHNICITIES = ["汉族", "满族", "蒙古族", "回族", "朝鲜族", "锡伯族", "壮族", "其他"]
RELATIONS = [
    ("head", "户主"),
    ("spouse", "配偶"),
    ("child", "子女"),
    ("parent", "父母"),
    ("grandchild", "孙子女"),
    ("grandparent", "祖父母"),
    ("sibling", "兄弟姐妹"),
    ("child_in_law", "儿媳/女婿"),
    ("other", "其他"),
]
# 党员分类管理: a common five-way split used by Liaoning's counties; the district may rename them.
PARTY_CLASSES = [
    ("in_village", "在村党员"),
    ("mobile", "流动党员"),
    ("elderly_infirm", "年老体弱党员"),
    ("cadre", "村干部党员"),
    ("pioneer", "无职党员"),
]
CADRE_POSTS = [
    ("street_secretary", "街道党工委书记"),
    ("street_leader", "街道班子成员"),
    ("village_secretary", "村党组织书记"),
    ("two_committee", "村“两委”成员"),
    ("first_secretary", "驻村第一书记"),
    ("grid_worker", "网格员"),
]
AGE_BANDS = [
    ("0-17", "0-17岁", 0, 17),
    ("18-35", "18-35岁", 18, 35),
    ("36-59", "36-59岁", 36, 59),
    ("60-79", "60-79岁", 60, 79),
    ("80+", "80岁及以上", 80, 200),
]


def label(choices, key) -> str:
    return dict(choices).get(key, key or "")


def key_for(choices, text):
    """The stored key for a label shown in a template's drop-down."""
    for k, v in choices:
        if v == text:
            return k
    return None

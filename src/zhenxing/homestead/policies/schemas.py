"""API schemas of 政策制度 beyond the register: a policy's versions with the rules each sets, and the rules in
force with their source."""

from datetime import date
from decimal import Decimal

from ninja import Field, Schema


class VersionRuleOut(Schema):
    key: str = Field(..., description="规则代码")
    label: str
    unit: str
    value: Decimal


class VersionOut(Schema):
    number: int = Field(..., description="版本号")
    effective_from: date = Field(..., description="施行日期")
    effective_to: date | None = Field(None, description="失效日期；为 null 时长期有效")
    in_force: bool = Field(..., description="今日是否施行")
    text: str = Field(..., description="全文")
    change_note: str = Field(..., description="修订说明")
    attachment: str | None = Field(None, description="附件的下载地址；无附件时为 null")
    attachment_name: str | None = None
    rules: list[VersionRuleOut] = Field(..., description="本版本设定的规则")


class RuleSource(Schema):
    policy_id: int
    title: str = Field(..., description="政策标题")
    number: str = Field(..., description="文号")
    version: int = Field(..., description="版本号")
    effective_from: date


class RuleInForce(Schema):
    key: str = Field(..., description="规则代码")
    label: str
    unit: str
    value: Decimal = Field(..., description="当日施行的取值")
    default: Decimal = Field(..., description="系统默认值（未由政策设定时使用）")
    source: RuleSource | None = Field(None, description="设定该取值的政策版本；为 null 时为默认值")

"""申请审批: homestead applications under the 2019 procedure (提交 → 村民小组讨论 → 公示 → 村级审查 →
街道联审 → 批准 → 丈量批放 → 竣工验收 → 不动产登记), the reviewers' automatic checks, objections, the
three departments' opinions, and the 《农村宅基地批准书》 and 验收意见表 documents."""

"""积分管理（积分制，DOMAIN.md §7），一个模块一个包:

积分细则: zhenxing.points.rules — 积分方案、分版本的细则、积分类别与条目、区县默认方案
积分申报: zhenxing.points.claims — 申报、审核、冲正、从队伍活动和三会一课生成申报、我的积分
积分排名与公示: zhenxing.points.publish — 积分排名、公示、申诉、年度结算、积分制指标
积分超市: zhenxing.points.shop — 超市、商品、入库、兑换、退货、报表

模块共用: accounts.py（谁的积分记在哪个台账账户）、tabs.py（积分管理的页签）、dates.py（表单里填写的日期）。
"""

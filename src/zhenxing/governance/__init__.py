"""基层治理（强治理）, one package per module:

visits     网格与入户走访
cases      吹哨报到
mediation  评理说事
teams      党员队伍
"""

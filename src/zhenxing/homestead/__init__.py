"""宅基地管理: the eleven-module homestead management system (宅基地管理信息系统), one package per module.

- parcels       基础信息: 宗地 and 房屋 registers, their imports (GeoJSON, Shapefile, GeoPackage), the
                永久基本农田 layer
- map           一张图: each village's parcels on a map, coloured by status, offline
- eligibility   资格权: households' 资格权 with the 一户多宅, 超占 and 非本村村民使用 lists
- applications  申请审批: the 2019 procedure from 提交 to 不动产登记, its checks and the 批准书
- transfers     流转: lease, transfer, share and mortgage contracts
- fees          有偿使用: yearly bills, payments and reductions
- exits         自愿有偿退出: valuation, review, compensation and recovery
- revitalise    闲置盘活: idle surveys and revitalisation projects
- enforcement   执法监管: inspections and violations with rectification deadlines
- policies      政策制度: policies, their versions and the rules they set
- 统计分析 is the dashboard (stats): each module declares its indicators in its indicators.py.

Shared by the modules: tabs.py (the module tabs), geo.py (GIS), drawing.py (SVG outlines), figures.py
(the indicators' common shape), formkit.py and fieldforms.py (forms), values.py (money and dates).
"""

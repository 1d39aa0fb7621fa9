"""包保: who answers for which unit or matter.

区级领导包保联系点, 班子成员“包街联村”, 街道干部包村, 村书记包保 (a project, a group of parcels), and each
department's duties in the 工作格局 (区委统一领导、组织部牵头抓总、农业农村局具体实施、有关部门各负其责)."""

"""任务清单: the yearly work plan 《抓党建促乡村振兴工作举措》 as a tree.

方面 (aspect) › 事项 (item, with its lead department and responsible leader) › 任务, assigned to a street, a
village or a department, each with a deadline and an expected result. Progress is computed from an
indicator where the result is a figure the platform counts, otherwise reported by the unit with evidence."""

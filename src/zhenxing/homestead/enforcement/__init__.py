"""执法监管: inspections and violations, rectification deadlines in working days, closing with evidence, the
overdue list by street."""

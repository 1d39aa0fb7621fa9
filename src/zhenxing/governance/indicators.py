"""强治理 figures (cases, 三率, mediation, teams) as indicators, each with its drill-down; each part of
the app registers its own below."""

"""The governance app's tables, one module per part (grids and visits, cases, mediation, teams)."""

__all__: list[str] = []

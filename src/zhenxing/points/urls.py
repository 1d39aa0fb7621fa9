"""The points pages (积分管理): rules, claims, rankings and publicity, the points supermarket."""

app_name = "points"
urlpatterns: list = []

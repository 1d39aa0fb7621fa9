"""The points pages (积分管理): rules, claims, rankings and publicity, the points supermarket."""

from django.urls import path

from zhenxing.points import views_rules

app_name = "points"
urlpatterns: list = [
    # rules
    path("rules/", views_rules.rules, name="rules"),
    path("rules/defaults/<str:code>/", views_rules.defaults, name="defaults"),
    path("rules/schemes/<int:pk>/new/", views_rules.book_new, name="book_new"),
    path("rules/schemes/<int:pk>/categories/new/", views_rules.category_new, name="category_new"),
    path("rules/schemes/<int:pk>/categories/<int:cat_pk>/", views_rules.category_edit, name="category_edit"),
    path("rules/books/<int:pk>/", views_rules.book, name="book"),
    path("rules/books/<int:pk>/edit/", views_rules.book_edit, name="book_edit"),
    path("rules/books/<int:pk>/delete/", views_rules.book_delete, name="book_delete"),
    path("rules/books/<int:pk>/items/new/", views_rules.item_new, name="item_new"),
    path("rules/books/<int:pk>/items/<int:item_pk>/", views_rules.item_edit, name="item_edit"),
    path("rules/books/<int:pk>/items/<int:item_pk>/remove/", views_rules.item_remove, name="item_remove"),
    # end rules
]

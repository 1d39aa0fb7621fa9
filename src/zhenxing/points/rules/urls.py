"""积分细则 pages: the schemes, versions, items and categories (names in the `points` namespace)."""

from django.urls import path

from zhenxing.points.rules import views

urlpatterns: list = [
    path("rules/", views.rules, name="rules"),
    path("rules/defaults/<str:code>/", views.defaults, name="defaults"),
    path("rules/schemes/<int:pk>/new/", views.book_new, name="book_new"),
    path("rules/schemes/<int:pk>/categories/new/", views.category_new, name="category_new"),
    path("rules/schemes/<int:pk>/categories/<int:cat_pk>/", views.category_edit, name="category_edit"),
    path("rules/books/<int:pk>/", views.book, name="book"),
    path("rules/books/<int:pk>/edit/", views.book_edit, name="book_edit"),
    path("rules/books/<int:pk>/delete/", views.book_delete, name="book_delete"),
    path("rules/books/<int:pk>/items/new/", views.item_new, name="item_new"),
    path("rules/books/<int:pk>/items/<int:item_pk>/", views.item_edit, name="item_edit"),
    path("rules/books/<int:pk>/items/<int:item_pk>/remove/", views.item_remove, name="item_remove"),
]

"""自愿有偿退出 pages (URL names in the app's namespace, `homestead:`)."""

from django.urls import path

from zhenxing.homestead.exits import views

urlpatterns = [
    path("exits/", views.exits, name="exits"),
    path("exits/new/", views.exit_new, name="exit_new"),
    path("exits/<int:pk>/", views.exit_detail, name="exit"),
    path("exits/<int:pk>/edit/", views.exit_edit, name="exit_edit"),
    path("exits/<int:pk>/advance/", views.exit_advance, name="exit_advance"),
]

"""政策制度 pages (URL names in the app's namespace, `homestead:`)."""

from django.urls import path

from zhenxing.homestead.policies import views

urlpatterns = [
    path("policies/", views.policies, name="policies"),
    path("policies/new/", views.policy_new, name="policy_new"),
    path("policies/rules/", views.policy_rules, name="policy_rules"),
    path("policies/<int:pk>/", views.policy, name="policy"),
    path("policies/<int:pk>/edit/", views.policy_edit, name="policy_edit"),
    path("policies/<int:pk>/versions/new/", views.version_new, name="policy_version_new"),
    path("policies/files/<int:pk>/", views.policy_attachment, name="policy_attachment"),
]

"""执法监管 pages (URL names in the app's namespace, `homestead:`)."""

from django.urls import path

from zhenxing.homestead.enforcement import views

urlpatterns = [
    path("inspections/", views.inspections, name="inspections"),
    path("inspections/new/", views.inspection_new, name="inspection_new"),
    path("inspections/<int:pk>/", views.inspection, name="inspection"),
    path("violations/", views.violations, name="violations"),
    path("violations/new/", views.violation_new, name="violation_new"),
    path("violations/overdue/", views.violations_overdue, name="violations_overdue"),
    path("violations/<int:pk>/", views.violation, name="violation"),
    path("violations/<int:pk>/act/", views.violation_act, name="violation_act"),
    path("violations/files/<int:pk>/", views.violation_attachment, name="violation_attachment"),
]

"""任务清单 pages, included by the app's urls.py (names in the "mechanisms" namespace)."""

from django.urls import path

from zhenxing.mechanisms.tasks import views

urlpatterns = [
    path("plans/", views.plans, name="plans"),
    path("plans/new/", views.plan_new, name="plan_new"),
    path("plans/<int:pk>/", views.plan, name="plan"),
    path("plans/<int:pk>/aspects/", views.aspect_add, name="plan_aspect_add"),
    path("plans/<int:pk>/items/", views.item_add, name="plan_item_add"),
    path("plans/<int:pk>/tasks/", views.task_add, name="plan_task_add"),
    path("plans/<int:pk>/copy/", views.plan_copy, name="plan_copy"),
    path("tasks/", views.tasks, name="tasks"),
    path("tasks/<int:pk>/", views.task, name="task"),
    path("tasks/<int:pk>/reports/", views.task_report, name="task_report"),
    path("tasks/<int:pk>/files/<int:file_pk>/", views.report_file, name="task_file"),
]

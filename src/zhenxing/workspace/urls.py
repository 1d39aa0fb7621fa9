from django.urls import path

from zhenxing.workspace import views

app_name = "workspace"
urlpatterns = [
    path("", views.home, name="home"),
    path("badges/", views.badges, name="badges"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/", views.open_message, name="message"),
    path("inbox/read/", views.read_all, name="read_all"),
    path("inbox/settings/", views.preferences, name="preferences"),
    path("supervise/", views.supervise, name="supervise"),
]

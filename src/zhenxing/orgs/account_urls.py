from django.urls import path

from zhenxing.orgs import account_views

app_name = "account"
urlpatterns = [
    path("", account_views.home, name="home"),
    path("password/", account_views.password, name="password"),
    path("2fa/", account_views.two_factor, name="two_factor"),
    path("logins/", account_views.login_history, name="logins"),
]

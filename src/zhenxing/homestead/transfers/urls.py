"""流转 pages (URL names in the app's namespace, `homestead:`)."""

from django.urls import path

from zhenxing.homestead.transfers import views

urlpatterns = [
    path("transfers/", views.transfers, name="transfers"),
    path("transfers/expiring/", views.transfers_expiring, name="transfers_expiring"),
    path("transfers/new/", views.transfer_new, name="transfer_new"),
    path("transfers/<int:pk>/", views.transfer, name="transfer"),
    path("transfers/<int:pk>/edit/", views.transfer_edit, name="transfer_edit"),
    path("transfers/<int:pk>/terminate/", views.transfer_terminate, name="transfer_terminate"),
]

"""有偿使用 pages (URL names in the app's namespace, `homestead:`)."""

from django.urls import path

from zhenxing.homestead.fees import views

urlpatterns = [
    path("fees/", views.fee_bills, name="fee_bills"),
    path("fees/issue/", views.fee_issue, name="fee_issue"),
    path("fees/<int:pk>/", views.fee_bill, name="fee_bill"),
    path("fees/<int:pk>/pay/", views.fee_pay, name="fee_pay"),
    path("fees/<int:pk>/reduce/", views.fee_reduce, name="fee_reduce"),
]

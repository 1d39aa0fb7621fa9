from django.urls import path

from zhenxing.people import views

app_name = "people"
urlpatterns = [
    path("persons/", views.persons, name="persons"),
    path("persons/<int:pk>/", views.person, name="person"),
    path("persons/<int:pk>/reveal/", views.reveal, name="reveal"),
    path("households/", views.households, name="households"),
    path("households/<int:pk>/", views.household, name="household"),
    path("households/<int:pk>/attachments/", views.attach, name="attach"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("party-members/", views.party_members, name="party_members"),
    path("cadres/", views.cadres, name="cadres"),
    path("my-household/", views.my_household, name="my_household"),
]

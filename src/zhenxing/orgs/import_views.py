from django.shortcuts import render


def index(request):
    return render(request, "stats/no_role.html")

from django.urls import path

from glacy.cooperation.views import cases

urlpatterns = [
    path("cases/", cases.case_list, name="case-list"),
    path("cases/new/", cases.case_create, name="case-create"),
    path("cases/<uuid:case_id>/", cases.case_detail, name="case-detail"),
    path("cases/<uuid:case_id>/edit/", cases.case_edit, name="case-edit"),
]

from django.urls import path

from glacy.directory.views import authorities, people

urlpatterns = [
    path("", authorities.authority_list, name="authority-list"),
    path("network/", authorities.cooperation_directory, name="cooperation-directory"),
    path("authorities/<uuid:authority_id>/", authorities.authority_detail, name="authority-detail"),
    path("authorities/<uuid:authority_id>/edit/", authorities.authority_edit, name="authority-edit"),
    path("authorities/<uuid:authority_id>/people/new/", people.person_create, name="person-create"),
    path("people/<uuid:person_id>/edit/", people.person_edit, name="person-edit"),
    path("people/<uuid:person_id>/delete/", people.person_delete, name="person-delete"),
]

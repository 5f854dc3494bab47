from django.urls import path

from glacy.treaty.views import administration, instruments

urlpatterns = [
    path("", instruments.instrument_list, name="instrument-list"),
    path("import/", administration.status_import, name="status-import"),
    path("import/<uuid:import_id>/", administration.status_import_review, name="status-import-review"),
    path("statuses/<uuid:status_id>/edit/", administration.status_edit, name="status-edit"),
    path("<str:code>/", instruments.instrument_detail, name="instrument-detail"),
    path("<str:code>/articles/<str:number>/", instruments.article_detail, name="article-detail"),
]

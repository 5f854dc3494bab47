from django.urls import path

from glacy.programme.views import activities, dashboard, projects

urlpatterns = [
    path("", dashboard.programme_dashboard, name="programme-dashboard"),
    path("dashboard.download", dashboard.programme_dashboard_download, name="programme-dashboard-download"),
    path("activities/", activities.activity_list, name="activity-list"),
    path("activities/export", activities.activity_export, name="activity-export"),
    path("activities/import/", activities.activity_import, name="activity-import"),
    path("activities/import/confirm/", activities.activity_import_confirm, name="activity-import-confirm"),
    path("activities/<uuid:activity_id>/", activities.activity_detail, name="activity-detail"),
    path("projects/", projects.project_list, name="project-list"),
    path("projects/new/", projects.project_create, name="project-create"),
    path("projects/<uuid:project_id>/", projects.project_detail, name="project-detail"),
    path("projects/<uuid:project_id>/framework/", projects.project_framework_add, name="project-framework-add"),
    path("projects/<uuid:project_id>/iati.xml", projects.project_iati, name="project-iati"),
    path("indicators/<uuid:indicator_id>/values/", projects.indicator_value_add, name="indicator-value-add"),
    path("indicators/<uuid:indicator_id>/<int:year>/", projects.indicator_evidence, name="indicator-evidence"),
    path("year/", projects.programme_year, name="programme-year"),
    path("report/", projects.programme_report, name="programme-report"),
]

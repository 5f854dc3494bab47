from django.urls import path

from glacy.legislation.views import assessments, laws

urlpatterns = [
    path("", laws.legislation_home, name="legislation-home"),
    path("laws/import/", laws.law_import_page, name="law-import"),
    path("laws/<uuid:law_id>/", laws.law_detail, name="law-detail"),
    path("imports/<uuid:job_id>/", laws.law_import_job_status, name="law-import-job"),
    path("suggestions/<uuid:suggestion_id>/decide/", laws.suggestion_decide, name="suggestion-decide"),
    path("provisions/<uuid:provision_id>/mappings/", laws.mapping_add, name="mapping-add"),
    path("mappings/<uuid:mapping_id>/", laws.mapping_edit, name="mapping-edit"),
    path("assessments/new/", assessments.assessment_new, name="assessment-new"),
    path("assessments/<uuid:assessment_id>/", assessments.assessment_detail, name="assessment-detail"),
    path("assessments/<uuid:assessment_id>/act/", assessments.assessment_act, name="assessment-act"),
    path("assessments/<uuid:assessment_id>/report/", assessments.assessment_report, name="assessment-report"),
    path("assessments/<uuid:assessment_id>/compare/<uuid:other_id>/", assessments.assessment_compare,
         name="assessment-compare"),
    path("assessment-rows/<uuid:row_id>/", assessments.assessment_row_edit, name="assessment-row-edit"),
]

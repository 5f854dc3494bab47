from django.urls import path

from glacy.evidence.views import items, lists

urlpatterns = [
    path("", lists.evidence_list, name="evidence-list"),
    path("cases/<uuid:case_id>/", items.case_evidence, name="case-evidence"),
    path("cases/<uuid:case_id>/ingest/", items.evidence_ingest_page, name="evidence-ingest"),
    path("jobs/<uuid:job_id>/", items.ingest_job_status, name="evidence-ingest-job"),
    path("items/<uuid:item_id>/", items.evidence_detail, name="evidence-detail"),
    path("items/<uuid:item_id>/events/", items.evidence_record_event, name="evidence-record-event"),
    path("items/<uuid:item_id>/download/", items.evidence_download, name="evidence-download"),
    path("items/<uuid:item_id>/export/", items.evidence_export, name="evidence-export"),
    path("items/<uuid:item_id>/hand-over/", items.evidence_handover, name="evidence-handover"),
    path("items/<uuid:item_id>/custody-report/", items.evidence_custody_report, name="evidence-custody-report"),
    path("custody/verify/", items.custody_verification, name="custody-verification"),
]

from django.urls import path

from glacy.cooperation.views import actions, cases, incoming, lists, messages, requests, rules, translations

urlpatterns = [
    path("cases/", lists.case_list, name="case-list"),
    path("cases/new/", cases.case_create, name="case-create"),
    path("cases/<uuid:case_id>/", cases.case_detail, name="case-detail"),
    path("cases/<uuid:case_id>/edit/", cases.case_edit, name="case-edit"),
    path("cases/<uuid:case_id>/requests/new/", requests.request_create, name="request-create"),
    path("rules/", rules.legal_rules, name="legal-rules"),
    path("requests/", lists.request_list, name="request-list"),
    path("requests/register/", incoming.request_register, name="request-register"),
    path("requests/<uuid:request_id>/registration/", incoming.registration_answer, name="registration-answer"),
    path("requests/<uuid:request_id>/", requests.request_detail, name="request-detail"),
    path("requests/<uuid:request_id>/content/", requests.request_edit_content, name="request-edit-content"),
    path("requests/<uuid:request_id>/identifiers/", requests.request_add_identifier, name="request-add-identifier"),
    path("requests/<uuid:request_id>/identifiers/<uuid:identifier_id>/delete/", requests.request_remove_identifier,
         name="request-remove-identifier"),
    path("requests/<uuid:request_id>/act/", actions.request_act, name="request-act"),
    path("requests/<uuid:request_id>/translation/", translations.request_translation, name="request-translation"),
    path("requests/<uuid:request_id>/material/", actions.request_supply_material, name="request-supply-material"),
    path("requests/<uuid:request_id>/documents/", actions.request_generate_document,
         name="request-generate-document"),
    path("requests/<uuid:request_id>/documents/<uuid:document_id>/", actions.request_document,
         name="request-document"),
    path("requests/<uuid:request_id>/messages/<uuid:message_id>/retry/", messages.request_message_retry,
         name="request-message-retry"),
]

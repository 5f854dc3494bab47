from django.urls import path

from glacy.training.views import sessions, verification

urlpatterns = [
    path("", sessions.training_home, name="training-home"),
    path("sessions/<uuid:session_id>/", sessions.session_detail, name="session-detail"),
    path("sessions/<uuid:session_id>/participants/", sessions.participant_create, name="participant-create"),
    path("sessions/<uuid:session_id>/certificates/", sessions.certificates_issue, name="certificates-issue"),
    path("sessions/<uuid:session_id>/moodle/", sessions.moodle_import, name="moodle-import"),
    path("participants/<uuid:participant_id>/test/", sessions.participant_test, name="participant-test"),
    path("certificates/<uuid:certificate_id>.pdf", sessions.certificate_download, name="certificate-download"),
    path("verify/", verification.certificate_verify, name="certificate-verify"),
    path("verify/key.pem", verification.certificate_public_key, name="certificate-public-key"),
]

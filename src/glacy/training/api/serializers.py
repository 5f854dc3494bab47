from __future__ import annotations

from rest_framework import serializers

from glacy.training.models import Certificate, Session


class SessionSerializer(serializers.ModelSerializer):
    course = serializers.CharField(source="course.code", read_only=True)
    course_title = serializers.CharField(source="course.title", read_only=True)
    activity = serializers.CharField(source="activity.reference", read_only=True)
    country = serializers.CharField(source="country_id", read_only=True)
    start_date = serializers.DateField(source="activity.start_date", read_only=True)
    end_date = serializers.DateField(source="activity.end_date", read_only=True)
    participants = serializers.IntegerField(source="participants_attended", read_only=True,
                                            help_text="Participants who attended")
    tested = serializers.IntegerField(read_only=True, help_text="Attended with both tests scored")
    pre_score = serializers.DecimalField(max_digits=5, decimal_places=1, read_only=True, allow_null=True)
    post_score = serializers.DecimalField(max_digits=5, decimal_places=1, read_only=True, allow_null=True)
    knowledge_gain = serializers.DecimalField(max_digits=5, decimal_places=1, read_only=True, allow_null=True)

    class Meta:
        model = Session
        fields = ("id", "course", "course_title", "activity", "country", "start_date", "end_date", "participants",
                  "tested", "pre_score", "post_score", "knowledge_gain")
        read_only_fields = fields


class CertificateSerializer(serializers.ModelSerializer):
    course = serializers.CharField(source="participant.session.course.code", read_only=True)
    holder = serializers.CharField(source="participant.full_name", read_only=True)
    is_revoked = serializers.SerializerMethodField()

    class Meta:
        model = Certificate
        fields = ("id", "number", "holder", "course", "issued_on", "statement_sha256", "key_fingerprint",
                  "is_revoked")
        read_only_fields = fields

    def get_is_revoked(self, certificate: Certificate) -> bool:
        return certificate.revoked_at is not None

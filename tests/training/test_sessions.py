"""Tests and knowledge gain per session, course and country; the Moodle completion export."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from glacy.core.errors import ValidationFailed
from glacy.training.models import Participant
from glacy.training.selectors import knowledge_gain, sessions_for_user
from glacy.training.services import participants as participant_services
from glacy.training.services.moodle import moodle_completions_import
from glacy.training.services.participants import participant_add

# As Moodle's report/completion "Download in CSV format" writes it: ID, Name, identity fields, one column per
# criterion (activity criteria have a second "completion date" column), then "Course complete".
MOODLE_EXPORT = (
    '"ID","Name","Email address","Quiz: Final test","Quiz: Final test - Completion date","Course complete"\n'
    '"12","Abena Owusu","ABENA@example.org","Completed","14/11/25, 10:30","14/11/25, 10:31"\n'
    '"13","Yaw Mensah","yaw@example.org","Not completed","",""\n'
    '"14","Kofi Stranger","kofi@example.org","Completed","15/11/25, 09:00","15/11/25, 09:02"\n'
)


def test_scores_and_knowledge_gain_per_session_course_and_country(world: Any) -> None:
    session, trainer = world.objects["session"], world.users["trainer"]
    second = participant_add(actor=trainer, session=session, has_consent=False, data={
        "institution_type": "prosecution", "gender": "man", "attended": True})
    participant_services.test_attempt_record(actor=trainer, participant=second, phase="pre", answers={"1": 2, "2": 2})
    participant_services.test_attempt_record(actor=trainer, participant=second, phase="post", answers={"1": 2, "2": 2, "3": 2, "4": 2})
    gain = knowledge_gain(sessions_for_user(user=trainer))
    (row,) = gain["course"]
    assert (row["tested"], round(row["pre"], 1), round(row["post"], 1), round(row["gain"], 1)) == (
        2, Decimal("37.5"), Decimal("87.5"), Decimal("50.0"))
    assert [(item["country_id"], item["tested"]) for item in gain["country"]] == [("GH", 2)]
    assert len(gain["session"]) == 1
    with pytest.raises(ValidationFailed):
        participant_services.test_attempt_record(actor=trainer, participant=second, phase="post", answers={"9": 1})


def test_moodle_export_records_completions_of_known_participants(world: Any) -> None:
    session = world.objects["session"]
    result = moodle_completions_import(actor=world.users["trainer"], session=session,
                                       data=MOODLE_EXPORT.encode("utf-8"), file_name="completion-intro.csv")
    assert [(participant.email, day) for participant, day in result.completed] == [
        ("abena@example.org", datetime.date(2025, 11, 14))]
    assert (result.not_completed, result.unmatched) == (1, ["kofi@example.org"])
    assert Participant.objects.get(pk=world.objects["participant"].pk).completed_on == datetime.date(2025, 11, 14)
    assert Participant.objects.count() == 1  # never creates people from Moodle


def test_moodle_export_with_a_bad_date_changes_nothing(world: Any) -> None:
    broken = MOODLE_EXPORT.replace("14/11/25, 10:31", "yesterday")
    with pytest.raises(ValidationFailed) as refused:
        moodle_completions_import(actor=world.users["trainer"], session=world.objects["session"],
                                  data=broken.encode("utf-16"), file_name="completion.csv")
    assert refused.value.errors["file"] == ["Row 2, column “Course complete”: “yesterday” is not a Moodle date."]
    assert Participant.objects.get(pk=world.objects["participant"].pk).completed_on is None


def test_evaluation_forms_are_recorded_and_checked(world: Any) -> None:
    from glacy.core.models import AuditEvent
    from glacy.training.services.participants import evaluations_add_many

    session = world.objects["session"]
    evaluations_add_many(actor=world.users["trainer"], session=session, forms=[
        {"relevance": 5, "quality": 4, "would_recommend": True}, {"relevance": 3, "quality": 2,
                                                                   "would_recommend": False}])
    assert sorted(session.evaluations.values_list("relevance", "quality")) == [(3, 2), (5, 4)]
    assert AuditEvent.objects.get(action="training.evaluations_added").after == {"count": 2}
    with pytest.raises(ValidationFailed) as refused:
        evaluations_add_many(actor=world.users["trainer"], session=session, forms=[
            {"relevance": 6, "quality": 4, "would_recommend": True}])
    assert "relevance" in refused.value.errors
    assert session.evaluations.count() == 2

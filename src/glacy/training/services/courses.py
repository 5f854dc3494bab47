"""Writes of courses, test questions, trainers and sessions (a session is also a programme activity)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from glacy.core.audit import record_event, snapshot
from glacy.core.errors import ValidationFailed
from glacy.core.services import validate_instance
from glacy.programme.models import Activity, Project
from glacy.programme.models.vocabulary import ActivityType
from glacy.programme.services.access import require_programme_staff
from glacy.programme.services.activities import ActivityData, activities_save
from glacy.training.models import Course, Participant, Question, Session, Trainer
from glacy.training.services.access import require_training_staff

COURSE_FIELDS = ("code", "title", "title_fr", "level", "audience", "curriculum", "moodle_shortname", "pass_mark")


@transaction.atomic
def course_create(*, actor: Any, data: Mapping[str, Any], topics: Iterable[str] = ()) -> Course:
    require_training_staff(actor, actor.authority_id)
    unknown = sorted(set(data) - set(COURSE_FIELDS))
    if unknown:
        raise ValidationFailed({name: [_("This field cannot be set here.")] for name in unknown})
    course = Course(authority_id=actor.authority_id, **data)
    validate_instance(course)
    course.save()
    course.topics.set(list(topics))  # type: ignore[arg-type]  # topic primary keys are codes
    record_event(actor=actor, action="training.course_created", obj=course, after=snapshot(course, COURSE_FIELDS))
    return course


@transaction.atomic
def question_add(*, actor: Any, course: Course, text: str, choices: list[str], correct: int, text_fr: str = "",
                 points: int = 1) -> Question:
    """Add a multiple-choice question to the course's test; `correct` counts choices from 1."""
    require_training_staff(actor, course.authority_id)
    if len(choices) < 2:
        raise ValidationFailed({"choices": [_("Give at least two choices.")]})
    if not 1 <= correct <= len(choices):
        raise ValidationFailed({"correct": [_("The correct answer must be one of the choices.")]})
    number = (course.questions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    question = Question(course=course, number=number, text=text, text_fr=text_fr, choices=choices, correct=correct,
                        points=points)
    validate_instance(question)
    question.save()
    record_event(actor=actor, action="training.question_added", obj=question, after=snapshot(question))
    return question


@transaction.atomic
def trainer_create(*, actor: Any, full_name: str, country: str = "", trained_as: Participant | None = None
                   ) -> Trainer:
    """Register a trainer; `trained_as` when the trainer was trained by the programme (training of trainers)."""
    require_training_staff(actor, actor.authority_id)
    if trained_as is not None and trained_as.session.course.authority_id != actor.authority_id:
        raise ValidationFailed({"trained_as": [_("Choose a participant of your own courses.")]})
    trainer = Trainer(authority_id=actor.authority_id, full_name=full_name.strip(), country_id=country or None,
                      trained_as=trained_as)
    validate_instance(trainer)
    trainer.save()
    record_event(actor=actor, action="training.trainer_created", obj=trainer, after=snapshot(trainer))
    return trainer


@transaction.atomic
def session_create(*, actor: Any, course: Course, country: str, activity: Activity | None = None,
                   project: Project | None = None, reference: str = "", start_date: datetime.date | None = None,
                   end_date: datetime.date | None = None, activity_format: str = "in_person",
                   trainers: Iterable[Trainer] = (), results: Iterable[str] = (), retention_days: int = 3 * 365,
                   partners: str = "") -> Session:
    """Hold a course in a country. A session is a programme activity of type training: either an existing one
    (`activity`, recorded before its participants were known) or one recorded here from `project`, `reference`
    and the dates. Programme staff only: it is one of the programme's activities."""
    require_programme_staff(actor, course.authority_id)
    if activity is None:
        if project is None or start_date is None or end_date is None or not reference:
            raise ValidationFailed({"activity": [_("Choose the training activity, or give the project, a reference "
                                                   "and the dates.")]})
        if project.authority_id != course.authority_id:
            raise ValidationFailed({"project": [_("Choose a project of the office that runs the course.")]})
        (activity,) = activities_save(actor=actor, items=[ActivityData(
            project=project, fields={"reference": reference, "title": course.title,
                                     "activity_type": ActivityType.TRAINING, "start_date": start_date,
                                     "end_date": end_date, "activity_format": activity_format, "partners": partners},
            topics=list(course.topics.values_list("code", flat=True)), results=list(results),
            countries=[country.upper()])], source="training")
    elif (activity.project.authority_id != course.authority_id or activity.activity_type != ActivityType.TRAINING
          or Session.objects.filter(activity=activity).exists()):
        raise ValidationFailed({"activity": [_("Choose a training activity of your office that has no session yet.")]})
    session = Session(course=course, activity=activity, country_id=country.upper(), retention_days=retention_days)
    validate_instance(session, exclude=["activity"])
    session.save()
    session.trainers.set(list(trainers))
    record_event(actor=actor, action="training.session_created", obj=session,
                 after={**snapshot(session), "trainers": [str(trainer.pk) for trainer in trainers]})
    return session

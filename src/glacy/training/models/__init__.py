from glacy.training.models.courses import Course, Question, Session, Trainer
from glacy.training.models.people import Certificate, Evaluation, Participant, TestAttempt

__all__ = ["Certificate", "Course", "Evaluation", "Participant", "Question", "Session", "TestAttempt", "Trainer"]

from glacy.programme.models.activities import Activity, ActivityTally, Participation
from glacy.programme.models.projects import (
    Budget,
    Donor,
    Indicator,
    IndicatorValue,
    ProgrammeAccess,
    ProgrammeYear,
    Project,
    Result,
    Transaction,
)
from glacy.programme.models.vocabulary import Topic

__all__ = ["Activity", "ActivityTally", "Budget", "Donor", "Indicator", "IndicatorValue", "Participation",
           "ProgrammeAccess", "ProgrammeYear", "Project", "Result", "Topic", "Transaction"]

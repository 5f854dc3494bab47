from glacy.legislation.models.assessments import Assessment, AssessmentRow
from glacy.legislation.models.jobs import LawImportJob
from glacy.legislation.models.laws import Law, Provision, ProvisionMapping, Suggestion

__all__ = ["Assessment", "AssessmentRow", "Law", "LawImportJob", "Provision", "ProvisionMapping", "Suggestion"]

from rest_framework.routers import SimpleRouter

from glacy.legislation.api.views import (
    AssessmentRowViewSet,
    AssessmentViewSet,
    LawImportJobViewSet,
    LawViewSet,
    SuggestionViewSet,
)

router = SimpleRouter()
router.register("laws", LawViewSet, basename="api-law")
router.register("law-import-jobs", LawImportJobViewSet, basename="api-law-import-job")
router.register("suggestions", SuggestionViewSet, basename="api-suggestion")
router.register("assessments", AssessmentViewSet, basename="api-assessment")
router.register("assessment-rows", AssessmentRowViewSet, basename="api-assessment-row")
urlpatterns = router.urls

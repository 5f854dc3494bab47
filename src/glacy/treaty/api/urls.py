from rest_framework.routers import SimpleRouter

from glacy.treaty.api.views import (
    ArticleViewSet,
    DeclarationViewSet,
    InstrumentViewSet,
    PartyViewSet,
    TreatyStatusViewSet,
)

router = SimpleRouter()
router.register("instruments", InstrumentViewSet, basename="api-instrument")
router.register("articles", ArticleViewSet, basename="api-article")
router.register("parties", PartyViewSet, basename="api-party")
router.register("treaty-statuses", TreatyStatusViewSet, basename="api-treaty-status")
router.register("declarations", DeclarationViewSet, basename="api-declaration")
urlpatterns = router.urls

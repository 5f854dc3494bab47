from rest_framework.routers import SimpleRouter

from glacy.cooperation.api.requests import RequestViewSet
from glacy.cooperation.api.views import CaseViewSet

router = SimpleRouter()
router.register("cases", CaseViewSet, basename="api-case")
router.register("requests", RequestViewSet, basename="api-request")
urlpatterns = router.urls

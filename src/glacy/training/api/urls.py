from rest_framework.routers import SimpleRouter

from glacy.training.api.views import CertificateViewSet, SessionViewSet

router = SimpleRouter()
router.register("training-sessions", SessionViewSet, basename="api-training-session")
router.register("certificates", CertificateViewSet, basename="api-certificate")
urlpatterns = router.urls

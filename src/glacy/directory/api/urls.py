from rest_framework.routers import SimpleRouter

from glacy.directory.api.views import AuthorityViewSet, CountryViewSet, PersonViewSet

router = SimpleRouter()
router.register("countries", CountryViewSet, basename="api-country")
router.register("authorities", AuthorityViewSet, basename="api-authority")
router.register("people", PersonViewSet, basename="api-person")
urlpatterns = router.urls

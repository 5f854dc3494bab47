from django.urls import path

from glacy.profiles.views import countries

urlpatterns = [
    path("", countries.country_list, name="country-list"),
    path("<str:code>/", countries.country_detail, name="country-detail"),
    path("<str:code>/briefing.pdf", countries.country_briefing, name="country-briefing"),
    path("<str:code>/recommendations/", countries.recommendation_create, name="recommendation-create"),
]

from django.urls import path

from glacy.notifications import views

urlpatterns = [
    path("", views.notification_list, name="notification-list"),
    path("bell/", views.bell, name="notification-bell"),
    path("read/", views.notifications_read_all, name="notification-read-all"),
    path("<int:notification_id>/open/", views.notification_open, name="notification-open"),
]

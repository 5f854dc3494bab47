from django.urls import path

from glacy.exchange.views import admin, protocol

urlpatterns = [
    path("", admin.exchange_home, name="exchange-home"),
    path("peers/add/", admin.peer_add, name="exchange-peer-add"),
    path("peers/<uuid:peer_id>/", admin.peer_detail, name="exchange-peer"),
    path("peers/<uuid:peer_id>/act/", admin.peer_act, name="exchange-peer-act"),
    path("messages/<uuid:message_id>/retry/", admin.message_retry, name="exchange-message-retry"),
    path("inbox/", protocol.inbox, name="exchange-inbox"),
    path("identity/", protocol.identity, name="exchange-identity"),
    path("directory/", protocol.directory, name="exchange-directory"),
    path("transfers/<uuid:transfer_id>/", protocol.transfer_status, name="exchange-transfer"),
    path("transfers/<uuid:transfer_id>/chunks/<int:index>/", protocol.transfer_chunk, name="exchange-transfer-chunk"),
]

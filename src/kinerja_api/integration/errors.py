"""The integration domain's named errors (service accounts, results feed).

Each error carries its code, status and messages in Indonesian and English (translators
work here); raise it with the parameters its message names.
"""

from __future__ import annotations

from collections.abc import Mapping

from kinerja_api.core.errors import Conflict, Unauthorized


class InvalidClient(Unauthorized):
    code = "invalid_client"


class ServiceAccountNameTaken(Conflict):
    code = "service_account_name_taken"


class ServiceAccountRevoked(Conflict):
    code = "service_account_revoked"


class WebhookDeliveryPending(Conflict):
    code = "webhook_delivery_pending"
    default_detail: Mapping[str, str] = {
        "id": "Pengiriman ini masih menunggu dikirim; kirim ulang setelah berhasil atau gagal.",
        "en": "This delivery is still waiting to be sent; redeliver it once it has been tried.",
    }

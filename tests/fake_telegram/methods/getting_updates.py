"""getUpdates and the webhook methods: how the bot asks for its updates."""

from __future__ import annotations

from tests.fake_telegram.methods.posting import Posting
from tests.fake_telegram.records import JSON, ApiError


class GettingUpdates(Posting):
    """getUpdates, setWebhook, deleteWebhook, getWebhookInfo."""

    async def get_updates(self, params: JSON) -> list[JSON]:
        """Long polling."""
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = max(float(params.get("timeout") or 0), 0.0)
        offset = params.get("offset")
        return await self.tg.poll(
            int(offset) if offset is not None else None,
            limit,
            timeout,
            params.get("allowed_updates"),
        )

    def set_webhook(self, params: JSON) -> bool:
        """Push updates to a URL (plain http is fine here) instead of long polling."""
        url = params.get("url") or ""
        if not url:
            return self.delete_webhook(params)
        if not url.startswith(("http://", "https://")):
            raise ApiError(
                400, "Bad Request: bad webhook: An HTTPS URL must be provided for webhook"
            )
        hook = {
            "url": url,
            "secret_token": params.get("secret_token"),
            "max_connections": params.get("max_connections") or 40,
            "allowed_updates": params.get("allowed_updates"),
        }
        self.tg.set_webhook(hook, bool(params.get("drop_pending_updates")))
        return True

    def delete_webhook(self, params: JSON) -> bool:
        """Back to long polling."""
        self.tg.set_webhook(None, bool(params.get("drop_pending_updates")))
        return True

    def get_webhook_info(self, params: JSON) -> JSON:
        """The webhook's URL, backlog and last delivery error."""
        hook = self.tg.webhook or {}
        info: JSON = {
            "url": hook.get("url", ""),
            "has_custom_certificate": False,
            "pending_update_count": len(self.tg.pending_updates),
        }
        for key in ("max_connections", "allowed_updates", "last_error_date", "last_error_message"):
            if hook.get(key) is not None:
                info[key] = hook[key]
        return info

"""The bot's profile: getMe, command menus per scope and language, name and descriptions."""

from __future__ import annotations

import copy
import re

from tests.fake_telegram.methods.posting import Posting
from tests.fake_telegram.records import JSON, ApiError

ScopeKey = tuple[str, int | None, int | None]
_COMMAND_NAME = re.compile(r"[a-z0-9_]{1,32}")


class Profile(Posting):
    """getMe, setMyCommands and friends, setMyName, setMyDescription, setMyShortDescription."""

    def get_me(self, params: JSON) -> JSON:
        """The bot's User with its capabilities."""
        return {
            **self.tg.bot_user,
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
            "can_connect_to_business": False,
            "has_main_web_app": False,
        }

    def set_my_commands(self, params: JSON) -> bool:
        """Store a command menu for one scope and language."""
        commands = params.get("commands") or []
        for command in commands:
            if not _COMMAND_NAME.fullmatch(str(command.get("command", ""))):
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
            description = str(command.get("description", "")).strip()
            if not description:
                raise ApiError(400, "Bad Request: command description must be non-empty")
            if len(description) > 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        if len(commands) > 100:
            raise ApiError(400, "Bad Request: too many commands")
        key = (self._scope(params.get("scope")), params.get("language_code") or "")
        if commands:
            self.tg.commands[key] = [
                {"command": c["command"], "description": c["description"]} for c in commands
            ]
        else:
            self.tg.commands.pop(key, None)
        return True

    def delete_my_commands(self, params: JSON) -> bool:
        """Forget the menu of one scope and language."""
        self.tg.commands.pop(
            (self._scope(params.get("scope")), params.get("language_code") or ""), None
        )
        return True

    def get_my_commands(self, params: JSON) -> list[JSON]:
        """Exactly the menu set for this scope and language (no fallback, as in Telegram)."""
        key = (self._scope(params.get("scope")), params.get("language_code") or "")
        return copy.deepcopy(self.tg.commands.get(key, []))

    def _scope(self, scope: JSON | None) -> ScopeKey:
        scope = scope or {"type": "default"}
        chat_id = scope.get("chat_id")
        if chat_id is not None:
            chat_id = self._chat({"chat_id": chat_id}).id
        user_id = scope.get("user_id")
        return (str(scope.get("type", "default")), chat_id, int(user_id) if user_id else None)

    def set_bot_setting(self, field: str, params: JSON) -> bool:
        """setMyName, setMyDescription, setMyShortDescription (per language)."""
        self.tg.bot_settings[(field, params.get("language_code") or "")] = params.get(field) or ""
        return True

    def get_bot_setting(self, field: str, params: JSON) -> JSON:
        """getMyName, getMyDescription, getMyShortDescription."""
        return {field: self.tg.bot_settings.get((field, params.get("language_code") or ""), "")}

"""Build aiogram's Bot API models on first use instead of all ~400 at import (≈100 MiB less RSS).

`aiogram.types` calls `model_rebuild()` on every type at import, which builds each pydantic
validator eagerly even though the types ask for `defer_build`. `install()` (called before aiogram
is first imported) skips those rebuilds and makes the names they would have resolved available to
each type's module, so pydantic can build a model the first time it validates one. Imported after
aiogram, or with another pydantic, it changes nothing: every model is then built as usual.
"""

from __future__ import annotations

import sys
from typing import Any

from pydantic import BaseModel

_TYPES_PACKAGE = "aiogram.types."
_pending: list[tuple[str, dict[str, Any]]] = []


def install() -> None:
    """Defer aiogram's import-time model builds (no effect once aiogram is imported)."""
    if "aiogram.types" in sys.modules or getattr(BaseModel.model_rebuild, "_lazy", False):
        return
    eager = BaseModel.model_rebuild.__func__

    def model_rebuild(cls: type[BaseModel], **options: Any) -> bool | None:
        namespace = options.get("_types_namespace")
        if (
            namespace is not None
            and cls.__module__.startswith(_TYPES_PACKAGE)
            and cls.model_config.get("defer_build")
            and not cls.__pydantic_complete__
        ):
            _pending.append((cls.__module__, namespace))
            return None
        if options.get("force") or not cls.__pydantic_complete__:
            _publish_pending()
        # One frame deeper than pydantic expects: look one frame further for the caller's names.
        options["_parent_namespace_depth"] = options.get("_parent_namespace_depth", 2) + 1
        return eager(cls, **options)

    model_rebuild._lazy = True  # type: ignore[attr-defined]
    BaseModel.model_rebuild = classmethod(model_rebuild)  # type: ignore[method-assign,assignment]


def _publish_pending() -> None:
    """Give each deferred type's module the names aiogram would have rebuilt it with."""
    while _pending:
        module_name, namespace = _pending.pop()
        module = vars(sys.modules[module_name])
        for name, value in namespace.items():
            module.setdefault(name, value)

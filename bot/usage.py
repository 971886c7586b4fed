"""A coordinator's request that cannot be carried out, as a translation key and its values."""

from __future__ import annotations


class Usage(ValueError):
    """A bad command argument: `key` and `values` make the one translated line explaining it."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values

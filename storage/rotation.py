"""Re-encrypt every stored secret under the current key and re-hash the look-up ids."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage.crypto import Cipher
from storage.models import Conversation, HeldMessage, InboundUpdate, Person

ENCRYPTED = {
    Person: ("chat_id_enc", "ban_reason_enc"),
    Conversation: ("handover_note_enc", "first_preview_enc"),
    HeldMessage: ("payload_enc",),
    InboundUpdate: ("body",),
}


async def rotate_keys(sessions: async_sessionmaker[AsyncSession], cipher: Cipher) -> int:
    """Rotate every encrypted value to the first key; returns how many values were rewritten."""
    rewritten = 0
    async with sessions() as session:
        for model, columns in ENCRYPTED.items():
            for row in await session.scalars(select(model)):
                for column in columns:
                    token = getattr(row, column)
                    if token is not None:
                        setattr(row, column, cipher.rotate(token))
                        rewritten += 1
                if isinstance(row, Person):
                    row.id_hash = cipher.lookup_hash(cipher.chat_id(row.chat_id_enc))
        await session.commit()
    return rewritten

"""Previous/Next buttons through the pages of one long answer.

Only the person who asked can turn the pages: an answer in a busy channel
should not change under its reader because someone else pressed a button.
The buttons are disabled when the view times out, so nobody presses a button
that no longer answers (Discord would show "This interaction failed").
"""
from __future__ import annotations

import logging
from collections.abc import Sequence

import discord

from adapters.discord import texts
from adapters.discord.render import NO_MENTIONS, clean

log = logging.getLogger(__name__)

PAGE_TIMEOUT = 600.0  # seconds a pager answers presses after the last one


class Pager(discord.ui.View):
    """Shows ``pages[index]`` of an answer; ``shown_by`` says how to edit that answer when the view times out.

    ``shown_by`` is the bot's own message (a reply to a mention, edited with the
    bot token) or the latest interaction that showed the answer (the slash
    command, then each press). An interaction token lasts 15 minutes and the
    view times out ``PAGE_TIMEOUT`` after the latest press, so the token used
    to disable the buttons is still valid.
    """

    def __init__(self, pages: Sequence[discord.Embed], owner: discord.abc.User, timeout: float = PAGE_TIMEOUT) -> None:
        super().__init__(timeout=timeout)
        self.pages = list(pages)
        self.owner = owner
        self.index = 0
        self.shown_by: discord.Message | discord.Interaction | None = None
        self._update_buttons()

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        if interaction.user.id == self.owner.id:
            return True
        await interaction.response.send_message(
            texts.ONLY_OWNER.format(name=clean(self.owner.display_name)),
            ephemeral=True,
            allowed_mentions=NO_MENTIONS,
        )
        return False

    @discord.ui.button(label=texts.PREVIOUS, style=discord.ButtonStyle.secondary, custom_id="newsdesk:previous")
    async def previous(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await self._show(interaction, self.index - 1)

    @discord.ui.button(label=texts.NEXT, style=discord.ButtonStyle.primary, custom_id="newsdesk:next")
    async def next(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await self._show(interaction, self.index + 1)

    async def on_timeout(self) -> None:
        for item in self.children:
            item.disabled = True
        try:
            if isinstance(self.shown_by, discord.Interaction):
                await self.shown_by.edit_original_response(view=self, allowed_mentions=NO_MENTIONS)
            elif self.shown_by is not None:
                await self.shown_by.edit(view=self, allowed_mentions=NO_MENTIONS)
        except discord.HTTPException as exc:  # deleted message, lost access: nothing left to disable
            log.info("could not disable the page buttons: %s", exc)

    async def _show(self, interaction: discord.Interaction, index: int) -> None:
        self.index = max(0, min(index, len(self.pages) - 1))
        self._update_buttons()
        self.shown_by = interaction
        await interaction.response.edit_message(embed=self.pages[self.index], view=self, allowed_mentions=NO_MENTIONS)

    def _update_buttons(self) -> None:
        self.previous.disabled = self.index == 0
        self.next.disabled = self.index == len(self.pages) - 1

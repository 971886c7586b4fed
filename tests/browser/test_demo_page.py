"""What someone trying `praatmaat demo` sees and does in a browser, step by step on screenshots."""

from __future__ import annotations

import re

from playwright.async_api import expect

from tests.browser.conftest import Screen


async def test_a_student_and_a_praatmaat_talk_and_the_student_stays_anonymous(
    screen: Screen,
) -> None:
    await expect(screen.page.locator(".banner")).to_contain_text("Simulation")
    await screen.shot("the-cast-on-duty")
    await screen.phone("Coco").get_by_role("button", name="Menu").click()
    await expect(screen.phone("Coco").locator(".menu")).to_contain_text("/invite")
    await screen.phone("Anna").get_by_role("button", name="Menu").click()
    await expect(screen.phone("Anna").locator(".menu")).to_contain_text("/talk")
    await expect(screen.phone("Anna").locator(".menu")).not_to_contain_text("/invite")
    await screen.shot("menus-per-role")
    for name in ("Coco", "Anna"):
        await screen.phone(name).get_by_role("button", name="Menu").click()

    await screen.write("Anna", "Hi, I had a rough week")
    await screen.bubble("Anna", "number 1 in line").wait_for()
    card = screen.bubble("Robin", "rough week")
    await card.get_by_role("button", name="Accept").click()
    await screen.bubble("Anna", "Robin is here").wait_for()
    await screen.bubble("Robin", "Hi, I had a rough week").wait_for()
    await expect(screen.bubble("Sam", "taken")).to_be_visible()
    await screen.shot("accepted")

    await screen.write("Robin", "I'm here. What happened this week?")
    await screen.bubble("Anna", "What happened this week?").wait_for()
    await screen.write("Anna", "My exams went badly")
    await screen.bubble("Robin", "My exams went badly").wait_for()
    await screen.shot("text-both-ways")

    anna = screen.phone("Anna")
    await anna.locator("input.text").fill("my notes, look")
    await anna.get_by_role("button", name="Attach").click()
    await anna.get_by_role("button", name="Photo").click()
    photo = screen.phone("Robin").locator(".message.bot .card.photo img").last
    await photo.wait_for()
    await expect(screen.bubble("Robin", "my notes, look")).to_be_visible()
    robin = screen.phone("Robin")
    await robin.get_by_role("button", name="Attach").click()
    await robin.get_by_role("button", name="Photo").click()
    await anna.locator(".message.bot .card.photo img").last.wait_for()
    await screen.shot("photos-both-ways")

    for supporter in ("Robin", "Sam"):
        seen = await screen.phone(supporter).inner_text()
        assert "Anna" not in seen and "Peeters" not in seen
        assert "Student " in seen or supporter == "Sam"


async def test_a_message_left_while_closed_gets_the_next_opening_and_is_delivered_at_opening(
    screen: Screen,
) -> None:
    await screen.page.get_by_role("button", name="Evening").click()
    await expect(screen.page.locator("#clock-state")).to_have_text("closed")
    await screen.bubble("Robin", "off duty").wait_for()
    await screen.shot("evening")

    await screen.write("Anna", "Is anyone there tonight?")
    closed = screen.bubble("Anna", "We're closed right now")
    # "Evening" jumps to the next weekday evening: a Friday's says Monday, the others tomorrow.
    await expect(closed).to_contain_text(re.compile(r"We're back (tomorrow|Monday) at 09:00"))
    await screen.shot("closed-answer")
    await closed.get_by_role("button", name="Leave a message").click()
    await screen.bubble("Anna", "pick it up when we open").wait_for()
    await screen.write("Anna", "I just need to talk to someone")
    await screen.shot("message-left")

    await screen.page.get_by_role("button", name="Open now").click()
    await expect(screen.page.locator("#clock-state")).to_have_text("open")
    await screen.bubble("Robin", "Praatmaat is open. 1 request is waiting").wait_for()
    card = screen.bubble("Robin", "Left while we were closed")
    await card.get_by_role("button", name="Accept").click()
    await screen.bubble("Robin", "I just need to talk to someone").wait_for()
    await expect(screen.bubble("Robin", "Is anyone there tonight?")).to_be_visible()
    await screen.bubble("Anna", "Robin is here").wait_for()
    await screen.shot("delivered-at-opening")


async def test_a_practice_that_turns_acute_shows_contacts_and_banner_and_ends_with_the_checklist(
    screen: Screen,
) -> None:
    await screen.page.select_option("#scenario", "turns-acute")
    await screen.page.get_by_role("button", name="Start practice").click()
    await expect(screen.page.locator("#practice-brief")).to_contain_text("Ask directly")
    card = screen.bubble("Robin", "disappear")
    await card.get_by_role("button", name="Accept").click()
    await screen.bubble("Robin", "Sometimes I just want to disappear").wait_for()
    await screen.shot("practice-accepted")

    await screen.write("Robin", "I'm here with you. Are you thinking about suicide?")
    await screen.bubble("scripted", "saving up pills", mine=True).wait_for()
    contacts = screen.bubble("scripted", "Your safety comes first")
    await expect(contacts).to_contain_text("1813")
    await screen.bubble("Robin", "may be in acute danger").wait_for()
    await screen.bubble("Coco", "Crisis alert").wait_for()
    await screen.shot("acute-contacts-banner-alert")

    await screen.write("Robin", "/escalate")
    await screen.bubble("Coco", "asks for support").wait_for()
    await screen.write("Robin", "Thank you for telling me. I'm staying with you.")
    await screen.bubble("Robin", "Please don't tell anyone").wait_for()
    await screen.write("Robin", "I can't keep this to myself. Please call 1813 now.")
    await screen.bubble("Robin", "Will you stay here").wait_for()
    await screen.write("Robin", "Take care, I'm really glad you told me.")
    await screen.write("Robin", "/end")
    await screen.bubble("Robin", "end").get_by_role("button", name="Yes, end it").click()
    checklist = screen.page.locator("#checklist")
    await expect(checklist).to_contain_text("Checklist: A concern that turns acute (6 of 6)")
    await expect(checklist.locator(".done")).to_have_count(6)
    await screen.shot("checklist")

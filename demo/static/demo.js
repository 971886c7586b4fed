// The demo page: one phone per person, kept live over a websocket. No build step, no library.
"use strict";

const state = { phones: [], chats: {}, menus: {}, replyTo: {}, socket: null, clock: null };
const MAX_CALLS = 200;

function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (value !== false && value !== null && value !== undefined) node.setAttribute(key, value);
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

function send(request) {
  if (state.socket && state.socket.readyState === WebSocket.OPEN) {
    state.socket.send(JSON.stringify(request));
  }
}

function connect() {
  const socket = new WebSocket(`ws://${location.host}/ws`);
  state.socket = socket;
  socket.addEventListener("open", () => setConnection(""));
  socket.addEventListener("message", (event) => receive(JSON.parse(event.data)));
  socket.addEventListener("close", () => {
    setConnection("Disconnected: is the demo still running? Trying again…");
    setTimeout(connect, 2000);
  });
}

function setConnection(text) {
  document.getElementById("connection").textContent = text;
}

let greeted = false;
function receive(event) {
  if (event.type === "hello") {
    greeted = true;
    state.phones = event.phones;
    state.chats = event.chats;
    state.menus = event.menus;
    fillScenarios(event.scenarios);
    showClock(event.clock);
    drawPhones();
    return;
  }
  if (!greeted) return; // what happened before the greeting is in it
  if (event.type === "message") upsert(event.chat, event.message);
  else if (event.type === "menu") { state.menus[event.chat] = event.commands; drawMenu(event.chat); }
  else if (event.type === "toast") toast(event.chat, event.text);
  else if (event.type === "clock") showClock(event);
  else if (event.type === "phones") { state.phones = event.phones; drawPhones(); }
  else if (event.type === "practice") showBrief(event);
  else if (event.type === "checklist") showChecklist(event);
  else if (event.type === "call") logCall(event);
  else if (event.type === "refused") console.warn("refused:", event.reason);
}

function fillScenarios(scenarios) {
  const select = document.getElementById("scenario");
  select.replaceChildren(...scenarios.map((s) => el("option", { value: s.id }, s.title)));
}

function showClock(clock) {
  state.clock = { ...clock, receivedAt: Date.now() };
  document.getElementById("clock-time").textContent = clock.time;
  const badge = document.getElementById("clock-state");
  badge.textContent = clock.open ? "open" : "closed";
  badge.className = `state ${clock.open ? "open" : "closed"}`;
}

function drawPhones() {
  const main = document.getElementById("phones");
  main.replaceChildren(...state.phones.map(phoneView));
  for (const phone of state.phones) {
    for (const message of state.chats[phone.id] || []) upsert(phone.id, message, false);
    drawMenu(phone.id);
  }
}

function phoneView(phone) {
  const list = el("ol", { class: "messages", "aria-live": "polite", "aria-label": `Chat of ${phone.title}` });
  const menuButton = el("button", {
    type: "button", class: "menu-button", "aria-expanded": "false", "aria-haspopup": "true",
    onclick: () => toggle(article.querySelector(".menu"), menuButton),
  }, "/ Menu");
  const article = el("article", { class: `phone role-${phone.role}`, "data-phone": phone.id, "aria-label": phone.title },
    el("header", { class: "phone-title" }, el("h2", {}, phone.title), phone.scripted ? null : menuButton),
    el("ul", { class: "menu", hidden: true }),
    list,
    el("div", { class: "toast", role: "status", hidden: true }),
    phone.scripted ? el("p", { class: "scripted" }, "Scripted: this student answers by itself.") : composer(phone),
  );
  return article;
}

function composer(phone) {
  const input = el("input", { class: "text", type: "text", autocomplete: "off", placeholder: "Message", "aria-label": `Message as ${phone.title}` });
  const attachMenu = el("div", { class: "attach-menu", hidden: true, role: "group", "aria-label": "Send a sample file" },
    ...[["photo", "Photo"], ["document", "File"], ["voice", "Voice message"]].map(([kind, label]) =>
      el("button", { type: "button", "data-kind": kind, onclick: () => {
        send({ type: "attach", phone: phone.id, kind, caption: input.value });
        input.value = "";
        attachMenu.hidden = true;
        attach.setAttribute("aria-expanded", "false");
      } }, label)),
  );
  const attach = el("button", { type: "button", class: "attach", "aria-label": "Attach", "aria-haspopup": "true", "aria-expanded": "false", onclick: () => toggle(attachMenu, attach) }, "+");
  const replying = el("div", { class: "replying", hidden: true },
    el("span", {}), el("button", { type: "button", "aria-label": "Cancel the reply", onclick: () => setReply(phone.id, null) }, "×"));
  const form = el("form", { class: "composer", onsubmit: (event) => {
    event.preventDefault();
    if (!input.value.trim()) return;
    send({ type: "send", phone: phone.id, text: input.value, reply_to: state.replyTo[phone.id] || null });
    input.value = "";
    setReply(phone.id, null);
  } }, attach, input, el("button", { type: "submit", class: "send" }, "Send"));
  return el("div", { class: "compose" }, replying, attachMenu, form);
}

function toggle(panel, button) {
  panel.hidden = !panel.hidden;
  button.setAttribute("aria-expanded", String(!panel.hidden));
}

function phoneNode(chat) {
  return document.querySelector(`.phone[data-phone="${chat}"]`);
}

function upsert(chat, message, remember = true) {
  if (remember) {
    const chats = state.chats[chat] || (state.chats[chat] = []);
    const index = chats.findIndex((m) => m.id === message.id);
    if (index >= 0) chats[index] = message; else chats.push(message);
  }
  const phone = phoneNode(chat);
  if (!phone) return;
  const list = phone.querySelector(".messages");
  const node = bubble(chat, message);
  const old = list.querySelector(`[data-id="${message.id}"]`);
  if (old) old.replaceWith(node); else list.append(node);
  list.scrollTop = list.scrollHeight;
}

function bubble(chat, message) {
  const parts = [];
  if (message.reply) parts.push(el("blockquote", { class: "reply" }, message.reply.text || "…"));
  if (message.card) parts.push(card(message.card));
  if (message.text) parts.push(el("p", { class: "text" }, message.text));
  const meta = el("span", { class: "meta" }, `${message.edited ? "edited " : ""}${message.time}`);
  const actions = el("span", { class: "actions" },
    el("button", { type: "button", class: "reply-to", "aria-label": "Reply to this message", onclick: () => setReply(chat, message) }, "↩"),
    message.mine && !message.card ? el("button", { type: "button", class: "edit", "aria-label": "Edit this message", onclick: () => edit(chat, message) }, "✎") : null,
  );
  const scripted = (state.phones.find((p) => p.id === Number(chat)) || {}).scripted;
  const keyboard = message.buttons.length ? el("div", { class: "keyboard" },
    ...message.buttons.map((row) => el("div", { class: "row" },
      ...row.map((button) => el("button", {
        type: "button", disabled: scripted || null,
        onclick: () => send({ type: "press", phone: Number(chat), message: message.id, data: button.data }),
      }, button.text))))) : null;
  return el("li", { class: `message ${message.mine ? "mine" : "bot"}`, "data-id": message.id },
    el("div", { class: "bubble" }, ...parts, meta, scripted ? null : actions), keyboard);
}

function card(media) {
  if (media.url) {
    return el("figure", { class: "card photo" }, el("img", { src: media.url, alt: media.name }), el("figcaption", {}, media.name));
  }
  return el("div", { class: `card ${media.kind}` }, el("span", { class: "icon", "aria-hidden": "true" }, media.kind.replace("_", " ")), media.name);
}

function setReply(chat, message) {
  state.replyTo[chat] = message ? message.id : null;
  const phone = phoneNode(chat);
  const replying = phone && phone.querySelector(".replying");
  if (!replying) return;
  replying.hidden = !message;
  replying.querySelector("span").textContent = message ? `Replying to: ${(message.text || (message.card || {}).name || "").slice(0, 60)}` : "";
  if (message) phone.querySelector("input.text").focus();
}

function edit(chat, message) {
  const text = prompt("Edit your message", message.text);
  if (text && text !== message.text) send({ type: "edit", phone: Number(chat), message: message.id, text });
}

function drawMenu(chat) {
  const phone = phoneNode(chat);
  if (!phone) return;
  const menu = phone.querySelector(".menu");
  menu.replaceChildren(...(state.menus[chat] || []).map((c) => el("li", {},
    el("button", { type: "button", onclick: () => {
      send({ type: "send", phone: Number(chat), text: `/${c.command}` });
      menu.hidden = true;
    } }, el("code", {}, `/${c.command}`), ` ${c.description}`))));
}

function toast(chat, text) {
  const node = phoneNode(chat) && phoneNode(chat).querySelector(".toast");
  if (!node) return;
  node.textContent = text;
  node.hidden = false;
  clearTimeout(node.timer);
  node.timer = setTimeout(() => { node.hidden = true; }, 4000);
}

function showBrief(event) {
  const brief = document.getElementById("practice-brief");
  brief.replaceChildren(el("h2", {}, `Practice: ${event.title}`), el("p", {}, event.brief),
    el("p", {}, "You are a praatmaat: accept the scripted student's request on Robin's (or Sam's) phone and talk."));
  brief.hidden = false;
  document.getElementById("checklist").hidden = true;
  document.getElementById("finish").hidden = false;
}

function showChecklist(event) {
  const list = document.getElementById("checklist");
  const done = event.items.filter((item) => item.done).length;
  list.replaceChildren(
    el("h2", {}, `Checklist: ${event.title} (${done} of ${event.items.length})`),
    el("ul", {}, ...event.items.map((item) => el("li", { class: item.done ? "done" : "missed" },
      el("span", { "aria-hidden": "true" }, item.done ? "✓ " : "✗ "),
      el("span", { class: "sr-only" }, item.done ? "done: " : "not done: "), item.label))));
  list.hidden = false;
  document.getElementById("finish").hidden = true;
}

function logCall(event) {
  const calls = document.getElementById("calls");
  const phone = state.phones.find((p) => p.id === event.chat);
  calls.prepend(el("li", {}, el("code", {}, event.method), phone ? ` → ${phone.title}` : ""));
  while (calls.children.length > MAX_CALLS) calls.lastChild.remove();
}

function tickClock() {
  const clock = state.clock;
  if (!clock) return;
  const now = new Date((clock.epoch * 1000) + (Date.now() - clock.receivedAt));
  const text = new Intl.DateTimeFormat("en-GB", {
    timeZone: clock.zone, weekday: "short", day: "2-digit", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit",
  }).format(now);
  document.getElementById("clock-time").textContent = text;
}

document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll("[data-clock]")) {
    button.addEventListener("click", () => send({ type: "clock", choice: button.dataset.clock }));
  }
  document.getElementById("practice-form").addEventListener("submit", (event) => {
    event.preventDefault();
    send({ type: "practice", scenario: document.getElementById("scenario").value });
  });
  document.getElementById("finish").addEventListener("click", () => send({ type: "finish" }));
  setInterval(tickClock, 1000);
  connect();
});

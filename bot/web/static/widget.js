/*
 * Patient complaint chat widget. Embed with one tag:
 *   <script src="https://office.example/widget/widget.js" data-server="https://chat.example" defer></script>
 * data-server: the Rasa server (socket.io channel); data-title: the panel's heading;
 * data-path: socket.io path (default /socket.io).
 *
 * The server issues the session: we keep its signed token in localStorage and present it on
 * every (re)connect, so a reload resumes the conversation and shows its history.
 * Everything the patient or the bot wrote is inserted with textContent, never as HTML.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || window.__complaintWidget) { return; }
  window.__complaintWidget = true;

  var base = script.src.replace(/[^/]*$/, "");
  var config = {
    server: script.getAttribute("data-server") || window.location.origin,
    title: script.getAttribute("data-title") || "Tell us what went wrong",
    path: script.getAttribute("data-path") || "/socket.io"
  };
  var TOKEN_KEY = "complaintWidget.session." + config.server;
  var OPEN_KEY = "complaintWidget.open";
  var REPLY_TIMEOUT_MS = 60000;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function store(action, key, value) {
    try {
      if (action === "get") { return window.localStorage.getItem(key); }
      if (action === "set") { window.localStorage.setItem(key, value); }
      if (action === "remove") { window.localStorage.removeItem(key); }
    } catch (e) { /* storage blocked: the conversation just will not survive a reload */ }
    return null;
  }

  /* ---------- DOM ---------- */
  var stylesheet = el("link");
  stylesheet.rel = "stylesheet";
  stylesheet.href = base + "widget.css";
  document.head.appendChild(stylesheet);

  var root = el("div", "cw-root");
  var launcher = el("button", "cw-launcher", "Chat with us");
  launcher.type = "button";
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", "cw-panel");

  var panel = el("section", "cw-panel");
  panel.id = "cw-panel";
  panel.hidden = true;
  panel.setAttribute("aria-labelledby", "cw-title");

  var header = el("div", "cw-header");
  var title = el("h2", "cw-title", config.title);
  title.id = "cw-title";
  var close = el("button", "cw-close", "\u00d7");
  close.type = "button";
  close.setAttribute("aria-label", "Close chat");
  header.appendChild(title);
  header.appendChild(close);

  var log = el("div", "cw-log");
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  log.setAttribute("aria-relevant", "additions");
  log.setAttribute("aria-label", "Conversation");
  log.tabIndex = 0;

  var typing = el("div", "cw-typing");
  typing.hidden = true;
  typing.setAttribute("role", "status");
  typing.appendChild(el("span", "cw-typing-dots", "The office assistant is typing"));

  var errorBox = el("div", "cw-error");
  errorBox.hidden = true;
  errorBox.setAttribute("role", "alert");
  var errorText = el("p", "", "");
  var retry = el("button", "cw-retry", "Retry");
  retry.type = "button";
  errorBox.appendChild(errorText);
  errorBox.appendChild(retry);

  var form = el("form", "cw-form");
  var label = el("label", "cw-sr", "Your message");
  label.htmlFor = "cw-input";
  var input = el("textarea", "cw-input");
  input.id = "cw-input";
  input.rows = 1;
  input.maxLength = 4000;
  input.placeholder = "Type your message";
  input.setAttribute("aria-describedby", "cw-hint");
  var hint = el("span", "cw-sr", "Press Enter to send, Shift and Enter for a new line.");
  hint.id = "cw-hint";
  var send = el("button", "cw-send", "Send");
  send.type = "submit";
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(hint);
  form.appendChild(send);

  panel.appendChild(header);
  panel.appendChild(log);
  panel.appendChild(typing);
  panel.appendChild(errorBox);
  panel.appendChild(form);
  root.appendChild(panel);
  root.appendChild(launcher);
  document.body.appendChild(root);

  /* ---------- conversation view ---------- */
  function scrollDown() { log.scrollTop = log.scrollHeight; }

  function addMessage(sender, text) {
    var bubble = el("div", "cw-msg " + (sender === "user" ? "cw-user" : "cw-bot"));
    bubble.appendChild(el("span", "cw-sr", sender === "user" ? "You: " : "Office assistant: "));
    bubble.appendChild(document.createTextNode(text));
    log.appendChild(bubble);
    scrollDown();
    return bubble;
  }

  function disableChoices() {
    var old = log.querySelectorAll(".cw-choice");
    for (var i = 0; i < old.length; i++) { old[i].disabled = true; }
  }

  function addChoices(buttons) {
    if (!buttons || !buttons.length) { return; }
    var group = el("div", "cw-choices");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Quick answers");
    buttons.forEach(function (button) {
      var choice = el("button", "cw-choice", String(button.title));
      choice.type = "button";
      choice.addEventListener("click", function () {
        sendText(String(button.payload), String(button.title));
      });
      group.appendChild(choice);
    });
    log.appendChild(group);
    scrollDown();
  }

  function addBotMessage(message) {
    if (message.text) { addMessage("bot", message.text); }
    addChoices(message.quick_replies || message.buttons);
  }

  function showHistory(lines) {
    while (log.firstChild) { log.removeChild(log.firstChild); }
    lines.forEach(function (line, index) {
      addMessage(line.sender, line.text);
      if (index === lines.length - 1 && line.sender === "bot") { addChoices(line.buttons); }
    });
  }

  function showError(message) {
    errorText.textContent = message;
    errorBox.hidden = false;
  }

  function clearError() { errorBox.hidden = true; }

  /* ---------- open / close ---------- */
  function openPanel(focusInput) {
    panel.hidden = false;
    launcher.setAttribute("aria-expanded", "true");
    launcher.textContent = "Hide chat";
    store("set", OPEN_KEY, "1");
    connect();
    if (focusInput) { input.focus(); }
  }

  function closePanel() {
    panel.hidden = true;
    launcher.setAttribute("aria-expanded", "false");
    launcher.textContent = "Chat with us";
    store("remove", OPEN_KEY);
    launcher.focus();
  }

  launcher.addEventListener("click", function () {
    if (panel.hidden) { openPanel(true); } else { closePanel(); }
  });
  close.addEventListener("click", closePanel);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { closePanel(); }
  });

  /* ---------- connection ---------- */
  var socket = null;
  var ready = false;
  var sendWhenReady = false;

  function loadClient(then) {
    if (window.io) { then(); return; }
    var tag = el("script");
    tag.src = base + "socket.io.min.js";
    tag.onload = then;
    tag.onerror = function () { showError("The chat could not load. Please try again later."); };
    document.head.appendChild(tag);
  }

  function connect() {
    if (socket) { if (!socket.connected) { socket.connect(); } return; }
    loadClient(function () {
      socket = window.io(config.server, { path: config.path });
      socket.on("connect", function () {
        socket.emit("session_request", { session_token: store("get", TOKEN_KEY) });
      });
      socket.on("session_confirm", function (session) {
        store("set", TOKEN_KEY, session.session_token);
        if (session.resumed && session.history && session.history.length) {
          showHistory(session.history);
        }
        ready = true;
        clearError();
        if (sendWhenReady) { sendWhenReady = false; submit(); }
      });
      socket.on("bot_uttered", function (message) {
        addBotMessage(message || {});
      });
      socket.on("disconnect", function () {
        ready = false;
        typing.hidden = true;
      });
      socket.on("connect_error", function () {
        ready = false;
        showError("We can't reach the office chat right now. Your message is kept; press Retry.");
      });
    });
  }

  retry.addEventListener("click", function () {
    clearError();
    if (ready) { submit(); return; }
    sendWhenReady = input.value.trim() !== "";
    connect();
    input.focus();
  });

  /* ---------- sending ---------- */
  function sendText(message, shown) {
    if (!ready) {
      if (shown === message) { input.value = message; }
      showError("We can't reach the office chat right now. Your message is kept; press Retry.");
      return false;
    }
    clearError();
    disableChoices();
    var bubble = addMessage("user", shown);
    typing.hidden = false;
    scrollDown();
    socket.timeout(REPLY_TIMEOUT_MS).emit("user_uttered", { message: message }, function (err, answer) {
      typing.hidden = true;
      if (!err && answer && answer.ok) { return; }
      log.removeChild(bubble);
      if (shown === message && input.value.trim() === "") { input.value = message; }
      if (err) {
        showError("The office chat did not answer. Your message is kept; press Retry.");
      } else {
        showError(answer && typeof answer.notice === "string" && answer.notice
          ? answer.notice
          : "That message could not be sent. Please shorten it and try again.");
      }
    });
    input.focus();
    return true;
  }

  function submit() {
    var text = input.value.trim();
    if (!text) { input.focus(); return; }
    if (sendText(text, text)) { input.value = ""; }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    submit();
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    }
  });

  if (store("get", OPEN_KEY)) { openPanel(false); }
}());

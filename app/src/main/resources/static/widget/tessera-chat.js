/*
 * Tessera chat widget: one <script> tag, no build, no dependencies.
 *
 *   <script src="https://tessera.example.com/widget/tessera-chat.js"
 *           data-assistant="ecommerce-support" data-api-key="tsk_…" data-title="Questions?"></script>
 *
 * It talks to the server the script came from: starts a conversation, streams each reply (server-sent events over a
 * POST), shows the sources it cites, and offers a "Talk to a person" button. A key used in a web page is visible to
 * its visitors: issue one limited to this assistant, and list the page's origin in tessera.security.allowed-origins.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var base = new URL(script.src, document.baseURI).origin;
  var assistant = script.getAttribute("data-assistant");
  var apiKey = script.getAttribute("data-api-key");
  var title = script.getAttribute("data-title") || "Chat with us";
  var handoffText = script.getAttribute("data-handoff-message") || "I want to talk to a person";
  if (!assistant) {
    console.error("tessera-chat: data-assistant is required");
    return;
  }

  var host = document.createElement("div");
  host.id = "tessera-chat";
  document.body.appendChild(host);
  // a shadow root keeps the page's styles and the widget's apart
  var root = host.attachShadow({ mode: "open" });
  root.innerHTML =
    '<style>' +
    ':host{all:initial}' +
    '.launcher{position:fixed;right:20px;bottom:20px;border:0;border-radius:24px;padding:12px 18px;background:#2f5bd3;color:#fff;font:15px system-ui,sans-serif;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.2)}' +
    '.panel{position:fixed;right:20px;bottom:76px;width:360px;max-width:calc(100vw - 40px);height:480px;max-height:calc(100vh - 100px);display:none;flex-direction:column;background:#fff;border:1px solid #dde1ea;border-radius:12px;box-shadow:0 8px 28px rgba(0,0,0,.18);font:14px/1.45 system-ui,sans-serif;color:#1d2433;overflow:hidden}' +
    '.panel.open{display:flex}' +
    'header{padding:10px 14px;background:#2f5bd3;color:#fff;font-weight:600;display:flex;justify-content:space-between;align-items:center}' +
    'header button{background:none;border:0;color:#fff;font-size:18px;cursor:pointer}' +
    '.log{flex:1;overflow-y:auto;padding:10px 12px}' +
    '.msg{margin:6px 0;padding:8px 10px;border-radius:10px;max-width:85%;white-space:pre-wrap;word-wrap:break-word}' +
    '.user{background:#2f5bd3;color:#fff;margin-left:auto}' +
    '.assistant{background:#f1f3f8}' +
    '.sources{margin-top:6px;font-size:12px;color:#6b7385}' +
    '.sources li{margin-left:14px}' +
    '.note{font-size:12px;color:#6b7385;margin:4px 0}' +
    'form{display:flex;gap:6px;padding:8px;border-top:1px solid #dde1ea}' +
    'input{flex:1;font:inherit;padding:8px;border:1px solid #dde1ea;border-radius:8px}' +
    'form button,.person{font:inherit;border-radius:8px;border:1px solid #2f5bd3;background:#2f5bd3;color:#fff;padding:8px 10px;cursor:pointer}' +
    '.person{background:#fff;color:#2f5bd3;margin:0 8px 8px}' +
    '</style>' +
    '<button class="launcher" part="launcher"></button>' +
    '<section class="panel" role="dialog">' +
    '<header><span class="title"></span><button class="close" aria-label="Close">×</button></header>' +
    '<div class="log" aria-live="polite"></div>' +
    '<button class="person" type="button">Talk to a person</button>' +
    '<form><input name="message" autocomplete="off" placeholder="Type your question…" aria-label="Message"><button type="submit">Send</button></form>' +
    '</section>';
  var launcher = root.querySelector(".launcher");
  var panel = root.querySelector(".panel");
  var log = root.querySelector(".log");
  var form = root.querySelector("form");
  var input = root.querySelector("input");
  launcher.textContent = title;
  root.querySelector(".title").textContent = title;
  launcher.addEventListener("click", function () {
    panel.classList.toggle("open");
    input.focus();
  });
  root.querySelector(".close").addEventListener("click", function () {
    panel.classList.remove("open");
  });

  var conversation = null;
  var busy = false;

  function headers(extra) {
    var h = extra || {};
    if (apiKey) {
      h["Authorization"] = "Bearer " + apiKey;
    }
    return h;
  }

  function bubble(role, text) {
    var div = document.createElement("div");
    div.className = "msg " + role;
    div.textContent = text;
    log.appendChild(div);
    log.scrollTop = log.scrollHeight;
    return div;
  }

  function problem(response) {
    return response.json().then(function (p) {
      throw new Error(p.detail || p.title || ("HTTP " + response.status));
    }, function () {
      throw new Error("HTTP " + response.status);
    });
  }

  function start() {
    if (conversation) {
      return Promise.resolve(conversation);
    }
    return fetch(base + "/api/v1/assistants/" + encodeURIComponent(assistant) + "/conversations",
      { method: "POST", headers: headers({ "Accept": "application/json" }) })
      .then(function (r) { return r.ok ? r.json() : problem(r); })
      .then(function (c) { conversation = c.id; return conversation; });
  }

  // Reads a text/event-stream body: events are separated by a blank line, fields are "event:" and "data:".
  function readEvents(response, onEvent) {
    var reader = response.body.getReader();
    var decoder = new TextDecoder();
    var buffer = "";
    function pump() {
      return reader.read().then(function (chunk) {
        if (chunk.done) {
          return;
        }
        buffer += decoder.decode(chunk.value, { stream: true }).replace(/\r\n/g, "\n");
        var end;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          var raw = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          var name = "message", data = [];
          raw.split("\n").forEach(function (line) {
            if (line.indexOf("event:") === 0) { name = line.slice(6).trim(); }
            else if (line.indexOf("data:") === 0) { data.push(line.slice(5).replace(/^ /, "")); }
          });
          onEvent(name, data.join("\n"));
        }
        return pump();
      });
    }
    return pump();
  }

  function showSources(div, citations) {
    if (!citations || !citations.length) {
      return;
    }
    var list = document.createElement("ul");
    list.className = "sources";
    citations.forEach(function (c) {
      var item = document.createElement("li");
      item.textContent = c.title + (c.section ? " — " + c.section : "");
      list.appendChild(item);
    });
    var label = document.createElement("div");
    label.className = "sources";
    label.textContent = "Sources:";
    div.appendChild(label);
    div.appendChild(list);
  }

  function send(text) {
    if (busy || !text.trim()) {
      return;
    }
    busy = true;
    bubble("user", text);
    var reply = bubble("assistant", "…");
    var started = false;
    start().then(function (id) {
      return fetch(base + "/api/v1/conversations/" + id + "/messages", {
        method: "POST",
        headers: headers({ "Content-Type": "application/json", "Accept": "text/event-stream" }),
        body: JSON.stringify({ message: text })
      });
    }).then(function (response) {
      if (!response.ok) {
        return problem(response);
      }
      return readEvents(response, function (name, data) {
        var payload = data ? JSON.parse(data) : {};
        if (name === "delta") {
          reply.textContent = (started ? reply.textContent + " " : "") + payload.text;
          started = true;
        } else if (name === "done") {
          reply.textContent = payload.text;
          reply.setAttribute("data-route", payload.route);
          showSources(reply, payload.citations);
          if (payload.route === "HANDOFF_HUMAN") {
            var note = document.createElement("div");
            note.className = "note";
            note.textContent = "A person from our team will reply here.";
            reply.appendChild(note);
          }
        } else if (name === "error") {
          reply.textContent = "Sorry, something went wrong: " + (payload.detail || "please try again.");
        }
        log.scrollTop = log.scrollHeight;
      });
    }).catch(function (error) {
      reply.textContent = "Sorry, the message could not be sent: " + error.message;
    }).then(function () {
      busy = false;
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value;
    input.value = "";
    send(text);
  });
  root.querySelector(".person").addEventListener("click", function () {
    panel.classList.add("open");
    send(handoffText);
  });
})();

// The warning before a login ends: idle for too long, or at the end of its longest life.
// The server decides (office/sessions.py) and tells each page the seconds left; this script
// shows templates/_session_notice.html in time and offers "继续使用", which pings the
// keep-alive URL. Before warning it asks the server again: another tab may have been in use.
(function () {
  "use strict";
  var box = document.getElementById("sb-session");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-url");
  var loginUrl = box.getAttribute("data-login-url");
  var csrf = box.getAttribute("data-csrf");
  var warning = parseInt(box.getAttribute("data-warning"), 10) || 120;
  var countdowns = box.querySelectorAll("[data-countdown]");
  var timer = null;
  var ticker = null;
  var endsAt = 0;
  var mode = "idle";
  var ending = false;

  function left(idle, absolute) {
    var none = idle === "" || idle === null || idle === undefined;
    return { idle: none ? null : Number(idle), absolute: Number(absolute) };
  }

  function fromHeader(value) {
    var idle = /idle=(\d*)/.exec(value);
    var absolute = /absolute=(\d+)/.exec(value);
    return absolute ? left(idle ? idle[1] : "", absolute[1]) : null;
  }

  function schedule(time) {
    clearTimeout(timer);
    ending = false;
    var now = Date.now();
    var idleEnd = time.idle === null ? Infinity : now + time.idle * 1000;
    var absoluteEnd = now + time.absolute * 1000;
    mode = absoluteEnd <= idleEnd ? "absolute" : "idle";
    endsAt = Math.min(idleEnd, absoluteEnd);
    var wait = endsAt - warning * 1000 - now;
    if (wait <= 0) { show(); return; }
    timer = setTimeout(look, Math.min(wait, 2147483000));
  }

  function ask(method) {
    var headers = { "Accept": "application/json" };
    if (method === "POST") { headers["X-CSRFToken"] = csrf; }
    return fetch(url, { method: method, credentials: "same-origin", headers: headers }).then(function (response) {
      if (response.status === 401) { return null; }
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json().then(function (data) { return left(data.idle_left, data.absolute_left); });
    });
  }

  function toLogin() {
    window.location.assign(loginUrl + "?next=" + encodeURIComponent(window.location.pathname + window.location.search));
  }

  function look() {
    ask("GET").then(function (time) {
      if (time === null) { toLogin(); return; }
      schedule(time);
    }, show);
  }

  function format(seconds) {
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function tick() {
    var seconds = Math.max(Math.ceil((endsAt - Date.now()) / 1000), 0);
    Array.prototype.forEach.call(countdowns, function (node) { node.textContent = format(seconds); });
    if (seconds <= 0 && !ending) {
      ending = true;
      // A moment later, so that the server has surely ended it too; then its login page says why.
      setTimeout(function () {
        ask("GET").then(function (time) {
          if (time === null) { toLogin(); return; }
          hide();
          schedule(time);
        }, toLogin);
      }, 2000);
    }
  }

  function show() {
    Array.prototype.forEach.call(box.querySelectorAll("[data-mode]"), function (node) {
      node.hidden = node.getAttribute("data-mode") !== mode;
    });
    box.hidden = false;
    clearInterval(ticker);
    tick();
    ticker = setInterval(tick, 1000);
    var button = box.querySelector(mode === "idle" ? "[data-action=continue]" : "[data-action=dismiss]");
    if (button) { button.focus(); }
  }

  function hide() {
    box.hidden = true;
    clearInterval(ticker);
  }

  box.querySelector("[data-action=continue]").addEventListener("click", function () {
    ask("POST").then(function (time) {
      if (time === null) { toLogin(); return; }
      hide();
      schedule(time);
    }, function () { window.location.reload(); });
  });

  box.querySelector("[data-action=dismiss]").addEventListener("click", function () {
    box.hidden = true;  // the countdown goes on; at the end the page goes to the login page
  });

  // Requests made by htmx (tabs, forms) are activity too: the server says what is left.
  document.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail && event.detail.xhr;
    var time = xhr && fromHeader(xhr.getResponseHeader("X-Sanban-Session") || "");
    if (time) { hide(); schedule(time); }
  });

  schedule(left(box.getAttribute("data-idle-left"), box.getAttribute("data-absolute-left")));
})();

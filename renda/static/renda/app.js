/* Renda's page behaviour, loaded on every page (no inline scripts: the Content-Security-Policy forbids them).
   - <select data-autosubmit> submits its form when the choice changes (language, year filters).
   - [data-nav-toggle] opens and closes the module menu on a phone (the bar shows it whole on a desktop).
   - <details class="menu"> (the profile menu) closes on a click elsewhere or Escape.
   - <details data-filter-fold>: a list's filters, open on a desktop, folded behind one button on a phone; the
     button counts the filters in use.
   - htmx: a 4xx answer with a form fragment is shown in place (the form with its errors); any other failed answer
     is announced in #announce (role="status", aria-live), never dropped silently.
   - form[data-pick-limit] (a tick-N ballot): [data-pick-count] counts the ticks live ("已选 3 / 限选 5"), and says
     so when there are too many.
   - [data-resend-after] (the voter's form: a code was sent): the [data-resend-button] that asked waits that many
     seconds, counting down on its face, before it offers to send again; the phone field is marked invalid while
     an error stands next to it.
   - form[data-confirm-secret] (a secret ballot): casting asks first in <dialog data-confirm-dialog>; without
     JavaScript the ballot is cast directly. */
(function () {
  "use strict";
  var WIDE = "(min-width: 641px)";

  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches("select[data-autosubmit]") && target.form) {
      target.form.submit();
    }
  });

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest && event.target.closest("[data-nav-toggle]");
    if (toggle) {
      var open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      toggle.closest(".topbar").classList.toggle("nav-open", open);
      return;
    }
    document.querySelectorAll("details.menu[open]").forEach(function (menu) {
      if (!menu.contains(event.target)) { menu.removeAttribute("open"); }
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    document.querySelectorAll("details.menu[open]").forEach(function (menu) {
      menu.removeAttribute("open");
      var summary = menu.querySelector("summary");
      if (summary) { summary.focus(); }
    });
  });

  function foldFilters(root) {
    (root || document).querySelectorAll("details[data-filter-fold]").forEach(function (fold) {
      var used = 0;
      fold.querySelectorAll("input:not([type=hidden]):not([type=checkbox]), select, textarea").forEach(function (field) {
        if (field.value) { used += 1; }
      });
      fold.querySelectorAll("input[type=checkbox]:checked").forEach(function () { used += 1; });
      var count = fold.querySelector("[data-filter-count]");
      if (count) { count.textContent = used ? String(used) : ""; count.hidden = !used; }
      if (window.matchMedia && window.matchMedia(WIDE).matches) { fold.setAttribute("open", ""); }
    });
  }

  function announce(text) {
    var region = document.getElementById("announce");
    if (!region || !text) { return; }
    var message = document.createElement("p");
    message.className = "messages msg-error";
    message.setAttribute("role", "alert");
    message.textContent = text;
    region.replaceChildren(message);
  }

  function reason(xhr) {
    var type = xhr.getResponseHeader("Content-Type") || "";
    if (type.indexOf("json") !== -1) {
      try {
        var data = JSON.parse(xhr.responseText);
        if (data && data.detail) { return typeof data.detail === "string" ? data.detail : JSON.stringify(data.detail); }
      } catch (ignored) { /* fall through to the generic text */ }
    }
    if (type.indexOf("text/html") === 0 && xhr.responseText) {
      var doc = new DOMParser().parseFromString(xhr.responseText, "text/html");
      var heading = doc.querySelector("main h1, h1, .error");
      if (heading && heading.textContent.trim()) { return heading.textContent.trim(); }
    }
    return document.body.getAttribute("data-error-text") || "";
  }

  document.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (!xhr || xhr.status < 400) { return; }
    var type = xhr.getResponseHeader("Content-Type") || "";
    var fragment = xhr.status < 500 && type.indexOf("text/html") === 0 && xhr.responseText && !/<html[\s>]/i.test(xhr.responseText);
    if (fragment) {
      event.detail.shouldSwap = true;  // the form again, with its errors
      event.detail.isError = false;
    } else {
      announce(reason(xhr));
    }
  });
  function countPicks(form) {
    var out = form.querySelector("[data-pick-count]");
    if (!out) { return; }
    var limit = parseInt(form.getAttribute("data-pick-limit"), 10) || 0;
    var n = form.querySelectorAll("input[name=pick]:checked").length;
    var over = limit && n > limit;
    var text = out.getAttribute("data-text").replace("{n}", String(n));
    out.textContent = over ? text + " · " + out.getAttribute("data-over") : text;
    out.classList.toggle("over", !!over);
  }

  document.addEventListener("change", function (event) {
    var form = event.target && event.target.form;
    if (form && form.hasAttribute("data-pick-limit") && event.target.name === "pick") { countPicks(form); }
  });

  function ballotSummary(form, dialog) {
    var hint = dialog.querySelector("[data-summary-text]");
    var summary = dialog.querySelector("[data-confirm-summary]");
    if (!hint || !summary) { return; }
    if (form.hasAttribute("data-pick-limit")) {
      summary.textContent = hint.getAttribute("data-summary-text")
        .replace("{n}", String(form.querySelectorAll("input[name=pick]:checked").length))
        .replace("{max}", form.getAttribute("data-pick-limit"));
    } else {
      var items = form.querySelectorAll(".vote-option");
      var marked = 0;
      items.forEach(function (item) { if (item.querySelector("input:checked, input[type=number]:valid:not(:placeholder-shown)")) { marked += 1; } });
      summary.textContent = hint.getAttribute("data-summary-all").replace("{n}", String(marked)).replace("{m}", String(items.length));
    }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-confirm-secret") || form.getAttribute("data-confirmed") === "1") { return; }
    var dialog = form.querySelector("[data-confirm-dialog]");
    if (!dialog || typeof dialog.showModal !== "function") { return; }
    event.preventDefault();
    ballotSummary(form, dialog);
    dialog.showModal();
    var yes = dialog.querySelector("[data-confirm-yes]");
    if (yes) { yes.focus(); }
  });

  document.addEventListener("click", function (event) {
    var yes = event.target.closest && event.target.closest("[data-confirm-yes]");
    var no = event.target.closest && event.target.closest("[data-confirm-no]");
    var button = yes || no;
    if (!button) { return; }
    var dialog = button.closest("dialog");
    var form = button.closest("form");
    if (dialog) { dialog.close(); }
    if (yes && form) {
      form.setAttribute("data-confirmed", "1");
      form.submit();
    } else if (form) {
      var cast = form.querySelector(".sticky-submit button");
      if (cast) { cast.focus(); }
    }
  });

  document.addEventListener("htmx:sendError", function () { announce(document.body.getAttribute("data-error-text")); });
  function resendCountdown(root) {
    var sent = root.querySelector && root.querySelector("[data-resend-after]");
    var scope = root.closest ? (root.closest("form") || document) : document;
    var button = scope.querySelector("[data-resend-button]");
    var field = scope.querySelector("[aria-describedby='" + root.id + "']");
    if (field) {
      if (root.querySelector("[role=alert]")) { field.setAttribute("aria-invalid", "true"); } else { field.removeAttribute("aria-invalid"); }
    }
    if (!sent || !button) { return; }
    var left = parseInt(sent.getAttribute("data-resend-after"), 10) || 0;
    if (button.resendTimer) { clearInterval(button.resendTimer); }
    var tick = function () {
      if (left <= 0) {
        clearInterval(button.resendTimer);
        button.disabled = false;
        button.textContent = button.getAttribute("data-again-text");
        return;
      }
      button.disabled = true;
      button.textContent = button.getAttribute("data-wait-text").replace("{s}", String(left));
      left -= 1;
    };
    tick();
    button.resendTimer = setInterval(tick, 1000);
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    foldFilters(event.target);
    resendCountdown(event.target);
  });
  document.addEventListener("DOMContentLoaded", function () {
    foldFilters(document);
    document.querySelectorAll("form[data-pick-limit]").forEach(countPicks);
  });
})();

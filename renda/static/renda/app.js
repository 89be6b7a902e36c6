/* Renda's page behaviour, loaded on every page (no inline scripts: the Content-Security-Policy forbids them).
   - <select data-autosubmit> submits its form when the choice changes (language, year filters).
   - [data-nav-toggle] opens and closes the module menu on a phone (the bar shows it whole on a desktop).
   - <details class="menu"> (the profile menu) closes on a click elsewhere or Escape.
   - <details data-filter-fold>: a list's filters, open on a desktop, folded behind one button on a phone; the
     button counts the filters in use.
   - htmx: a 4xx answer with a form fragment is shown in place (the form with its errors); any other failed answer
     is announced in #announce (role="status", aria-live), never dropped silently. */
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
  document.addEventListener("htmx:sendError", function () { announce(document.body.getAttribute("data-error-text")); });
  document.addEventListener("htmx:afterSwap", function (event) { foldFilters(event.target); });
  document.addEventListener("DOMContentLoaded", function () { foldFilters(document); });
})();

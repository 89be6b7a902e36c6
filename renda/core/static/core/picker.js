/* The typeahead picker (core/picker.py, core/widgets/picker.html): an ARIA 1.2 combobox over a listbox.
   Typing asks the input's data-picker URL (?q=) for at most 20 matches [{id, label}] in the user's scope; arrow keys
   move (aria-activedescendant), Enter or a tap chooses, Escape closes; a live region says how many were found.
   The chosen id goes into the box's hidden [data-picker-value]; typing again clears it (the text is then resolved
   by the server, as without JavaScript). data-picker-submit: choosing sends the form (a list's filters).
   Other pages call window.RendaPicker.setup(input) for inputs they add (the appointment form's rows). */
(function () {
  "use strict";
  if (window.RendaPicker) { return; }
  var live = null;

  function region() {
    live = live || document.querySelector("[data-picker-status]");
    if (!live) {
      live = document.createElement("p");
      live.className = "visually-hidden";
      live.setAttribute("role", "status");
      live.setAttribute("aria-live", "polite");
      live.setAttribute("data-picker-status", "");
      document.body.appendChild(live);
    }
    return live;
  }

  function say(input, key, value) {
    var status = region();
    var template = input.getAttribute("data-" + key) || status.getAttribute("data-" + key) || "";
    status.textContent = template.replace("%s", value);
  }

  function setup(input) {
    if (input.hasAttribute("data-picker-ready")) { return; }
    input.setAttribute("data-picker-ready", "");
    var box = input.closest("[data-picker-box]") || input.parentNode;
    var hidden = box.querySelector("[data-picker-value]");
    var mark = box.querySelector("[data-picked]");
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var found = [];
    var active = -1;
    var timer = null;
    var asked = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }
    function highlight(index) {
      var items = list.querySelectorAll("[role=option]");
      if (!items.length) { return; }
      active = Math.max(0, Math.min(index, items.length - 1));
      items.forEach(function (item, i) { item.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }
    function choose(index) {
      var choice = found[index];
      if (!choice) { return; }
      var label = choice.label || choice.name;
      input.value = label;
      hidden.value = String(choice.id);
      if (mark) { mark.hidden = false; }
      close();
      say(input, "chosen", label);
      hidden.dispatchEvent(new Event("change", { bubbles: true }));
      if (input.hasAttribute("data-picker-submit") && input.form) {
        if (input.form.requestSubmit) { input.form.requestSubmit(); } else { input.form.submit(); }
      }
    }
    function show(choices) {
      found = choices;
      list.textContent = "";
      choices.forEach(function (choice, i) {
        var item = document.createElement("span");
        item.id = list.id + "-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.setAttribute("data-testid", "pick-option");
        item.setAttribute("data-id", String(choice.id));
        item.textContent = choice.label || choice.name;
        item.addEventListener("mousedown", function (event) { event.preventDefault(); });
        item.addEventListener("click", function (event) { event.preventDefault(); choose(i); });
        list.appendChild(item);
      });
      if (choices.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        say(input, "found", choices.length);
      } else {
        close();
        say(input, "none", "");
      }
    }
    function search() {
      var q = input.value.trim();
      var mine = ++asked;
      if (!q) { close(); return; }
      var url = input.getAttribute("data-picker");
      fetch(url + (url.indexOf("?") < 0 ? "?" : "&") + "q=" + encodeURIComponent(q.slice(0, 50)), {
        credentials: "same-origin", headers: { Accept: "application/json" }
      })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (choices) { if (mine === asked && document.activeElement === input) { show(choices); } })
        .catch(function () { close(); });
    }

    input.addEventListener("input", function () {
      hidden.value = "";
      if (mark) { mark.hidden = true; }
      clearTimeout(timer);
      timer = setTimeout(search, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden) { search(); } else { highlight(active + 1); }
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (!list.hidden) { highlight(active - 1); }
      } else if (event.key === "Enter" && !list.hidden && active >= 0) {
        event.preventDefault();
        choose(active);
      } else if (event.key === "Escape" && !list.hidden) {
        event.preventDefault();
        close();
      }
    });
    input.addEventListener("blur", function () { setTimeout(close, 150); });
  }

  function setupAll(root) {
    (root || document).querySelectorAll("input[data-picker]").forEach(setup);
  }

  window.RendaPicker = { setup: setup, setupAll: setupAll };
  setupAll(document);
  document.addEventListener("htmx:afterSwap", function (event) { setupAll(event.target); });
})();

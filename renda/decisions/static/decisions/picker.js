/* The person picker of the appointment form (WAI-ARIA combobox with a listbox): typing searches the people of the
   area through /api/appointments/people; arrow keys move, Enter or a tap chooses, Escape closes. The chosen id goes
   into the row's hidden n-person; typing again clears it (a name left unpicked is linked only when exact). */
(function () {
  "use strict";
  var status = document.querySelector("[data-picker-status]");
  var serial = 100;

  function say(template, value) {
    if (status) { status.textContent = (template || "").replace("%s", value); }
  }

  function setup(input) {
    var row = input.closest("[data-row]");
    var hidden = row.querySelector("input[name=n-person]");
    var mark = row.querySelector("[data-picked]");
    var list = document.getElementById(input.getAttribute("aria-controls"));
    var people = [];
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
      var person = people[index];
      if (!person) { return; }
      input.value = person.name;
      hidden.value = String(person.id);
      if (mark) { mark.hidden = false; }
      close();
      say(status && status.dataset.chosen, person.name);
    }
    function show(found) {
      people = found;
      list.textContent = "";
      found.forEach(function (person, i) {
        var item = document.createElement("li");
        item.id = list.id + "-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.setAttribute("data-testid", "pick-option");
        item.setAttribute("data-person", String(person.id));
        item.textContent = person.name;
        item.addEventListener("mousedown", function (event) { event.preventDefault(); choose(i); });
        list.appendChild(item);
      });
      if (found.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        say(status && status.dataset.found, found.length);
      } else {
        close();
        say(status && status.dataset.none, "");
      }
    }
    function search() {
      var q = input.value.trim();
      var mine = ++asked;
      if (!q) { close(); return; }
      fetch(input.dataset.picker + "?q=" + encodeURIComponent(q.slice(0, 50)), {
        credentials: "same-origin", headers: { Accept: "application/json" }
      })
        .then(function (response) { return response.ok ? response.json() : []; })
        .then(function (found) { if (mine === asked && document.activeElement === input) { show(found); } })
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

  function addRow(button) {
    var rows = button.closest("fieldset").querySelector("[data-rows]");
    var last = rows.querySelector("[data-row]:last-child");
    var copy = last.cloneNode(true);
    serial += 1;
    var name = copy.querySelector("input[data-picker]");
    var list = copy.querySelector("[role=listbox]");
    name.id = "n-name-" + serial;
    list.id = "n-list-" + serial;
    list.textContent = "";
    list.hidden = true;
    name.setAttribute("aria-controls", list.id);
    name.setAttribute("aria-expanded", "false");
    name.removeAttribute("aria-activedescendant");
    copy.querySelector(".picker label").setAttribute("for", name.id);
    copy.setAttribute("data-testid", "nominee-" + (rows.children.length + 1));
    copy.querySelectorAll("input").forEach(function (field) { field.value = ""; });
    var mark = copy.querySelector("[data-picked]");
    if (mark) { mark.hidden = true; }
    copy.querySelector("select").selectedIndex = 0;
    rows.appendChild(copy);
    setup(name);
    copy.querySelector("select").focus();
  }

  document.querySelectorAll("input[data-picker]").forEach(setup);
  document.querySelectorAll("[data-add-row]").forEach(function (button) {
    button.addEventListener("click", function () { addRow(button); });
  });
})();

/* The appointment form's rows of people: "Add a person" copies the last row; each row's name is core's typeahead
   picker (core/picker.js) over /api/appointments/people, the chosen id in the row's hidden n-person. */
(function () {
  "use strict";
  var serial = 100;

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
    name.removeAttribute("data-picker-ready");
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
    window.RendaPicker.setup(name);
    copy.querySelector("select").focus();
  }

  document.querySelectorAll("[data-add-row]").forEach(function (button) {
    button.addEventListener("click", function () { addRow(button); });
  });
})();

/* Renda's page behaviour, loaded on every page (no inline scripts: the Content-Security-Policy forbids them).
   - <select data-autosubmit> submits its form when the choice changes (language, year filters). */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target && target.matches && target.matches("select[data-autosubmit]") && target.form) {
      target.form.submit();
    }
  });
})();

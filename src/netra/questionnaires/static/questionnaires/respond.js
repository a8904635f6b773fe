/* Public response form: a second click while the first submission travels does nothing (the
   server also refuses a repeat through the form's submission key). */
(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = form.querySelector("button[data-once]");
    if (!button) return;
    if (form.dataset.sent === "1") { event.preventDefault(); return; }
    form.dataset.sent = "1";
    button.setAttribute("aria-disabled", "true");
  });
})();

// Public report form: hide the identity fields when anonymous information is chosen.
(function () {
  "use strict";
  function sync(form) {
    var chosen = form.querySelector('input[name="kind"]:checked');
    var box = form.querySelector("[data-identity]");
    if (!box) return;
    box.hidden = !!(chosen && chosen.value === "initial_info");
  }
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.querySelector(".portal-form");
    if (!form) return;
    form.addEventListener("change", function (event) {
      if (event.target && event.target.name === "kind") sync(form);
    });
    sync(form);
  });
})();

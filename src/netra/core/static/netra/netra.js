/* Netra's page behaviour, served as a static file so the Content-Security-Policy can forbid
   inline scripts and event-handler attributes. */
(function () {
  "use strict";

  /* Module menu: a disclosure button; Escape or a click elsewhere closes it. */
  function setUpMenu() {
    var toggle = document.querySelector(".menu-toggle");
    var panel = toggle && document.getElementById(toggle.getAttribute("aria-controls"));
    if (!panel) return;
    function show(open) {
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      panel.hidden = !open;
    }
    toggle.addEventListener("click", function () { show(panel.hidden); });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && !panel.hidden) { show(false); toggle.focus(); }
    });
    document.addEventListener("click", function (event) {
      if (!panel.hidden && !toggle.parentNode.contains(event.target)) show(false);
    });
  }

  /* <select data-autosubmit>: choosing an option submits its form (the language switch). */
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("select[data-autosubmit]") && target.form) {
      target.form.submit();
    }
  });

  /* <input data-enter-stays>: Enter searches (an "enter-search" event for hx-trigger) instead of
     submitting the surrounding form (region picker). */
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === "Enter" && target.matches && target.matches("[data-enter-stays]")) {
      event.preventDefault();
      target.dispatchEvent(new CustomEvent("enter-search", { bubbles: true }));
    }
  });

  /* <form data-swap-conflict>: a refused workflow step (409) is shown next to its form rather
     than treated as an htmx error. */
  document.addEventListener("htmx:beforeSwap", function (event) {
    var source = event.detail.elt || event.target;
    if (event.detail.xhr.status === 409 && source.closest && source.closest("[data-swap-conflict]")) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpMenu);
  } else {
    setUpMenu();
  }
})();

/* The case page's sections (<details data-section>): closed on a phone, all open on a wide
   screen, and the section a link points into (#id, e.g. an error summary's link to a field) is
   opened before the browser scrolls to it. Served as a static file (the CSP forbids inline
   scripts); without it every section stays as the server drew it. */
(function () {
  "use strict";

  var WIDE = window.matchMedia("(min-width: 64rem)");

  function sections() {
    return document.querySelectorAll("[data-case-sections] > details[data-section]");
  }

  function openAllOnWideScreens() {
    if (!WIDE.matches) return;
    Array.prototype.forEach.call(sections(), function (section) { section.open = true; });
  }

  function openTarget() {
    var id = window.location.hash.slice(1);
    if (!id) return;
    var target = document.getElementById(decodeURIComponent(id));
    var section = target && target.closest("details[data-section]");
    if (section && !section.open) {
      section.open = true;
      target.scrollIntoView();
    }
  }

  function setUp() {
    openAllOnWideScreens();
    openTarget();
    window.addEventListener("hashchange", openTarget);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();

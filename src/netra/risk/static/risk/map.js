/* Choropleth of the vulnerability index or of case counts, drawn with the vendored Leaflet.
   No tile server: only the boundaries imported into Netra are drawn. The data comes from the
   element's data-url (a Netra GeoJSON endpoint); no inline script (CSP). */
(function () {
  "use strict";
  var CATEGORY = { low: "#1e7b34", medium: "#b34d00", high: "#b3261e" };
  var SCALE = ["#f1f4f9", "#c6d7ee", "#8fb3de", "#4f86c6", "#0b5cad", "#083f78"];

  function caseColour(value, max) {
    if (!max || !value) { return SCALE[0]; }
    var step = Math.min(SCALE.length - 1, 1 + Math.floor((value / max) * (SCALE.length - 2)));
    return SCALE[step];
  }

  function init(element) {
    if (typeof L === "undefined") { return; }
    element.hidden = false;
    var map = L.map(element, { attributionControl: false, zoomSnap: 0.25 });
    var layer = null;
    var status = document.getElementById(element.getAttribute("data-status"));

    function draw(kind) {
      var url = element.getAttribute("data-url") + "&layer=" + encodeURIComponent(kind);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/geo+json" } })
        .then(function (response) { return response.json(); })
        .then(function (data) {
          if (layer) { map.removeLayer(layer); }
          var max = 0;
          data.features.forEach(function (f) { max = Math.max(max, f.properties.value || 0); });
          layer = L.geoJSON(data, {
            style: function (feature) {
              var p = feature.properties;
              var fill = kind === "cases" ? caseColour(p.value, max)
                : (CATEGORY[p.category] || "#d7dbe2");
              return { color: "#1d2430", weight: 1, fillColor: fill, fillOpacity: 0.75 };
            },
            onEachFeature: function (feature, shape) {
              var p = feature.properties;
              shape.bindTooltip(p.name + ": " + (p.value === null ? "—" : p.value));
            }
          }).addTo(map);
          if (data.features.length) { map.fitBounds(layer.getBounds()); }
          element.setAttribute("data-drawn", String(data.features.length));
          if (status) { status.textContent = element.getAttribute("data-drawn-label")
            .replace("%(n)s", String(data.features.length)); }
        });
    }

    document.querySelectorAll("input[name='map-layer']").forEach(function (input) {
      input.addEventListener("change", function () { if (input.checked) { draw(input.value); } });
    });
    draw("index");
  }

  document.addEventListener("DOMContentLoaded", function () {
    var element = document.getElementById("risk-map");
    if (element) { init(element); }
  });
})();

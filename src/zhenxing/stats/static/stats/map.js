/* 分村地图: colours each village of the page's GeoJSON (a <script type="application/json"> named by the
   map's data-source; the CSP forbids inline scripts) by the colour the server gave its class, on a plain
   background (no tiles: works offline). A click opens the village's drill-down; the pointer's village is
   named in the legend. */
(function () {
  "use strict";

  var el = document.getElementById("village-map");
  if (!el || !window.L) { return; }
  var source = document.getElementById(el.getAttribute("data-source"));
  var data;
  try { data = JSON.parse(source.textContent); } catch (e) { return; }
  var hover = document.querySelector(".map-hover");
  var idle = hover ? hover.textContent : "";
  var labelled = data.features.length <= 40; // names on the map while they fit; else on hover only

  var map = L.map(el, { attributionControl: false, zoomSnap: 0.25, scrollWheelZoom: false });
  var base = { color: "#555", weight: 1, fillOpacity: 0.85 };
  var layer = L.geoJSON(data, {
    style: function (f) { return L.extend({ fillColor: f.properties.colour }, base); },
    onEachFeature: function (f, shape) {
      var p = f.properties;
      if (labelled) {
        shape.bindTooltip(p.name, { permanent: true, direction: "center", className: "village-label" });
      }
      shape.on("mouseover", function () {
        shape.setStyle({ weight: 3, color: "#222" });
        if (hover) { hover.textContent = p.name + "：" + p.text; }
      });
      shape.on("mouseout", function () {
        shape.setStyle(base);
        if (hover) { hover.textContent = idle; }
      });
      if (p.url) {
        shape.on("click", function () { window.location.href = p.url; });
      }
    }
  }).addTo(map);
  var bounds = layer.getBounds();
  if (bounds.isValid()) { map.fitBounds(bounds, { padding: [8, 8] }); } else { map.setView([42.05, 123.55], 10); }
  // The shapes are drawn once the map has a view: then each path can be named by its village's code.
  layer.eachLayer(function (shape) {
    var path = shape.getElement && shape.getElement();
    if (path) {
      path.setAttribute("data-code", shape.feature.properties.code);
      if (shape.feature.properties.url) { path.classList.add("has-link"); }
    }
  });
  el.setAttribute("data-villages-drawn", String(data.features.length));
})();

/* 一张图: draws a unit's boundaries and its villages' parcels with Leaflet.
   Configured by data- attributes on #homestead-map (the CSP forbids inline scripts):
   data-boundaries-url  GeoJSON of the unit's boundary and its children's
   data-layers          JSON list of {code, name, url}: one parcels GeoJSON per village
   data-tiles           JSON list of {url, name}: tile layers (empty: plain background, works offline)
   data-center          JSON [lat, lon] for a unit with nothing to fit the view to */
(function () {
  "use strict";
  var el = document.getElementById("homestead-map");
  if (!el || !window.L) { return; }

  function read(name, fallback) {
    try { return JSON.parse(el.getAttribute(name)); } catch (e) { return fallback; }
  }
  var villages = read("data-layers", []);
  var tiles = read("data-tiles", []);
  var center = read("data-center", [42.05, 123.55]);
  var statusLine = document.querySelector(".map-status");

  var map = L.map(el, { attributionControl: tiles.length > 0, zoomSnap: 1 });
  tiles.forEach(function (t) {
    L.tileLayer(t.url, { subdomains: "01234567", maxZoom: 18, attribution: "天地图" }).addTo(map);
  });
  // Boundaries sit under the parcels whatever order the requests answer in.
  map.createPane("boundaries").style.zIndex = 390;

  // Half a screen pixel in degrees at this zoom: simplification below that cannot be seen.
  function tolerance(zoom) {
    var t = 360 / (256 * Math.pow(2, zoom)) / 2;
    return Number(t.toPrecision(2));
  }

  function text(tag, value, className) {
    var node = document.createElement(tag);
    node.textContent = value;
    if (className) { node.className = className; }
    return node;
  }

  function parcelPopup(p) {
    var box = document.createElement("div");
    box.className = "map-popup";
    box.appendChild(text("strong", p.code));
    var dl = document.createElement("dl");
    [["坐落", p.location], ["面积", p.area_m2.toFixed(2) + " 平方米"], ["状态", p.status_label]]
      .forEach(function (row) {
        dl.appendChild(text("dt", row[0]));
        dl.appendChild(text("dd", row[1]));
      });
    box.appendChild(dl);
    var link = text("a", "查看宗地详情");
    link.href = p.url;
    box.appendChild(link);
    return box;
  }

  function unitPopup(p) {
    var box = document.createElement("div");
    box.className = "map-popup";
    box.appendChild(text("strong", p.name));
    box.appendChild(document.createElement("br"));
    var link = text("a", "打开" + p.name + "的一张图");
    link.href = p.url;
    box.appendChild(link);
    return box;
  }

  var layers = villages.map(function (v) {
    return {
      village: v,
      loaded: null, // tolerance of the data shown; null before the first answer
      layer: L.geoJSON(null, {
        style: function (f) {
          return { color: "#333", weight: 1, fillColor: f.properties.color, fillOpacity: 0.75 };
        },
        onEachFeature: function (f, layer) { layer.bindPopup(parcelPopup(f.properties)); }
      }).addTo(map)
    };
  });

  function say(message) { if (statusLine) { statusLine.textContent = message; } }

  function loadParcels() {
    var t = tolerance(map.getZoom());
    var wanted = layers.filter(function (l) { return l.loaded === null || t < l.loaded; });
    if (!wanted.length) { return Promise.resolve(); }
    return Promise.all(wanted.map(function (l) {
      return fetch(l.village.url + "?tolerance=" + t, { credentials: "same-origin" })
        .then(function (r) {
          if (!r.ok) { throw new Error(r.status); }
          return r.json();
        })
        .then(function (data) {
          l.layer.clearLayers();
          l.layer.addData(data);
          l.loaded = t;
          return true;
        })
        .catch(function () {
          say("加载" + l.village.name + "的宗地失败，请刷新页面重试");
          return false;
        });
    })).then(function (results) {
      var shown = layers.reduce(function (n, l) { return n + l.layer.getLayers().length; }, 0);
      if (results.every(Boolean)) { say("图上显示 " + shown + " 宗（无图形的宗地只计入图例）"); }
      el.setAttribute("data-parcels-loaded", String(shown));
    });
  }

  function parcelBounds() {
    var b = L.latLngBounds([]);
    layers.forEach(function (l) { if (l.layer.getLayers().length) { b.extend(l.layer.getBounds()); } });
    return b;
  }

  var boundaries = L.geoJSON(null, {
    pane: "boundaries",
    style: function (f) {
      return f.properties.kind === "unit"
        ? { color: "#b71c1c", weight: 2, fill: false, interactive: false }
        : { color: "#555", weight: 1, dashArray: "4 3", fillColor: "#fff", fillOpacity: 0.05 };
    },
    onEachFeature: function (f, layer) {
      if (f.properties.kind === "child") { layer.bindPopup(unitPopup(f.properties)); }
    }
  }).addTo(map);

  fetch(el.getAttribute("data-boundaries-url") + "?tolerance=" + tolerance(15), { credentials: "same-origin" })
    .then(function (r) { return r.ok ? r.json() : { type: "FeatureCollection", features: [] }; })
    .catch(function () { return { type: "FeatureCollection", features: [] }; })
    .then(function (data) {
      boundaries.addData(data);
      var b = boundaries.getBounds();
      if (b.isValid()) { map.fitBounds(b); } else { map.setView(center, 14); }
      return loadParcels();
    })
    .then(function () {
      var b = parcelBounds();
      if (!boundaries.getBounds().isValid() && b.isValid()) { map.fitBounds(b, { maxZoom: 18 }); }
      map.on("zoomend", loadParcels);
    });
})();

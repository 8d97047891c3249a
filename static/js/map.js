/* The risk map: communes coloured by level, district and province borders, neighbouring provinces in grey.
   An enhancement only: every fact drawn here is also written on the page. Settings come from #map-config;
   the geometry (TopoJSON, cached for a year) and the levels (one small file per publication) are fetched apart.
   Nothing of it delays the page: Leaflet, its style sheet and the data are fetched only when the map comes near
   the screen, and the shapes are added in slices of a few milliseconds, so that the page keeps answering a tap
   while they are drawn. On a district's page the map fits the district and dims the communes around it. */
(function () {
  "use strict";

  var element = document.getElementById("map");
  var configElement = document.getElementById("map-config");
  if (!element || !configElement || !window.fetch || !window.Promise) { return; }
  var config = JSON.parse(configElement.textContent);
  var GREY = "#bdbdbd";
  var POPUP = { maxWidth: 280, autoPanPadding: [12, 12] };
  var SLICE_MS = 8;
  var L;

  function decodeArcs(topology) {
    var scale = topology.transform.scale, translate = topology.transform.translate;
    return topology.arcs.map(function (arc) {
      var x = 0, y = 0;
      return arc.map(function (delta) {
        x += delta[0];
        y += delta[1];
        return [y * scale[1] + translate[1], x * scale[0] + translate[0]];
      });
    });
  }

  function line(arcs, references) {
    var points = [];
    references.forEach(function (reference, index) {
      var arc = reference < 0 ? arcs[~reference].slice().reverse() : arcs[reference];
      points = points.concat(index ? arc.slice(1) : arc);
    });
    return points;
  }

  function polygons(arcs, geometry) {
    return geometry.arcs.map(function (rings) {
      return rings.map(function (ring) { return line(arcs, ring); });
    });
  }

  function node(tag, className, text) {
    var created = document.createElement(tag);
    if (className) { created.className = className; }
    if (text !== undefined) { created.textContent = text; }
    return created;
  }

  function levelText(level) {
    var info = config.levelInfo[level];
    return info.badge || (config.text.level + " " + level + " · " + info.label);
  }

  function isoToDay(iso) {
    var parts = (iso || "").split("-");
    return parts.length === 3 ? parts[2] + "/" + parts[1] + "/" + parts[0] : "";
  }

  function areaUrl(code) {
    return config.areaUrl.replace(config.placeholder, encodeURIComponent(code));
  }

  function popup(name, code, entry, declared) {
    var box = node("div", "map-popup");
    box.appendChild(node("h3", "", name));
    var status = node("p");
    if (entry) {
      var badge = node("span", "level level--" + entry[0], levelText(entry[0]));
      status.appendChild(badge);
      if (entry[1]) { status.appendChild(document.createTextNode(" " + config.text.since + " " + isoToDay(entry[1]))); }
    } else if (declared) {
      status.appendChild(node("span", "level level--" + declared[0], levelText(declared[0])));
      status.appendChild(document.createTextNode(" (" + config.text.declared + ")"));
    } else {
      status.appendChild(node("span", "level level--none", config.text.unpublished));
    }
    box.appendChild(status);
    var measures = entry ? config.measures[entry[0]] : null;
    if (measures && measures.length) {
      box.appendChild(node("p", "", config.text.measures + ":"));
      var list = node("ul");
      measures.forEach(function (text) { list.appendChild(node("li", "", text)); });
      box.appendChild(list);
    }
    var more = node("p");
    var link = node("a", "", config.text.more);
    link.href = areaUrl(code);
    more.appendChild(link);
    box.appendChild(more);
    return box;
  }

  function outerBounds(latlngs) {
    var south = 90, west = 180, north = -90, east = -180;
    latlngs.forEach(function (rings) {
      rings[0].forEach(function (point) {
        if (point[0] < south) { south = point[0]; }
        if (point[0] > north) { north = point[0]; }
        if (point[1] < west) { west = point[1]; }
        if (point[1] > east) { east = point[1]; }
      });
    });
    return L.latLngBounds([south, west], [north, east]);
  }

  // Run the steps in order, yielding to the browser every few milliseconds.
  function inSlices(steps, done) {
    var next = 0;
    function slice() {
      var until = window.performance.now() + SLICE_MS;
      while (next < steps.length) {
        steps[next++]();
        if (window.performance.now() > until) { break; }
      }
      if (next < steps.length) { window.setTimeout(slice, 0); } else { done(); }
    }
    slice();
  }

  function draw(topology, levels) {
    var known = levels ? levels.levels : {};
    var declared = levels ? levels.declared : {};
    var focus = {};
    config.focus.forEach(function (code) { focus[code] = true; });
    // A district's page: its communes stand out, those around it are dimmed so that they do not read as its own.
    var district = config.focus.length > 1;
    var arcs, map, communes = [], inFocus = [];
    var all = L.latLngBounds([]), focused = L.latLngBounds([]);
    var steps = [function () { arcs = decodeArcs(topology); }];

    topology.objects.communes.geometries.forEach(function (geometry) {
      steps.push(function () {
        var item = { geometry: geometry, latlngs: polygons(arcs, geometry) };
        var bounds = outerBounds(item.latlngs);
        all.extend(bounds);
        if (focus[geometry.id]) { focused.extend(bounds); }
        communes.push(item);
      });
    });

    // The view is set before any layer is added, so that every path exists as soon as it is added.
    steps.push(function () {
      element.textContent = "";
      map = L.map(element, { zoomSnap: 0.25, maxBounds: all.pad(0.6) });
      if (focused.isValid()) {
        // One commune is shown with its surroundings; a district fills the map with its own communes.
        map.fitBounds(district ? focused : focused.pad(0.8), { padding: [4, 4] });
      } else {
        map.fitBounds(all, { padding: [4, 4] });
      }
      if (config.tiles) {
        L.tileLayer(config.tiles.url, { attribution: config.tiles.attribution, maxZoom: 18 }).addTo(map);
      }
    });

    topology.objects.neighbours.geometries.forEach(function (geometry) {
      steps.push(function () {
        var found = declared[geometry.id] || known[geometry.id];
        var shape = L.polygon(polygons(arcs, geometry), {
          className: "neighbour", color: "#8c8c8c", weight: 1, fillColor: GREY, fillOpacity: district ? 0.3 : 0.6
        }).addTo(map);
        var label = geometry.properties.name + (found ? " · " + levelText(found[0]) : "");
        shape.bindTooltip(label, { sticky: true, className: "map-tip" });
        shape.bindPopup(function () { return popup(geometry.properties.name, geometry.id, known[geometry.id], declared[geometry.id]); }, POPUP);
      });
    });

    topology.objects.communes.geometries.forEach(function (unused, index) {
      steps.push(function () {
        var item = communes[index], geometry = item.geometry, entry = known[geometry.id];
        var level = entry ? entry[0] : null;
        var outside = district && !focus[geometry.id];
        var shape = L.polygon(item.latlngs, {
          className: "commune" + (focus[geometry.id] ? " commune--focus" : "") + (outside ? " commune--outside" : ""),
          color: "#ffffff", weight: outside ? 0.5 : 0.8,
          fillColor: level ? config.levelInfo[level].colour : GREY, fillOpacity: outside ? 0.3 : 0.9
        }).addTo(map);
        var path = shape.getElement();
        path.setAttribute("data-code", geometry.id);
        path.setAttribute("data-level", level || "");
        var name = geometry.properties.name;
        shape.bindTooltip(name + " · " + (level ? levelText(level) : config.text.unpublished), { sticky: true, className: "map-tip" });
        shape.bindPopup(function () { return popup(name, geometry.id, entry, null); }, POPUP);
        if (focus[geometry.id]) { inFocus.push(shape); }
      });
    });

    steps.push(function () {
      var districtLines = topology.objects.district_borders.arcs.map(function (refs) { return line(arcs, refs); });
      L.polyline(districtLines, { color: "#1b1f23", weight: 1.8, opacity: district ? 0.5 : 0.85, interactive: false }).addTo(map);
      var provinceLines = topology.objects.province_border.arcs.map(function (refs) { return line(arcs, refs); });
      L.polyline(provinceLines, { color: "#000000", weight: 2.6, interactive: false }).addTo(map);
    });
    inSlices(steps, function () {
      inFocus.forEach(function (shape) { shape.bringToFront(); });
      element.setAttribute("data-ready", "true");
    });
  }

  function fail() {
    element.textContent = config.text.failed;
    element.className += " map--failed";
  }

  function script(url) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("script");
      tag.src = url;
      tag.onload = resolve;
      tag.onerror = reject;
      document.head.appendChild(tag);
    });
  }

  function styleSheet(url) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement("link");
      tag.rel = "stylesheet";
      tag.href = url;
      tag.onload = resolve;
      tag.onerror = reject;
      document.head.appendChild(tag);
    });
  }

  function json(url) {
    return fetch(url).then(function (r) { if (!r.ok) { throw r; } return r.json(); });
  }

  function start() {
    Promise.all([
      json(config.geometry),
      config.levels ? json(config.levels) : null,
      script(config.leaflet.script),
      styleSheet(config.leaflet.style)
    ]).then(function (loaded) {
      L = window.L;
      draw(loaded[0], loaded[1]);
    }).catch(fail);
  }

  element.setAttribute("role", "region");
  element.setAttribute("aria-label", config.text.map);
  if (window.IntersectionObserver) {
    var watcher = new window.IntersectionObserver(function (entries) {
      if (entries.some(function (entry) { return entry.isIntersecting; })) {
        watcher.disconnect();
        start();
      }
    }, { rootMargin: "100px 0px" });
    watcher.observe(element);
  } else {
    start();
  }
}());

/* The offline basemap of the planning map (planner.maps.Basemap): what the app can draw with no
 * tile server. Loaded from the app's own static files before the map's script calls
 * ``plannerBasemap(map, spec)``:
 *   spec.districts  [{n, y, x}]  district names at a point inside each district (every zoom);
 *   spec.dongs      URL of the legal-dong (법정동) outlines, GeoJSON with property ``n``, fetched
 *                   the first time the map is zoomed in to spec.dongZoom or closer;
 *   spec.sites      {n: [], y: [], x: []}  registered sites, named from spec.siteZoom on;
 *   spec.here       the label of the marker put where the user clicks (none when empty: maps that
 *                   only show a place, such as a visit's or a day's).
 * Names are put on screen with textContent only, never as HTML.
 */
/* exported plannerBasemap */
window.plannerBasemap = function (map, spec) {
    "use strict";
    map.createPane("plannerBase");
    map.getPane("plannerBase").style.zIndex = 350;  // above the district fills, below the points
    map.getPane("plannerBase").style.pointerEvents = "none";
    map.createPane("plannerLabels");
    map.getPane("plannerLabels").style.zIndex = 460;
    map.getPane("plannerLabels").style.pointerEvents = "none";

    function label(text, latlng, cls) {
        var el = document.createElement("span");
        el.textContent = text;
        return L.marker(latlng, {
            pane: "plannerLabels", interactive: false, keyboard: false,
            icon: L.divIcon({className: "planner-label " + cls, html: el, iconSize: null})
        });
    }

    var districtLabels = L.layerGroup(spec.districts.map(function (d) {
        return label(d.n, [d.y, d.x], "planner-label-district");
    })).addTo(map);

    var dongs = null, dongLabels = L.layerGroup(), loading = false;
    var dongLine = {pane: "plannerBase", color: "#6b7280", weight: 0.8, opacity: 0.8, fill: false, dashArray: "3 3"};
    function loadDongs() {
        if (dongs || loading || !spec.dongs) { return; }
        loading = true;
        fetch(spec.dongs).then(function (r) { return r.json(); }).then(function (data) {
            dongs = L.geoJSON(data, {style: function () { return dongLine; }, interactive: false});
            dongs.eachLayer(function (layer) {
                var p = layer.feature.properties;
                layer._plannerLabel = label(p.n, [p.y, p.x], "planner-label-dong");
            });
            window.plannerDongsLoaded = true;
            update();
        });
    }

    var siteLabels = L.layerGroup();
    var S = spec.sites || {n: [], y: [], x: []};

    function update() {
        var zoom = map.getZoom(), view = map.getBounds().pad(0.2);
        if (zoom >= spec.dongZoom) {
            loadDongs();
            if (dongs) {
                if (!map.hasLayer(dongs)) { dongs.addTo(map); }
                dongLabels.clearLayers();
                dongs.eachLayer(function (layer) {
                    if (view.contains(layer._plannerLabel.getLatLng())) { dongLabels.addLayer(layer._plannerLabel); }
                });
                if (!map.hasLayer(dongLabels)) { dongLabels.addTo(map); }
                window.plannerDongLabels = dongLabels.getLayers().length;
            }
        } else {
            if (dongs && map.hasLayer(dongs)) { map.removeLayer(dongs); }
            if (map.hasLayer(dongLabels)) { map.removeLayer(dongLabels); }
            window.plannerDongLabels = 0;
        }
        siteLabels.clearLayers();
        if (zoom >= spec.siteZoom) {
            for (var i = 0; i < S.n.length; i++) {
                if (view.contains([S.y[i], S.x[i]])) { siteLabels.addLayer(label(S.n[i], [S.y[i], S.x[i]], "planner-label-site")); }
            }
            if (!map.hasLayer(siteLabels)) { siteLabels.addTo(map); }
        }
        // Zoomed in, the district colours fade and their names dim, so the dong names read well.
        var near = zoom >= spec.dongZoom;
        districtLabels.eachLayer(function (m) {
            var el = m.getElement();
            if (el) { el.style.opacity = near ? "0.35" : "1"; }
        });
        map.eachLayer(function (layer) {
            var p = layer.feature && layer.feature.properties;
            if (!p || !p.code || !layer.setStyle) { return; }
            if (layer._plannerFill === undefined) { layer._plannerFill = layer.options.fillOpacity; }
            layer.setStyle({fillOpacity: near ? Math.min(0.08, layer._plannerFill) : layer._plannerFill});
        });
    }
    map.on("zoomend moveend", update);
    update();

    // A marker where the user clicked, at once (the app's answer to the click follows).
    if (!spec.here) { return; }
    var clicked = null;
    map.on("click", function (e) {
        if (clicked) { map.removeLayer(clicked); }
        var el = document.createElement("span");
        el.textContent = spec.here;
        clicked = L.marker(e.latlng, {
            pane: "plannerLabels", interactive: false, keyboard: false,
            icon: L.divIcon({className: "planner-clicked", html: el, iconSize: [18, 18], iconAnchor: [9, 9]})
        }).addTo(map);
        window.plannerClicked = [e.latlng.lat, e.latlng.lng];
    });
};

/* The plan map's visit layer (planner.maps.VisitPoints): every visit painted on one canvas.
 *
 * Loaded by the map's iframe from the app's own static files (planner/assets.py copies it to
 * static/vendor/planner/), before the map's script calls
 * ``plannerVisitPoints(map, source, route)``:
 *   map     the Leaflet map;
 *   source  the columnar points (planner.maps.points_data) or the URL of their JSON file;
 *   route   the chosen day's route (planner.maps.route_data).
 * User text is put on screen with textContent only, never as HTML.
 */
/* exported plannerVisitPoints */
window.plannerVisitPoints = function (map, source, R) {
    "use strict";
    var RADIUS = 6, PADDING = 0.3, TAU = 2 * Math.PI;
    function isoDay(n) { return new Date(n * 86400000).toISOString().slice(0, 10); }
    map.createPane("plannerPoints");
    map.getPane("plannerPoints").style.zIndex = 450;  // above the district outlines, below markers
    map.getPane("plannerPoints").style.pointerEvents = "none";  // the map finds the point itself

    var Points = L.Layer.extend({
        options: {pane: "plannerPoints"},
        initialize: function () { this._n = 0; this._zoom = null; },
        count: function () { return this._n; },
        setData: function (D) {
            var n = D.id.length, nSites = D.sites.y.length, i;
            this.D = D;
            this.days = new Array(n);
            var day = D.d0;
            for (i = 0; i < n; i++) { day += D.dd[i]; this.days[i] = day; }
            // Draw order: cancelled at the bottom, proposed on top; then category; then time.
            var order = new Array(n);
            for (i = 0; i < n; i++) { order[i] = i; }
            order.sort(function (a, b) { return (D.st[b] - D.st[a]) || (D.cat[a] - D.cat[b]) || (a - b); });
            this.order = order;
            this.top = new Int32Array(nSites).fill(-1);  // the visit drawn last (on top) at each place
            this.atSite = new Int32Array(nSites);
            for (i = 0; i < n; i++) { this.top[D.site[order[i]]] = order[i]; this.atSite[D.site[i]] += 1; }
            this.px = new Float64Array(nSites);
            this.py = new Float64Array(nSites);
            this.stamp = new Int32Array(nSites).fill(-1);
            this._zoom = null;
            this._n = n;
            if (this._map) { this._update(); }
        },
        onAdd: function () {
            this._canvas = L.DomUtil.create("canvas", "leaflet-zoom-animated");
            this.getPane().appendChild(this._canvas);
            this._update();
        },
        onRemove: function () { L.DomUtil.remove(this._canvas); },
        getEvents: function () {
            return {viewreset: this._update, moveend: this._update, zoomend: this._update, resize: this._update,
                    zoom: this._onZoom, zoomanim: this._onZoomAnim};
        },
        _onZoom: function () { this._transform(this._map.getCenter(), this._map.getZoom()); },
        _onZoomAnim: function (e) { this._transform(e.center, e.zoom); },
        _transform: function (center, zoom) {  // as L.Renderer does while the map zooms
            if (!this._bounds) { return; }
            var map = this._map, scale = map.getZoomScale(zoom, this._viewZoom);
            var half = map.getSize().multiplyBy(0.5 + PADDING);
            var offset = half.multiplyBy(-scale).add(map.project(this._center, zoom))
                .subtract(map._getNewPixelOrigin(center, zoom));
            L.DomUtil.setTransform(this._canvas, offset, scale);
        },
        _project: function () {  // the places' absolute pixel positions at this zoom, once per zoom
            var map = this._map, zoom = map.getZoom(), S = this.D.sites;
            if (zoom === this._zoom) { return; }
            for (var s = 0; s < S.y.length; s++) {
                var p = map.project([S.y[s], S.x[s]], zoom);
                this.px[s] = p.x; this.py[s] = p.y;
            }
            this._zoom = zoom;
        },
        _update: function () {
            var map = this._map, canvas = this._canvas;
            if (!map || !canvas) { return; }
            var size = map.getSize(), min = map.containerPointToLayerPoint(size.multiplyBy(-PADDING)).round();
            var w = Math.round(size.x * (1 + 2 * PADDING)), h = Math.round(size.y * (1 + 2 * PADDING));
            var ratio = window.devicePixelRatio || 1;
            this._bounds = L.bounds(min, min.add([w, h]));
            this._center = map.getCenter();
            this._viewZoom = map.getZoom();
            L.DomUtil.setPosition(canvas, min);
            canvas.width = Math.round(w * ratio); canvas.height = Math.round(h * ratio);
            canvas.style.width = w + "px"; canvas.style.height = h + "px";
            if (!this._n) { return; }
            this._project();
            var D = this.D, ctx = canvas.getContext("2d"), origin = map.getPixelOrigin();
            var dx = -origin.x - min.x, dy = -origin.y - min.y;
            ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
            var order = this.order, stamp = this.stamp, group = -1, style = null;
            var flush = function () {
                if (!style) { return; }
                ctx.globalAlpha = style.fill; ctx.fillStyle = style.color; ctx.fill();
                ctx.globalAlpha = style.line; ctx.lineWidth = style.weight; ctx.strokeStyle = style.color; ctx.stroke();
            };
            for (var k = 0; k < order.length; k++) {
                var i = order[k], key = D.st[i] * 4096 + D.cat[i], s = D.site[i];
                if (key !== group) {
                    flush();
                    var cat = D.cats[D.cat[i]], status = D.statuses[D.st[i]];
                    style = {color: cat.c, weight: status.ring ? 2.5 : 1, line: status.dim ? 0.5 : 1,
                             fill: status.ring ? 0.1 : status.dim ? 0.25 : 0.8};
                    group = key;
                    ctx.beginPath();
                }
                if (stamp[s] === key) { continue; }  // this place is already in this style's path
                stamp[s] = key;
                var x = this.px[s] + dx, y = this.py[s] + dy;
                if (x < -RADIUS || y < -RADIUS || x > w + RADIUS || y > h + RADIUS) { continue; }
                ctx.moveTo(x + RADIUS, y);
                ctx.arc(x, y, RADIUS, 0, TAU);
            }
            flush();
            stamp.fill(-1);
        },
        // The visit under a layer point (the topmost at the nearest place), or -1.
        hit: function (layerPoint) {
            if (!this._n || !this._map) { return -1; }
            this._project();
            var origin = this._map.getPixelOrigin(), x = layerPoint.x + origin.x, y = layerPoint.y + origin.y;
            var best = -1, bestD = (RADIUS + 2) * (RADIUS + 2);
            for (var s = 0; s < this.px.length; s++) {
                var ddx = this.px[s] - x, ddy = this.py[s] - y, d = ddx * ddx + ddy * ddy;
                if (d <= bestD && this.top[s] >= 0) { bestD = d; best = s; }
            }
            return best < 0 ? -1 : this.top[best];
        },
        tooltipContent: function (i) {
            var D = this.D, el = document.createElement("div"), head = document.createElement("b");
            head.textContent = "#" + D.id[i] + " " + D.title[i];
            el.appendChild(head);
            el.appendChild(document.createElement("br"));
            el.appendChild(document.createTextNode(
                isoDay(this.days[i]) + " · " + D.cats[D.cat[i]].l + " · " + D.statuses[D.st[i]].l));
            el.appendChild(document.createElement("br"));
            el.appendChild(document.createTextNode(D.sites.n[D.site[i]]));
            var here = this.atSite[D.site[i]];
            if (here > 1 && D.here) {
                el.appendChild(document.createElement("br"));
                var more = document.createElement("i");
                more.textContent = D.here.split("{n}").join(String(here));
                el.appendChild(more);
            }
            return el;
        }
    });

    var points = new Points().addTo(map);
    window.plannerPoints = points;
    // streamlit-folium reads a clicked layer's tooltip: ``getTooltip().getContent()(sourceTarget)``.
    var clickText = L.tooltip();
    clickText.setContent(function (target) { return points.tooltipContent(target.options.vi); });
    points._tooltip = clickText;  // read only; not bound, so Leaflet opens nothing on click
    var tip = L.tooltip({direction: "top", offset: [0, -RADIUS - 2], className: "planner-tip"});
    var shown = -1, frame = null, lastMove = null, box = map.getContainer();
    function hide() {
        if (shown >= 0) { map.closeTooltip(tip); L.DomUtil.removeClass(box, "planner-on-point"); }
        shown = -1;
    }
    function hover() {
        frame = null;
        if (!lastMove || map._animatingZoom) { return; }
        var layerPoint = map.mouseEventToLayerPoint(lastMove), i = points.hit(layerPoint);
        if (i < 0) { hide(); return; }
        if (i !== shown) { tip.setContent(points.tooltipContent(i)); shown = i; }
        tip.setLatLng(map.layerPointToLatLng(layerPoint));
        if (!map.hasLayer(tip)) { map.openTooltip(tip); }
        L.DomUtil.addClass(box, "planner-on-point");
    }
    // Every mouse move of the container (Leaflet's canvas renderer passes on at most one per
    // 32 ms and drops the last, which could leave a tooltip on a point the mouse has left).
    L.DomEvent.on(box, "mousemove", function (e) {
        lastMove = e;
        if (!frame) { frame = L.Util.requestAnimFrame(hover); }
    });
    L.DomEvent.on(box, "mouseleave", function () { lastMove = null; hide(); });
    map.on("click", function (e) {
        var i = points.hit(e.layerPoint);
        if (i >= 0) {
            points.fire("click", {latlng: e.latlng, layerPoint: e.layerPoint, containerPoint: e.containerPoint,
                                  originalEvent: e.originalEvent, sourceTarget: {options: {vi: i}}});
        }
    });

    if (R.id.length) {
        var line = [];
        for (var k = 0; k < R.id.length; k++) { line.push([R.y[k], R.x[k]]); }
        L.polyline(line, {color: "#222", weight: 3, opacity: 0.8, dashArray: "8 6", interactive: false}).addTo(map);
        var route = L.featureGroup();
        for (var m = 0; m < R.id.length; m++) {
            var badge = document.createElement("div");
            badge.className = "planner-route-n";
            badge.textContent = String(m + 1);
            L.marker(line[m], {
                icon: L.divIcon({html: badge, className: "", iconSize: [22, 22], iconAnchor: [11, 11]}),
                bubblingMouseEvents: true, ri: m, zIndexOffset: 1000
            }).addTo(route);
        }
        route.bindTooltip(function (layer) {
            var r = layer.options.ri, el = document.createElement("div");
            var head = document.createElement("b");
            head.textContent = "#" + R.id[r] + " " + R.title[r];
            el.appendChild(head);
            el.appendChild(document.createElement("br"));
            el.appendChild(document.createTextNode((r + 1) + ". " + R.time[r] + " · " + R.site[r]));
            return el;
        }, {sticky: true});
        route.addTo(map);
    }
    function draw(D) {
        points.setData(D);
        window.plannerPointsDrawn = D.id.length;
    }
    if (typeof source === "string") {
        fetch(source).then(function (r) { return r.json(); }).then(draw);
    } else {
        draw(source);
    }
};

// The in-map timeline player (core/player.py). Plain ES5 for Leaflet 1.9; all text arrives as data.
// Never write a brace followed by a brace, percent or hash here: branca reads this file as a Jinja template.
function atlasCreatePlayer(map, config) {
    var data = null, index = 0, seq = 0, answered = 0, playing = false, speed = config.speed;
    var mount = Math.random().toString(36).slice(2, 10);  // this map's life: a remounted map starts afresh
    var ring = [], showTerritory = true, showAttacks = true;
    var markers = [], attackMarkers = [], icons = {}, lastCode = [], cellsByPlace = [];
    var group = L.featureGroup().addTo(map);  // created now, so st_folium's click handler is attached to it
    // A click reports the clicked symbol's place id (never a guess from coordinates); clearing st_folium's
    // last value makes it send even when the same place is clicked again.
    group.on("click", function(event) {
        var id = event.layer && event.layer.options.atlasId;
        if (!id) { return; }
        clicks += 1;
        clickedId = id;
        if (window.__GLOBAL_DATA__) { window.__GLOBAL_DATA__.previous_data = null; }
    });
    var attacks = L.layerGroup().addTo(map);
    var cellLayer = L.geoJSON(null, {interactive: false, className: "atlas-cell"}).addTo(map);
    var frontLayer = L.geoJSON(null, {interactive: false}).addTo(map), fronts = [];  // contested bands, shown per month
    var reportTimer = null, lastUrlWrite = 0, urlTimer = null, frameRequest = null, lastTick = 0;
    var clicks = 0, clickedId = null, flown = 0;  // the last place clicked (reported by id) and the last fly-to cue
    var labelPane = map.createPane("atlasLabels"), labels = [], labelOrder = [];
    labelPane.style.zIndex = 640;  // above the symbols (600), below tooltips (650) and controls
    labelPane.style.pointerEvents = "none";
    var ui = buildControl();

    var style = document.createElement("style");
    style.textContent = [
        ".atlas-player { background: rgba(255,255,255,0.94); padding: 6px 10px; border-radius: 6px; font: 14px sans-serif;",
        "  box-shadow: 0 1px 5px rgba(0,0,0,0.4); min-width: 420px; }",
        ".atlas-player-date { font-size: 28px; font-weight: 700; line-height: 1.1; }",
        ".atlas-player-row { display: flex; align-items: center; gap: 6px; margin-top: 4px; }",
        ".atlas-player-row input[type=range] { flex: 1; }",
        ".atlas-player button { font-size: 16px; min-width: 34px; cursor: pointer; }",
        ".atlas-player-area, .atlas-player-events { font-size: 13px; color: #333; max-width: 520px; }",
        ".atlas-eased .atlas-cell { transition: fill 0.25s linear, fill-opacity 0.25s linear; }",
        ".atlas-label { position: absolute; white-space: nowrap; font: 700 14px sans-serif; color: #111; line-height: 16px;",
        "  text-shadow: -1px -1px 0 #fff, 1px -1px 0 #fff, -1px 1px 0 #fff, 1px 1px 0 #fff, 0 0 3px #fff, 0 0 4px #fff; }",
        ".atlas-label-site { font-size: 12px; font-weight: 600; }",
        ".atlas-legend-control { background: rgba(255,255,255,0.94); padding: 3px 8px; border-radius: 6px; font: 11px sans-serif;",
        "  box-shadow: 0 1px 5px rgba(0,0,0,0.4); max-width: 380px; }",
        ".atlas-legend-body { display: grid; grid-template-columns: 1fr 1fr; column-gap: 8px; }",
        ".atlas-legend-toggle { font: 700 13px sans-serif; background: none; border: none; cursor: pointer; padding: 2px 0; }",
        ".atlas-legend-row { display: flex; align-items: center; gap: 4px; margin: 1px 0; line-height: 1.15; }",
        ".atlas-legend-row svg { width: 16px; height: 16px; flex: none; }",
        ".atlas-legend-closed .atlas-legend-body { display: none; }"
    ].join("\n");
    document.head.appendChild(style);

    function el(tag, className, parent) {
        var node = L.DomUtil.create(tag, className || "", parent);
        return node;
    }

    function buildControl() {
        var control = L.control({position: config.position || "bottomleft"});
        var parts = {};
        control.onAdd = function() {
            var box = el("div", "atlas-player leaflet-bar");
            parts.date = el("div", "atlas-player-date", box);
            var row = el("div", "atlas-player-row", box);
            parts.back = el("button", "atlas-player-back", row);
            parts.back.textContent = "\u25C0";
            parts.play = el("button", "atlas-player-play", row);
            parts.play.textContent = "\u25B6";
            parts.forward = el("button", "atlas-player-forward", row);
            parts.forward.textContent = "\u25B6\u258F";
            parts.range = el("input", "atlas-player-range", row);
            parts.range.type = "range";
            parts.range.min = 0;
            parts.range.step = 1;
            parts.speed = el("select", "atlas-player-speed", row);
            config.speeds.forEach(function(value) {
                var option = el("option", "", parts.speed);
                option.value = value;
                option.textContent = value + "\u00D7";
                option.selected = value === config.speed;
            });
            var easeLabel = el("label", "atlas-player-ease-label", row);
            parts.ease = el("input", "atlas-player-ease", easeLabel);
            parts.ease.type = "checkbox";
            parts.easeText = el("span", "", easeLabel);
            parts.area = el("div", "atlas-player-area", box);
            parts.events = el("div", "atlas-player-events", box);
            L.DomEvent.disableClickPropagation(box);
            L.DomEvent.disableScrollPropagation(box);
            L.DomEvent.on(parts.back, "click", function() { pause(); step(-1); });
            L.DomEvent.on(parts.forward, "click", function() { pause(); step(1); });
            L.DomEvent.on(parts.play, "click", function() { if (playing) { pause(); } else { play(); } });
            L.DomEvent.on(parts.range, "input", function() { pause(); show(Number(parts.range.value), true); });
            L.DomEvent.on(parts.speed, "change", function() { speed = Number(parts.speed.value); });
            L.DomEvent.on(parts.ease, "change", function() {
                map.getContainer().classList.toggle("atlas-eased", parts.ease.checked);
            });
            return box;
        };
        control.addTo(map);
        return parts;
    }

    var LEGEND_OPEN_WIDTH = 760;  // px: a narrower map starts with the legend folded (it would cover the map)

    // The legend inside the map (entries of core/legend.py as data: our own SVG, labels set as text).
    function buildLegend() {
        var control = L.control({position: "topright"});  // in view even when the map runs below the screen
        control.onAdd = function() {
            var box = el("div", "atlas-legend-control");
            if (map.getSize().x < LEGEND_OPEN_WIDTH) { box.classList.add("atlas-legend-closed"); }  // one click opens it
            var toggle = el("button", "atlas-legend-toggle", box);
            var body = el("div", "atlas-legend-body", box);
            data.legend.forEach(function(entry) {
                var row = el("div", "atlas-legend-row atlas-legend-" + entry.kind, body);
                el("span", "", row).innerHTML = entry.svg;
                el("span", "", row).textContent = entry.label;
            });
            function sync() {
                var closed = box.classList.contains("atlas-legend-closed");
                toggle.textContent = data.words.legend + (closed ? " \u25B8" : " \u25BE");
                toggle.title = closed ? data.words.show_legend : data.words.hide_legend;
                toggle.setAttribute("aria-expanded", closed ? "false" : "true");
            }
            L.DomEvent.on(toggle, "click", function() { box.classList.toggle("atlas-legend-closed"); sync(); placeLabels(); });
            L.DomEvent.disableClickPropagation(box);
            L.DomEvent.disableScrollPropagation(box);
            sync();
            return box;
        };
        control.addTo(map);
    }

    // Arrow keys step one month wherever the focus is inside the map's page (Leaflet would pan instead).
    document.addEventListener("keydown", function(event) {
        if (!data || event.altKey || event.ctrlKey || event.metaKey) { return; }
        if (event.key === "ArrowLeft" || event.key === "ArrowRight") {
            event.preventDefault();
            event.stopPropagation();
            pause();
            step(event.key === "ArrowRight" ? 1 : -1);
        }
    }, true);

    function icon(code, ringed, site) {
        var key = code + (ringed ? "r" : "") + (site ? "s" : "");
        if (!icons[key]) {
            var styleEntry = data.styles[code];
            icons[key] = L.divIcon({
                html: ringed ? styleEntry.ring : styleEntry.svg,
                className: site ? "atlas-symbol atlas-site" : "atlas-symbol",
                iconSize: site ? [16, 16] : [24, 24],
                iconAnchor: site ? [8, 8] : [12, 12]
            });
        }
        return icons[key];
    }

    function stepAt(steps, month) {
        var found = null;
        for (var k = 0; k < steps.length && steps[k][0] <= month; k++) { found = steps[k]; }
        return found;
    }

    function load(payload) {
        data = payload;
        ui.range.max = data.months.length - 1;
        ui.easeText.textContent = " " + data.words.ease;
        ui.back.title = data.words.back;
        ui.forward.title = data.words.forward;
        ui.range.setAttribute("aria-label", data.words.month);
        ui.speed.title = data.words.speed + " (" + data.words.per_second + ")";
        data.places.forEach(function(place, k) {
            // Cities above towns above other places above sites: where symbols overlap, a click finds the city.
            var options = {icon: icon(0, false, place.site), atlasId: place.id, atlasLabel: "", keyboard: false, zIndexOffset: place.tier * 100000};
            markers.push(L.marker(place.at, options).bindTooltip(""));
            lastCode.push(null);
            cellsByPlace.push([]);
            labels.push(null);
            labelOrder.push(k);
        });
        labelOrder.sort(function(a, b) { return data.places[a].rank - data.places[b].rank; });
        if (config.legend) { buildLegend(); }
        cellLayer.addData(data.cells);
        cellLayer.eachLayer(function(layer) { cellsByPlace[layer.feature.properties.place].push(layer); });
        frontLayer.addData(data.fronts);
        frontLayer.eachLayer(function(layer) { layer.setStyle({opacity: 0}); fronts.push(layer); });
        data.attacks.forEach(function(attack) {
            var attackIcon = L.divIcon({html: data.attack_svg, className: "atlas-symbol atlas-attack", iconSize: [16, 16], iconAnchor: [8, 8]});
            attackMarkers.push(L.marker(attack.at, {icon: attackIcon, atlasLabel: attack.label, keyboard: false, zIndexOffset: 500000}).bindTooltip(attack.label));
        });
        window.atlasPlayer = api;
        var pending = window.atlasPendingCue;
        window.atlasPendingCue = null;
        var start = data.months.indexOf(config.start);
        show(start < 0 ? 0 : start, false);
        if (pending) { cue(pending); }
        if (config.autoplay) { play(); }
    }

    function drawFronts(codes) {
        // A band where two neighbouring areas of different holders meet and either place is fought over.
        fronts.forEach(function(layer) {
            var a = codes[layer.feature.properties.a], b = codes[layer.feature.properties.b];
            var shown = a >= 0 && b >= 0 && data.styles[a].holder !== data.styles[b].holder && (data.styles[a].fighting || data.styles[b].fighting);
            if (layer._atlasShown !== shown) {
                layer._atlasShown = shown;
                layer.setStyle(shown ? data.front_style : {opacity: 0});
            }
        });
    }

    function draw(month) {
        var ringed = {}, codes = [];
        data.events[month].forEach(function(k) { ringed[k] = true; });
        data.places.forEach(function(place, k) {
            var current = stepAt(place.steps, month);
            var code = current ? current[1] : -1;
            var marker = markers[k];
            var isRinged = Boolean(ringed[k]) || ring.indexOf(place.id) >= 0;
            if (code < 0) {
                if (group.hasLayer(marker)) { group.removeLayer(marker); }
            } else {
                var key = code + (isRinged ? "r" : "");
                if (marker._atlasKey !== key) {
                    marker.setIcon(icon(code, isRinged, place.site));
                    marker._atlasKey = key;
                }
                var text = data.texts[current[2]];
                if (marker.options.atlasLabel !== text) {
                    marker.options.atlasLabel = text;
                    marker.setTooltipContent(text);
                }
                if (!group.hasLayer(marker)) { group.addLayer(marker); }
            }
            var cellCode = showTerritory ? code : -1;
            codes.push(cellCode);
            if (lastCode[k] !== cellCode) {
                lastCode[k] = cellCode;
                cellsByPlace[k].forEach(function(layer) {
                    layer.setStyle(cellCode < 0 ? {opacity: 0, fillOpacity: 0} : data.styles[cellCode].cell);
                });
            }
        });
        drawFronts(codes);
        data.attacks.forEach(function(attack, k) {
            var age = month - attack.from;  // the month's attacks, then fading for the rest of the trail
            var shown = showAttacks && age >= 0 && age < data.attack_trail;
            var marker = attackMarkers[k];
            if (shown && !attacks.hasLayer(marker)) { attacks.addLayer(marker); }
            if (!shown && attacks.hasLayer(marker)) { attacks.removeLayer(marker); }
            if (shown) { marker.setOpacity(age === 0 ? 1 : 0.4); }
        });
        placeLabels();
        ui.date.textContent = data.labels[month];
        ui.range.value = month;
        ui.area.textContent = data.words.area + ": " + data.area[month].toLocaleString(data.lang === "nl" ? "nl-NL" : "en-GB") + " km\u00B2";
        var names = data.events[month].map(function(k) { return data.places[k].name; });
        ui.events.innerHTML = data.words.events + ": " + (names.length ? names.join(", ") : data.words.no_events);
        map.getContainer().setAttribute("data-atlas-month", data.months[month]);
    }

    var LABEL_GAP = 3;  // px kept free around a name

    function labelFor(k) {
        if (!labels[k]) {
            var place = data.places[k];
            labels[k] = el("div", "atlas-label" + (place.site ? " atlas-label-site" : ""), labelPane);
            labels[k].innerHTML = place.name;  // escaped on the server (core.i18n.escape)
            labels[k].setAttribute("data-atlas-id", place.id);
        }
        var label = labels[k];
        if (!label.atlasWidth) {
            label.style.display = "";
            var rect = label.getBoundingClientRect();
            label.atlasWidth = Math.ceil(rect.width) + LABEL_GAP;
            label.atlasHeight = Math.ceil(rect.height);
        }
        return label;
    }

    // The map's controls (player, legend, zoom) as boxes in map pixels: a name under them would be hidden.
    function controlBoxes() {
        var origin = map.getContainer().getBoundingClientRect(), boxes = [];
        map.getContainer().querySelectorAll(".leaflet-control").forEach(function(node) {
            var r = node.getBoundingClientRect();
            if (r.width) { boxes.push({x: r.left - origin.left, y: r.top - origin.top, w: r.width, h: r.height}); }
        });
        return boxes;
    }

    function overlaps(box, taken) {
        for (var t = 0; t < taken.length; t++) {
            var other = taken[t];
            if (box.x < other.x + other.w && other.x < box.x + box.w && box.y < other.y + other.h && other.y < box.y + box.h) { return true; }
        }
        return false;
    }

    // Names of the drawn places, most important first, greedily in screen space: a label that would touch a
    // label or symbol placed before it (right of its symbol, else left) is hidden.
    function placeLabels() {
        if (!data) { return; }
        var zoom = map.getZoom(), size = map.getSize(), taken = controlBoxes();
        labelOrder.forEach(function(k) {
            var place = data.places[k], box = null, label = null;
            var visible = group.hasLayer(markers[k]) && (!place.site || zoom >= data.site_zoom);
            var point = visible ? map.latLngToContainerPoint(place.at) : null;
            if (point && point.x >= 0 && point.y >= 0 && point.x <= size.x && point.y <= size.y) {
                label = labelFor(k);
                var half = place.site ? 8 : 12, w = label.atlasWidth, h = label.atlasHeight;
                var symbol = {x: point.x - half, y: point.y - half, w: 2 * half, h: 2 * half};
                var right = {x: point.x + half + 2, y: point.y - h / 2, w: w, h: h};
                var left = {x: point.x - half - 2 - w, y: point.y - h / 2, w: w, h: h};
                var fits = function(b) { return w && b.x >= 0 && b.x + b.w <= size.x && !overlaps(b, taken); };
                box = fits(right) ? right : (fits(left) ? left : null);
                if (box) { taken.push(symbol); }
            }
            if (box) {
                taken.push(box);
                L.DomUtil.setPosition(label, map.containerPointToLayerPoint([box.x, box.y]));
                label.style.display = "";
                label.atlasBox = box;
            } else if (labels[k]) {
                labels[k].style.display = "none";
                labels[k].atlasBox = null;
            }
        });
    }
    map.on("zoomend moveend resize", placeLabels);

    function flyTo(fly) {
        if (!fly || fly.n === flown) { return; }
        flown = fly.n;
        map.setView(fly.at, Math.max(map.getZoom(), fly.zoom));
    }

    // Show a month; a move by the user (byUser) is reported to the server once the player rests.
    function show(month, byUser) {
        index = Math.max(0, Math.min(data.months.length - 1, month));
        draw(index);
        if (byUser) {
            seq += 1;
            writeUrl();
            scheduleReport();
        }
        var listeners = api.onShow;
        for (var k = 0; k < listeners.length; k++) { listeners[k](data.months[index], index); }
    }

    function step(delta) { if (data) { show(index + delta, true); } }

    function frame(now) {
        if (!playing) { return; }
        var interval = 1000 / speed;
        if (now - lastTick >= interval) {
            lastTick = now - lastTick > 2 * interval ? now : lastTick + interval;  // keep the beat, never race
            if (index >= data.months.length - 1) { pause(); return; }
            show(index + 1, true);
        }
        frameRequest = window.requestAnimationFrame(frame);
    }

    function play() {
        if (!data || playing) { return; }
        if (index >= data.months.length - 1) { show(0, true); }
        playing = true;
        ui.play.textContent = "\u23F8";
        ui.play.title = data.words.pause;
        lastTick = performance.now();
        frameRequest = window.requestAnimationFrame(frame);
    }

    function pause() {
        if (!playing) { return; }
        playing = false;
        if (frameRequest) { window.cancelAnimationFrame(frameRequest); }
        ui.play.textContent = "\u25B6";
        ui.play.title = data.words.play;
        scheduleReport();
    }

    function writeUrl() {
        if (!config.urlParam) { return; }
        var wait = config.urlEvery - (Date.now() - lastUrlWrite);
        if (urlTimer) { return; }
        urlTimer = window.setTimeout(function() {
            urlTimer = null;
            lastUrlWrite = Date.now();
            try {
                var parentWindow = window.parent;
                var address = new URL(parentWindow.location.href);
                address.searchParams.set(config.urlParam, data.months[index]);
                parentWindow.history.replaceState(parentWindow.history.state, "", address.toString());
            } catch (error) {
                // another origin (the page is embedded elsewhere): the address bar stays as it is
            }
        }, Math.max(0, wait));
    }

    // Every value the map component sends carries the shown month, so a click reports it too.
    function streamlit() {
        var bridge = window.Streamlit;
        if (!config.report || !bridge || !window.__GLOBAL_DATA__) { return null; }
        if (!bridge.atlasWrapped) {
            var send = bridge.setComponentValue;
            bridge.setComponentValue = function(value) {
                var month = data ? data.months[index] : config.start;
                var extra = {atlas_month: month, atlas_seq: seq, atlas_mount: mount};
                if (clicks) { extra.atlas_click = [mount, clicks, clickedId]; }
                return send.call(bridge, Object.assign({}, value, extra));
            };
            bridge.atlasWrapped = true;
        }
        return bridge;
    }

    function scheduleReport() {
        if (reportTimer) { window.clearTimeout(reportTimer); }
        reportTimer = window.setTimeout(function() {
            reportTimer = null;
            var bridge = streamlit();
            if (!bridge || playing || seq === answered) { return; }
            answered = seq;
            bridge.setComponentValue(window.__GLOBAL_DATA__.previous_data || {});
        }, config.reportAfter);
    }

    // The server's month (slider, URL, buttons), unless it is an echo of a move the player made since.
    function cue(next) {
        ring = next.ring || [];
        showTerritory = next.territory !== false;
        showAttacks = next.attacks !== false;
        markers.forEach(function(marker) { marker._atlasKey = null; });
        lastCode = lastCode.map(function() { return null; });
        var month = data.months.indexOf(next.month);
        var heard = next.answers || [];
        var current = heard[0] !== mount || heard[1] >= seq;  // the server knows every move of this map
        if (month >= 0 && current && month !== index) {
            pause();
            show(month, false);
        } else {
            draw(index);
        }
        flyTo(next.fly);
    }

    var api = {
        load: load,
        cue: cue,
        play: play,
        pause: pause,
        step: step,
        onShow: [],
        month: function() { return data ? data.months[index] : null; },
        labels: function() {
            return labels.filter(function(label) { return label && label.atlasBox; }).map(function(label) {
                return {id: label.getAttribute("data-atlas-id"), box: label.atlasBox};
            });
        },
        isPlaying: function() { return playing; },
        setSpeed: function(value) { speed = value; ui.speed.value = value; }
    };
    streamlit();
    return api;
}

// Drawing a month on the map: place symbols, territory, attacks and place names. Knows Leaflet and the
// timeline data, nothing of the buttons or the server.
// Never write a brace followed by a brace, percent or hash here: branca reads this code as a Jinja template.
function atlasCreateDrawing(map) {
    var data = null, markers = [], attackMarkers = [], icons = {}, cellsByPlace = [], lastCode = [];
    var labels = [], labelOrder = [];
    var view = {ring: [], territory: true, attacks: true};
    var group = L.featureGroup().addTo(map);  // created now, so st_folium's click handler is attached to it
    var attacks = L.layerGroup().addTo(map);
    var cellLayer = L.geoJSON(null, {interactive: false, className: "atlas-cell"}).addTo(map);
    var frontLayer = L.geoJSON(null, {interactive: false}).addTo(map), fronts = [];  // contested bands, shown per month
    var labelPane = map.createPane("atlasLabels");
    labelPane.style.zIndex = 640;  // above the symbols (600), below tooltips (650) and controls
    labelPane.style.pointerEvents = "none";

    // A supporting place (the article does not name it) is drawn with its style's `_s` symbols.
    function icon(code, ringed, site, supporting) {
        var key = code + (ringed ? "r" : "") + (site ? "s" : "") + (supporting ? "p" : "");
        if (!icons[key]) {
            var styleEntry = data.styles[code];
            icons[key] = L.divIcon({
                html: supporting ? (ringed ? styleEntry.ring_s : styleEntry.svg_s) : (ringed ? styleEntry.ring : styleEntry.svg),
                className: site ? "atlas-symbol atlas-site" : "atlas-symbol",
                iconSize: site ? [16, 16] : [24, 24],
                iconAnchor: site ? [8, 8] : [12, 12]
            });
        }
        return icons[key];
    }

    function load(payload) {
        data = payload;
        data.places.forEach(function(place, k) {
            // Cities above towns above other places above sites: where symbols overlap, a click finds the city.
            var options = {icon: icon(0, false, place.site, place.supporting), atlasId: place.id, atlasLabel: "", keyboard: false, zIndexOffset: place.tier * 100000};
            markers.push(L.marker(place.at, options).bindTooltip(""));
            lastCode.push(null);
            cellsByPlace.push([]);
            labels.push(null);
            labelOrder.push(k);
        });
        labelOrder.sort(function(a, b) { return data.places[a].rank - data.places[b].rank; });
        // The parts of cells (the towns around a besieged or uncertain place) come after the places.
        (data.parts || []).forEach(function() { lastCode.push(null); cellsByPlace.push([]); });
        cellLayer.addData(data.cells);
        cellLayer.eachLayer(function(layer) {
            var tag = layer.feature.properties;
            cellsByPlace[tag.part === undefined ? tag.place : data.places.length + tag.part].push(layer);
        });
        frontLayer.addData(data.fronts);
        frontLayer.eachLayer(function(layer) { layer.setStyle({opacity: 0}); fronts.push(layer); });
        data.attacks.forEach(function(attack) {
            var attackIcon = L.divIcon({html: data.attack_svg, className: "atlas-symbol atlas-attack", iconSize: [16, 16], iconAnchor: [8, 8]});
            attackMarkers.push(L.marker(attack.at, {icon: attackIcon, atlasLabel: attack.label, keyboard: false, zIndexOffset: 500000}).bindTooltip(attack.label));
        });
    }

    // The server's view (places to ring, territory and attacks on or off): everything is drawn afresh.
    function setView(next) {
        view = next;
        markers.forEach(function(marker) { marker._atlasKey = null; });
        lastCode = lastCode.map(function() { return null; });
    }

    function drawSymbol(place, k, current, ringed) {
        var marker = markers[k];
        if (!current || current[1] < 0) {
            if (group.hasLayer(marker)) { group.removeLayer(marker); }
            return;
        }
        var key = current[1] + (ringed ? "r" : "");
        if (marker._atlasKey !== key) {
            marker.setIcon(icon(current[1], ringed, place.site, place.supporting));
            marker._atlasKey = key;
        }
        var text = data.texts[current[2]];
        if (marker.options.atlasLabel !== text) {
            marker.options.atlasLabel = text;
            marker.setTooltipContent(text);
        }
        if (!group.hasLayer(marker)) { group.addLayer(marker); }
    }

    // Territory: each place's cell (k: a place, or a part after the places) takes the colour of its holder this
    // month (restyled only on a change); returns the style code its cell is drawn in (-1: not drawn), which the
    // fronts read.
    function drawTerritory(k, code) {
        var cellCode = view.territory ? code : -1;
        if (lastCode[k] === cellCode) { return cellCode; }
        lastCode[k] = cellCode;
        cellsByPlace[k].forEach(function(layer) {
            layer.setStyle(cellCode < 0 ? {opacity: 0, fillOpacity: 0} : data.styles[cellCode].cell);
        });
        return cellCode;
    }

    // A band where two neighbouring areas of different holders meet and either place is fought over.
    function drawFronts(codes) {
        fronts.forEach(function(layer) {
            var a = codes[layer.feature.properties.a], b = codes[layer.feature.properties.b];
            var shown = a >= 0 && b >= 0 && data.styles[a].holder !== data.styles[b].holder && (data.styles[a].fighting || data.styles[b].fighting);
            if (layer._atlasShown !== shown) {
                layer._atlasShown = shown;
                layer.setStyle(shown ? data.front_style : {opacity: 0});
            }
        });
    }

    function drawAttacks(month) {
        data.attacks.forEach(function(attack, k) {
            var age = month - attack.from;  // the month's attacks, then fading for the rest of the trail
            var shown = view.attacks && age >= 0 && age < data.attack_trail;
            var marker = attackMarkers[k];
            if (shown && !attacks.hasLayer(marker)) { attacks.addLayer(marker); }
            if (!shown && attacks.hasLayer(marker)) { attacks.removeLayer(marker); }
            if (shown) { marker.setOpacity(age === 0 ? 1 : 0.4); }
        });
    }

    // Draws `month`; returns the tooltip texts of the places drawn (the map's text alternative).
    function draw(month) {
        var ringed = {}, holders = [], codes = [];
        data.events[month].forEach(function(k) { ringed[k] = true; });
        data.places.forEach(function(place, k) {
            var current = atlasStepAt(place.steps, month);
            var code = current ? current[1] : -1;
            drawSymbol(place, k, current, Boolean(ringed[k]) || view.ring.indexOf(place.id) >= 0);
            codes.push(drawTerritory(k, code));
            if (code >= 0 && !place.site) { holders.push(data.texts[current[2]]); }
        });
        (data.parts || []).forEach(function(part, n) {
            var current = atlasStepAt(part.steps, month);
            codes.push(drawTerritory(data.places.length + n, current ? current[1] : -1));
        });
        drawFronts(codes);
        drawAttacks(month);
        placeLabels();
        return holders;
    }

    var LABEL_GAP = 3;  // px kept free around a name

    function labelFor(k) {
        if (!labels[k]) {
            var place = data.places[k];
            labels[k] = L.DomUtil.create("div", "atlas-label" + (place.site ? " atlas-label-site" : ""), labelPane);
            labels[k].innerHTML = place.name;  // escaped on the server (core.i18n.escape)
            labels[k].setAttribute("data-atlas-id", place.id);
            labels[k].setAttribute("aria-hidden", "true");  // the text alternative lists the places
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
        if (!markers.length) { return; }
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

    return {
        group: group,
        load: load,
        setView: setView,
        draw: draw,
        placeLabels: placeLabels,
        shownLabels: function() {
            return labels.filter(function(label) { return label && label.atlasBox; }).map(function(label) {
                return {id: label.getAttribute("data-atlas-id"), box: label.atlasBox};
            });
        }
    };
}

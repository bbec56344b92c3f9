// The player's controls in the map: buttons, month slider, speed, the legend box and the map's text
// alternative (the month's holders as a list). DOM only: what a control does arrives as `actions`, every
// word as `words` (English or Dutch, core/render/timeline_payload.PLAYER_WORDS).
// Never write a brace followed by a brace, percent or hash here: branca reads this code as a Jinja template.
function atlasCreateControl(map, config, words, actions) {
    var parts = {};
    var SWIPE_PX = 40;  // a horizontal swipe this long on the player steps one month

    function el(tag, className, parent) { return L.DomUtil.create(tag, className || "", parent); }

    function button(className, parent, name, text, action) {
        var node = el("button", className, parent);
        node.type = "button";
        node.textContent = text;
        node.title = name;
        node.setAttribute("aria-label", name);
        L.DomEvent.on(node, "click", action);
        return node;
    }

    function onSwipe(box) {
        var start = null;
        L.DomEvent.on(box, "touchstart", function(event) {
            var touch = event.touches[0];
            start = event.touches.length === 1 && event.target.type !== "range" ? [touch.clientX, touch.clientY] : null;
        });
        L.DomEvent.on(box, "touchend", function(event) {
            if (!start) { return; }
            var touch = event.changedTouches[0];
            var delta = atlasSwipeStep(touch.clientX - start[0], touch.clientY - start[1], SWIPE_PX);
            start = null;
            if (delta) { actions.step(delta); }
        });
    }

    var control = L.control({position: config.position || "bottomleft"});
    control.onAdd = function() {
        var box = el("div", "atlas-player leaflet-bar");
        box.setAttribute("role", "group");
        box.setAttribute("aria-label", words.player);
        parts.date = el("div", "atlas-player-date", box);
        parts.date.setAttribute("aria-live", "polite");
        var row = el("div", "atlas-player-row", box);
        parts.back = button("atlas-player-back", row, words.back, "\u25C0", function() { actions.step(-1); });
        parts.play = button("atlas-player-play", row, words.play, "\u25B6", actions.toggle);
        parts.forward = button("atlas-player-forward", row, words.forward, "\u25B6\u258F", function() { actions.step(1); });
        parts.range = el("input", "atlas-player-range", row);
        parts.range.type = "range";
        parts.range.min = 0;
        parts.range.max = 0;
        parts.range.step = 1;
        parts.range.setAttribute("aria-label", words.month);
        L.DomEvent.on(parts.range, "input", function() { actions.seek(Number(parts.range.value)); });
        var speedLabel = el("label", "atlas-player-speed-label", row);
        el("span", "atlas-visually-hidden", speedLabel).textContent = words.speed + " (" + words.per_second + ")";
        parts.speed = el("select", "atlas-player-speed", speedLabel);
        parts.speed.title = words.speed + " (" + words.per_second + ")";
        config.speeds.forEach(function(value) {
            var option = el("option", "", parts.speed);
            option.value = value;
            option.textContent = value + "\u00D7";
            option.selected = value === config.speed;
        });
        L.DomEvent.on(parts.speed, "change", function() { actions.speed(Number(parts.speed.value)); });
        var easeLabel = el("label", "atlas-player-ease-label", row);
        parts.ease = el("input", "atlas-player-ease", easeLabel);
        parts.ease.type = "checkbox";
        el("span", "", easeLabel).textContent = words.ease;
        L.DomEvent.on(parts.ease, "change", function() { actions.ease(parts.ease.checked); });
        parts.area = el("div", "atlas-player-area", box);
        parts.events = el("div", "atlas-player-events", box);
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        onSwipe(box);
        return box;
    };
    control.addTo(map);

    // Where the credits (bottom right) wrap to several lines on a narrow map, the player rises above them.
    function clearCredits() {
        var box = control.getContainer(), credits = map.getContainer().querySelector(".leaflet-control-attribution");
        box.style.marginBottom = "";
        if (!credits) { return; }
        var player = box.getBoundingClientRect(), line = credits.getBoundingClientRect();
        if (player.right > line.left && player.bottom > line.top) {
            box.style.marginBottom = Math.ceil(player.bottom - line.top + 14) + "px";
        }
    }
    map.on("resize", clearCredits);

    // The map's text alternative: who holds which place in the shown month, as a list (read by screen readers).
    var alternative = el("section", "atlas-visually-hidden atlas-holders", map.getContainer().parentNode);
    alternative.setAttribute("aria-label", words.holders);
    var alternativeTitle = el("h2", "", alternative);
    var alternativeList = el("ul", "", alternative);

    function showHolders(label, holders) {
        alternativeTitle.textContent = words.holders + ": " + label;
        alternativeList.textContent = "";
        holders.forEach(function(text) { el("li", "", alternativeList).innerHTML = text; });  // escaped on the server
    }

    // Everything that changes with the month (texts arrive escaped from the server or as numbers).
    function show(state) {
        parts.date.textContent = state.label;
        parts.range.max = state.count - 1;
        parts.range.value = state.index;
        parts.range.setAttribute("aria-valuetext", state.label);
        parts.area.textContent = words.area + ": " + state.area + " km\u00B2";
        parts.events.innerHTML = words.events + ": " + (state.events.length ? state.events.join(", ") : words.no_events);
        showHolders(state.label, state.holders);
    }

    function setPlaying(playing) {
        var name = playing ? words.pause : words.play;
        parts.play.textContent = playing ? "\u23F8" : "\u25B6";
        parts.play.title = name;
        parts.play.setAttribute("aria-label", name);
    }

    // The legend inside the map (entries of core/render/legend.py as data: our own SVG, labels set as text);
    // folded from the start where, open, it would cover more than a quarter of the map.
    function buildLegend(entries) {
        var legend = L.control({position: "topright"});
        legend.onAdd = function() {
            var box = el("div", "atlas-legend-control");
            var toggle = el("button", "atlas-legend-toggle", box);
            toggle.type = "button";
            var body = el("div", "atlas-legend-body", box);
            body.id = "atlas-legend-body";
            toggle.setAttribute("aria-controls", body.id);
            entries.forEach(function(entry) {
                var row = el("div", "atlas-legend-row atlas-legend-" + entry.kind, body);
                var symbol = el("span", "", row);
                symbol.innerHTML = entry.svg;
                symbol.setAttribute("aria-hidden", "true");
                el("span", "", row).textContent = entry.label;
            });
            function sync() {
                var closed = box.classList.contains("atlas-legend-closed");
                toggle.textContent = words.legend + (closed ? " \u25B8" : " \u25BE");
                toggle.title = closed ? words.show_legend : words.hide_legend;
                toggle.setAttribute("aria-expanded", closed ? "false" : "true");
            }
            L.DomEvent.on(toggle, "click", function() { box.classList.toggle("atlas-legend-closed"); sync(); actions.layout(); });
            L.DomEvent.disableClickPropagation(box);
            L.DomEvent.disableScrollPropagation(box);
            sync();
            box.atlasSync = sync;
            return box;
        };
        legend.addTo(map);
        var box = legend.getContainer(), size = map.getSize();
        if (atlasLegendFolds(box.offsetWidth, box.offsetHeight, size.x, size.y, config.legendShare)) {
            box.classList.add("atlas-legend-closed");
            box.atlasSync();
        }
    }

    return {show: show, setPlaying: setPlaying, buildLegend: buildLegend, clearCredits: clearCredits, setSpeed: function(value) { parts.speed.value = value; }};
}

// The in-map timeline player (core/render/player.py): joins the time model (time_model.js), the drawing
// (drawing.js) and the controls (control.js), and talks to the app (the shown month, clicks, the address bar).
// Plain ES5 for Leaflet 1.9; all text arrives as data.
// Never write a brace followed by a brace, percent or hash here: branca reads this code as a Jinja template.
function atlasCreatePlayer(map, config) {
    var data = null, model = null, drawing = atlasCreateDrawing(map), frameRequest = null;
    var answered = 0, reportTimer = null, lastUrlWrite = 0, urlTimer = null, lastSent = null;
    var mount = Math.random().toString(36).slice(2, 10);  // this map's life: a remounted map starts afresh
    var clicks = 0, clickedId = null, flown = 0;  // the last place clicked (reported by id) and the last fly-to cue
    var style = document.createElement("style");
    style.textContent = config.css;
    document.head.appendChild(style);

    var ui = atlasCreateControl(map, config, config.words, {
        step: function(delta) { pause(); step(delta); },
        toggle: function() { if (model && model.playing) { pause(); } else { play(); } },
        seek: function(index) { pause(); if (model) { model.go(index, true); } },
        speed: function(value) { if (model) { model.speed = value; } },
        ease: function(on) { map.getContainer().classList.toggle("atlas-eased", on); },
        layout: function() { drawing.placeLabels(); }
    });

    // A click reports the clicked symbol's place id (never a guess from coordinates); clearing st_folium's
    // last value makes it send even when the same place is clicked again.
    drawing.group.on("click", function(event) {
        var id = event.layer && event.layer.options.atlasId;
        if (!id) { return; }
        clicks += 1;
        clickedId = id;
        if (window.__GLOBAL_DATA__) { window.__GLOBAL_DATA__.previous_data = null; }
    });

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

    function load(payload) {
        data = payload;
        drawing.load(data);
        model = atlasTimeModel(data.months, config.speed);
        model.listeners.push(shown);
        if (config.legend) { ui.buildLegend(data.legend); }
        ui.clearCredits();  // the credits are complete by now (the borders' attribution comes with their layer)
        window.atlasPlayer = api;
        var pending = window.atlasPendingCue;
        window.atlasPendingCue = null;
        var start = model.indexOf(config.start);
        model.go(start < 0 ? 0 : start, false);
        if (pending) { cue(pending); }
        if (config.autoplay) { play(); }
    }

    function draw(index) {
        var holders = drawing.draw(index);
        ui.show({
            index: index,
            count: data.months.length,
            label: data.labels[index],
            area: data.area[index].toLocaleString(data.lang === "nl" ? "nl-NL" : "en-GB"),
            events: data.events[index].map(function(k) { return data.places[k].name; }),
            holders: holders
        });
        map.getContainer().setAttribute("data-atlas-month", data.months[index]);
    }

    // The model moved to `index`: draw it; a move by the user is reported to the server once the player rests.
    function shown(index, byUser) {
        draw(index);
        if (byUser) {
            writeUrl();
            scheduleReport();
        }
        for (var k = 0; k < api.onShow.length; k++) { api.onShow[k](data.months[index], index); }
    }

    function step(delta) { if (model) { model.step(delta); } }

    function frame(now) {
        if (!model.playing) { return; }
        model.tick(now);
        if (!model.playing) { ui.setPlaying(false); scheduleReport(); return; }
        frameRequest = window.requestAnimationFrame(frame);
    }

    function play() {
        if (!model || !model.play(performance.now())) { return; }
        ui.setPlaying(true);
        frameRequest = window.requestAnimationFrame(frame);
    }

    function pause() {
        if (!model || !model.pause()) { return; }
        if (frameRequest) { window.cancelAnimationFrame(frameRequest); }
        ui.setPlaying(false);
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
                address.searchParams.set(config.urlParam, model.month());
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
                var month = model ? model.month() : config.start;
                var extra = {atlas_month: month, atlas_seq: model ? model.seq : 0, atlas_mount: mount, atlas_zoom: map.getZoom()};
                if (clicks) { extra.atlas_click = [mount, clicks, clickedId]; }
                // Each value is sent once: a second rerun with the same report would bring back the slider's old
                // value (a step, then a click at once: st_folium sent the click twice, the scheduled report a third).
                var payload = Object.assign({}, value, extra), text = JSON.stringify(payload);
                if (text === lastSent) { return; }
                lastSent = text;
                if (model) { answered = model.seq; }
                return send.call(bridge, payload);
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
            if (!bridge || model.playing || model.seq === answered) { return; }
            answered = model.seq;
            bridge.setComponentValue(window.__GLOBAL_DATA__.previous_data || {});
        }, config.reportAfter);
    }

    function flyTo(fly) {
        if (!fly || fly.n === flown) { return; }
        flown = fly.n;
        map.setView(fly.at, Math.max(map.getZoom(), fly.zoom));
    }

    // The server's month (slider, URL, buttons), unless it is an echo of a move the player made since.
    function cue(next) {
        drawing.setView({ring: next.ring || [], territory: next.territory !== false, attacks: next.attacks !== false});
        var month = model.takesCue(next.month, next.answers, mount);
        if (month >= 0) {
            pause();
            model.go(month, false);
        } else {
            draw(model.index);
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
        month: function() { return model ? model.month() : null; },
        labels: function() { return drawing.shownLabels(); },
        isPlaying: function() { return Boolean(model && model.playing); },
        setSpeed: function(value) { if (model) { model.speed = value; } ui.setSpeed(value); }
    };
    streamlit();
    return api;
}

// The player's time model: the months, the shown one, playing or not, and the stepping rules. No DOM, no
// Leaflet: Node's test runner loads this file alone (tests/js/time_model.test.js).
// Never write a brace followed by a brace, percent or hash here: branca reads this code as a Jinja template.
function atlasTimeModel(months, speed) {
    var model = {index: 0, playing: false, speed: speed, seq: 0, lastTick: 0, listeners: []};

    model.count = function() { return months.length; };
    model.month = function() { return months[model.index]; };
    model.atEnd = function() { return model.index >= months.length - 1; };
    model.indexOf = function(month) { return months.indexOf(month); };

    // Go to a month (clamped to the timeline); a move by the user counts (seq) so the server can tell echoes.
    model.go = function(index, byUser) {
        model.index = Math.max(0, Math.min(months.length - 1, index));
        if (byUser) { model.seq += 1; }
        for (var k = 0; k < model.listeners.length; k++) { model.listeners[k](model.index, Boolean(byUser)); }
        return model.index;
    };
    model.step = function(delta) { return model.go(model.index + delta, true); };

    // Play from the start again when at the end; returns whether the model started.
    model.play = function(now) {
        if (model.playing) { return false; }
        if (model.atEnd()) { model.go(0, true); }
        model.playing = true;
        model.lastTick = now;
        return true;
    };
    model.pause = function() {
        var was = model.playing;
        model.playing = false;
        return was;
    };

    // One animation frame at time `now` (ms): advance one month per 1/speed s, keeping the beat without racing
    // after a stall; stops at the end. Returns true when the month changed.
    model.tick = function(now) {
        if (!model.playing) { return false; }
        var interval = 1000 / model.speed;
        if (now - model.lastTick < interval) { return false; }
        model.lastTick = now - model.lastTick > 2 * interval ? now : model.lastTick + interval;
        if (model.atEnd()) { model.pause(); return false; }
        model.step(1);
        return true;
    };

    // A month cued by the server is taken unless it is an echo: the server has not yet heard every move of
    // this map (answers = [mount, seq] of the last report it took in).
    model.takesCue = function(month, answers, mount) {
        var index = months.indexOf(month);
        var heard = answers || [];
        var current = heard[0] !== mount || heard[1] >= model.seq;
        return index >= 0 && current && index !== model.index ? index : -1;
    };
    return model;
}

// The entry of a place's change list ([[month index, code, text], ...] sorted) in force in `month`, or null.
function atlasStepAt(steps, month) {
    var found = null;
    for (var k = 0; k < steps.length && steps[k][0] <= month; k++) { found = steps[k]; }
    return found;
}

// A touch gesture on the player: a mostly horizontal swipe of at least `minimum` px steps a month (swipe left
// = on, as turning a page); anything else is not a step (0).
function atlasSwipeStep(dx, dy, minimum) {
    if (Math.abs(dx) < minimum || Math.abs(dx) < 2 * Math.abs(dy)) { return 0; }
    return dx < 0 ? 1 : -1;
}

// The legend starts folded where, open, it would cover more than `share` of the map.
function atlasLegendFolds(legendWidth, legendHeight, mapWidth, mapHeight, share) {
    return legendWidth * legendHeight > share * mapWidth * mapHeight;
}

if (typeof module !== "undefined" && module.exports) {
    module.exports = {atlasTimeModel: atlasTimeModel, atlasStepAt: atlasStepAt, atlasSwipeStep: atlasSwipeStep, atlasLegendFolds: atlasLegendFolds};
}

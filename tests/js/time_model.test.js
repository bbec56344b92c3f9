// The player's time model and stepping rules (core/render/timeline_player/time_model.js), without a DOM.
// Run by tests/unit/test_player_js.py with Node's built-in runner: node --test tests/js/
const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");
const {atlasTimeModel, atlasStepAt, atlasSwipeStep, atlasLegendFolds} = require(
    path.join(__dirname, "..", "..", "core", "render", "timeline_player", "time_model.js"));

const MONTHS = ["2014-01", "2014-02", "2014-03", "2014-04"];

test("steps stay inside the timeline and count the user's moves", () => {
    const model = atlasTimeModel(MONTHS, 6);
    const seen = [];
    model.listeners.push((index, byUser) => seen.push([index, byUser]));
    assert.equal(model.step(-1), 0);
    assert.equal(model.step(1), 1);
    assert.equal(model.go(99, true), 3);
    assert.equal(model.month(), "2014-04");
    model.go(2, false);
    assert.deepEqual(seen, [[0, true], [1, true], [3, true], [2, false]]);
    assert.equal(model.seq, 3);
});

test("play keeps the beat, never races after a stall, and stops at the end", () => {
    const model = atlasTimeModel(MONTHS, 4);  // one month every 250 ms
    assert.equal(model.play(1000), true);
    assert.equal(model.play(1000), false, "already playing");
    assert.equal(model.tick(1100), false);
    assert.equal(model.tick(1250), true);
    assert.equal(model.index, 1);
    assert.equal(model.tick(5000), true, "after a stall: one month, not a burst");
    assert.equal(model.lastTick, 5000);
    assert.equal(model.tick(5010), false);
    assert.equal(model.tick(5250), true);
    assert.equal(model.index, 3);
    assert.equal(model.tick(5500), false);
    assert.equal(model.playing, false, "the end pauses");
});

test("play at the end starts again from the first month", () => {
    const model = atlasTimeModel(MONTHS, 6);
    model.go(3, false);
    model.play(0);
    assert.equal(model.index, 0);
    assert.equal(model.pause(), true);
    assert.equal(model.pause(), false);
});

test("a cue from the server is taken unless it echoes an older state of this map", () => {
    const model = atlasTimeModel(MONTHS, 6);
    model.step(1);
    model.step(1);  // seq 2, at 2014-03
    assert.equal(model.takesCue("2014-01", ["m1", 1], "m1"), -1, "the server has not heard the second move");
    assert.equal(model.takesCue("2014-01", ["m1", 2], "m1"), 0);
    assert.equal(model.takesCue("2014-01", ["other", 0], "m1"), 0, "another map's report: the server decides");
    assert.equal(model.takesCue("2014-03", ["m1", 2], "m1"), -1, "already shown");
    assert.equal(model.takesCue("1999-01", [], "m1"), -1, "unknown month");
});

test("the change in force in a month", () => {
    const steps = [[0, 1, 0], [2, 3, 1], [3, -1, 0]];
    assert.deepEqual(atlasStepAt(steps, 1), [0, 1, 0]);
    assert.deepEqual(atlasStepAt(steps, 2), [2, 3, 1]);
    assert.deepEqual(atlasStepAt([[2, 1, 0]], 1), null);
});

test("a horizontal swipe steps; short or vertical moves do not", () => {
    assert.equal(atlasSwipeStep(-60, 5, 40), 1);
    assert.equal(atlasSwipeStep(60, -5, 40), -1);
    assert.equal(atlasSwipeStep(30, 0, 40), 0);
    assert.equal(atlasSwipeStep(60, 50, 40), 0);
});

test("the legend folds where it would cover more than the share of the map", () => {
    assert.equal(atlasLegendFolds(300, 200, 358, 620, 0.25), true);
    assert.equal(atlasLegendFolds(380, 200, 700, 568, 0.25), false);
});

// A pupil's map follows the teacher's lesson in the browser (core/render/lesson_follow.py). The page's timed
// fragment writes the class's chapter into one element of the page (a few bytes: its attribute, data-lesson-cue);
// this script reads it a few times a second and moves the in-map player (timeline_player/) to the chapter's
// month, view and ringed places itself, so a chapter turn never makes the server draw a pupil's map again.
// Plain ES5 for Leaflet 1.9. Never write a brace followed by a brace, percent or hash here: branca reads this
// code as a Jinja template.
function atlasFollowLesson(map, config) {
    var shown = null;  // the cue last applied ({chapter, free})
    var container = map.getContainer();
    var style = document.createElement("style");
    style.textContent = ".atlas-following .atlas-player-row { display: none; }";  // following: the teacher's month
    document.head.appendChild(style);

    // Following, the months are the teacher's: the arrow keys that would step the player are held back.
    window.addEventListener("keydown", function(event) {
        var arrow = event.key === "ArrowLeft" || event.key === "ArrowRight";
        if (arrow && container.classList.contains("atlas-following")) { event.stopPropagation(); }
    }, true);

    function read() {
        try {
            var node = window.parent.document.querySelector("[" + config.attribute + "]");
            return node ? JSON.parse(node.getAttribute(config.attribute)) : null;
        } catch (error) {
            return null;  // the page is being redrawn (or is not ours): try again at the next tick
        }
    }

    // A new chapter, or a call back, puts the map on the chapter; letting the class explore leaves it where it is
    // and shows the player's controls.
    function apply(cue) {
        var chapter = config.chapters[cue.chapter], player = window.atlasPlayer;
        if (!chapter || !player || player.month() === null) { return false; }
        container.classList.toggle("atlas-following", !cue.free);
        if (shown === null || shown.chapter !== cue.chapter || !cue.free) {
            player.pause();
            player.cue({month: chapter.month, ring: chapter.ring});
            map.setView(chapter.at, chapter.zoom, {animate: false});
        }
        container.setAttribute("data-lesson-chapter", String(cue.chapter + 1));
        container.setAttribute("data-lesson-mode", cue.free ? "free" : "follow");
        return true;
    }

    window.setInterval(function() {
        var cue = read();
        if (!cue || typeof cue.chapter !== "number") { return; }
        if (shown && shown.chapter === cue.chapter && shown.free === cue.free) { return; }
        if (apply(cue)) { shown = cue; }
    }, config.every);
}

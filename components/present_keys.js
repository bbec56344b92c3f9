// Present mode keys and windows in step: arrows, PageUp/PageDown and Space turn chapters (also from inside the
// map frame), presses are counted while the server catches up, and a BroadcastChannel keeps two windows together.
export default function (component) {
    const { data, setStateValue } = component;
    const S = window.__atlasPresent || (window.__atlasPresent = { target: null, sent: 0, channel: null, name: null });
    S.count = data.count;
    S.send = (chapter) => { S.sent += 1; setStateValue("turn", { chapter: chapter, seq: S.sent }); };
    // The server has seen every press of this window: its chapter is the truth (buttons, uploads, the URL).
    // While presses are on their way, its answers are older than what the class should see, so keep counting.
    if (S.target === null || data.seq >= S.sent) {
        const changedHere = S.target !== null && S.target !== data.chapter;
        S.target = data.chapter;
        S.sent = Math.max(S.sent, data.seq);
        if (changedHere && S.channel) { S.channel.postMessage({ chapter: S.target }); }
    }
    function turn(delta) {
        const next = Math.min(Math.max(S.target + delta, 1), S.count);
        if (next === S.target) { return; }
        S.moved = true;  // from now on, late answers to this window's "which chapter?" are out of date
        S.target = next;
        S.send(next);
        if (S.channel) { S.channel.postMessage({ chapter: next }); }
    }
    if (S.name !== data.channel) {  // one channel per story: windows showing another story never follow
        if (S.channel) { S.channel.close(); }
        S.name = data.channel;
        S.channel = typeof BroadcastChannel === "function" ? new BroadcastChannel(data.channel) : null;
        if (S.channel) {
            S.channel.postMessage({ ask: true });  // a window opened later joins the chapter the others show
            S.channel.onmessage = (event) => {
                const message = event.data || {};
                if (message.ask) { S.channel.postMessage({ chapter: S.target, answer: true }); return; }
                if (message.answer && S.moved) { return; }
                const wanted = Math.min(Math.max(Number(message.chapter) || 0, 1), S.count);
                if (wanted && wanted !== S.target) { S.target = wanted; S.send(wanted); }
            };
        }
    }
    S.turn = turn;
    // The chapter text scrolls when a story is long: keyboard users must reach it too (WCAG 2.1.1).
    S.textName = data.text_name;
    if (!S.textWatch) {
        const reachable = () => {
            const text = document.querySelector(".st-key-present-text");
            if (text && text.getAttribute("aria-label") !== S.textName) {
                text.setAttribute("tabindex", "0");
                text.setAttribute("role", "region");
                text.setAttribute("aria-label", S.textName);
            }
        };
        S.textWatch = new MutationObserver(reachable);
        S.textWatch.observe(document.body, { childList: true, subtree: true });
        reachable();
    }
    if (!S.listening) {
        S.listening = true;
        const keys = data.keys;
        window.addEventListener("keydown", (event) => {
            if (!(event.key in keys) || event.altKey || event.ctrlKey || event.metaKey) { return; }
            const target = event.target;
            const typing = target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
            if (typing) { return; }
            event.preventDefault();  // Space and PageDown must not scroll, nor press a focused button
            event.stopPropagation();
            S.turn(keys[event.key]);
        }, true);
        window.addEventListener("message", (event) => {  // keys pressed inside the map's frame (core.map_scripts)
            if (event.origin !== window.location.origin || !event.data) { return; }
            const delta = event.data[data.field];
            if (delta === 1 || delta === -1) { S.turn(delta); }
        });
    }
}

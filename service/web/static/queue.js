// The queue page: rows and the open card are built from JSON with DOM text nodes only.
// Comment text, author names and reasons are never parsed as HTML (no innerHTML anywhere).
"use strict";

(function () {
  const POLL_MS = 3000;
  const RENEW_BELOW_SECONDS = 60;
  const REASONS = ["offensive", "abusive", "hate_speech", "threat", "incitement", "spam",
                   "off_topic", "other"];
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const params = new URLSearchParams(window.location.search);
  const filters = {};
  for (const name of ["site", "article_id", "label"]) {
    if (params.get(name)) filters[name] = params.get(name);
  }

  const $ = (id) => document.getElementById(id);
  const rowsEl = $("rows"), cardEl = $("card"), toastEl = $("toast");
  const picker = $("reason-picker"), help = $("help"), bulk = $("bulk-confirm");

  const state = {
    me: "", items: [], selected: null, card: null, cardAt: 0, loaded: false,
    undo: null, gone: new Map(), busy: false, openSeq: 0, lastActivity: Date.now(),
    undoSeconds: 30,
  };

  // -- small DOM helpers (text only) ------------------------------------------------------

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function safeClass(value) {
    return String(value).toLowerCase().replace(/[^a-z0-9_-]/g, "");
  }

  function age(seconds) {
    seconds = Math.max(0, Math.floor(seconds));
    if (seconds < 60) return seconds + "s";
    if (seconds < 3600) return Math.floor(seconds / 60) + "m";
    if (seconds < 86400) return Math.floor(seconds / 3600) + "h " + Math.floor(seconds % 3600 / 60) + "m";
    return Math.floor(seconds / 86400) + "d " + Math.floor(seconds % 86400 / 3600) + "h";
  }

  function clock(seconds) {
    seconds = Math.max(0, Math.ceil(seconds));
    return Math.floor(seconds / 60) + ":" + String(seconds % 60).padStart(2, "0");
  }

  function label(name) { return String(name).replace(/_/g, " "); }

  let toastTimer = null;
  function toast(message, kind) {
    toastEl.textContent = message;
    toastEl.className = "toast " + (kind || "");
    toastEl.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => { toastEl.hidden = true; }, kind === "undo" ? state.undoSeconds * 1000 : 4000);
  }

  // -- talking to the server --------------------------------------------------------------

  async function api(method, path, body) {
    const options = { method, credentials: "same-origin", headers: { "X-CSRF-Token": csrf } };
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    let response;
    try {
      response = await fetch("/moderate/api" + path, options);
    } catch (err) {
      return { ok: false, status: 0, code: "network", data: {} };
    }
    if (response.status === 401) {
      window.location.assign("/moderate/login?next=" + encodeURIComponent(location.pathname + location.search));
      return { ok: false, status: 401, code: "logged_out", data: {} };
    }
    const data = await response.json().catch(() => ({}));
    const code = data.error ? data.error.code : "";
    return { ok: response.ok, status: response.status, code, data };
  }

  function commentPath(id, action) {
    return "/comments/" + encodeURIComponent(id) + "/" + action;
  }

  // -- the list ---------------------------------------------------------------------------

  async function refresh() {
    const query = new URLSearchParams(filters).toString();
    const result = await api("GET", "/queue" + (query ? "?" + query : ""));
    if (!result.ok) {
      if (result.status !== 401) toast("Parley cannot be reached right now; retrying…", "warn");
      return;
    }
    const now = Date.now();
    for (const [id, until] of state.gone) if (until < now) state.gone.delete(id);
    state.me = result.data.me;
    state.undoSeconds = result.data.undo_seconds;
    state.items = result.data.items.filter((item) => !state.gone.has(item.id));
    if (state.card && !state.items.some((item) => item.id === state.card.id) && state.card.claim && state.card.claim.mine) {
      // Ours but past the list's limit or filters: keep showing it in place.
      state.items.unshift(state.card);
    }
    const filtered = Object.keys(filters).length > 0;
    $("depth").textContent = (filtered ? state.items.length + " shown · " : "") + result.data.depth + " waiting";
    fillDatalists();
    if (!state.loaded) {
      state.loaded = true;
      const free = state.items.find((item) => !heldByOther(item));
      renderList();
      if (free || state.items[0]) select((free || state.items[0]).id);
      else renderEmptyCard();
      return;
    }
    if (state.selected && !state.items.some((item) => item.id === state.selected)) {
      toast("The comment you had open was decided elsewhere.");
      state.card = null;
      state.selected = null;
      selectNext(0);
    }
    renderList();
  }

  function heldByOther(item) {
    return item.claim && !item.claim.mine;
  }

  function fillDatalists() {
    for (const [id, key] of [["sites", "site"], ["articles", "article_id"]]) {
      const list = $(id);
      const values = [...new Set(state.items.map((item) => item[key]).filter(Boolean))].sort();
      list.replaceChildren(...values.map((value) => { const o = el("option"); o.value = value; return o; }));
    }
  }

  function renderList() {
    $("empty").hidden = state.items.length > 0;
    const rows = state.items.map(renderRow);
    rowsEl.replaceChildren(...rows);
    const current = rowsEl.querySelector(".row.selected");
    if (current) current.scrollIntoView({ block: "nearest" });
  }

  function renderRow(item) {
    const li = el("li", "row");
    li.dataset.id = item.id;
    if (item.id === state.selected) { li.classList.add("selected"); li.setAttribute("aria-current", "true"); }
    if (item.claim) li.classList.add(item.claim.mine ? "mine" : "held");
    const risk = el("div", "risk " + riskClass(item.risk), Math.round(item.risk * 100));
    risk.title = "risk " + item.risk.toFixed(2);
    const body = el("div", "row-body");
    const excerpt = el("p", "excerpt");
    const line = el("bdi");
    for (const segment of item.excerpt_segments || [{ text: item.excerpt }]) line.append(renderSegment(segment));
    excerpt.append(line);
    const meta = el("div", "meta");
    if (item.place) meta.append(tierChip(item.place));
    for (const reason of item.reasons) meta.append(reasonChip(reason, item));
    meta.append(el("bdi", "author", item.author_id || "anonymous"));
    if (item.article_id) meta.append(el("bdi", "article", item.article_id));
    meta.append(el("span", "wait", age(item.waiting_seconds)));
    if (item.claim) {
      meta.append(el("span", "claim-badge", item.claim.mine ? "you" : "held by " + item.claim.moderator));
    }
    body.append(excerpt, meta);
    li.append(risk, body);
    li.addEventListener("click", () => select(item.id));
    return li;
  }

  // The severity tier a comment is queued in; the title says how its place was reached.
  function tierChip(place) {
    const chip = el("span", "tier t" + safeClass(place.tier), "T" + place.tier);
    chip.title = place.why;
    chip.setAttribute("aria-label", "tier " + place.tier + ": " + place.tier_name);
    return chip;
  }

  // A reason chip; a word-list reason names the entries that matched.
  function reasonChip(reason, item) {
    const chip = el("span", "chip l-" + safeClass(reason), label(reason));
    const kind = { banned_word: "banned", suspect_word: "suspect" }[reason];
    if (kind) {
      const entries = (item.matched_words || []).filter((m) => m.list === kind).map((m) => m.entry);
      if (entries.length) chip.append(document.createTextNode(": "), el("bdi", "entry", entries.join(", ")));
    }
    return chip;
  }

  function riskClass(risk) {
    return risk >= 0.8 ? "high" : risk >= 0.5 ? "mid" : "low";
  }

  function indexOf(id) {
    return state.items.findIndex((item) => item.id === id);
  }

  // -- selecting and opening --------------------------------------------------------------

  function select(id) {
    if (id === state.selected) return;
    const previous = state.card;
    if (previous && previous.claim && previous.claim.mine && !state.gone.has(previous.id)) {
      api("POST", commentPath(previous.id, "release"));
      const item = state.items.find((i) => i.id === previous.id);
      if (item) item.claim = null;
    }
    state.selected = id;
    state.card = null;
    renderList();
    renderLoadingCard();
    state.opening = openCard(id);
  }

  // Keys pressed while a comment is still opening act once its claim is known.
  async function opened() {
    if (state.opening) await state.opening;
  }

  function selectNext(fromIndex) {
    if (!state.items.length) { state.selected = null; renderList(); renderEmptyCard(); return; }
    const after = state.items.slice(fromIndex).concat(state.items.slice(0, fromIndex));
    const next = after.find((item) => !heldByOther(item)) || state.items[Math.min(fromIndex, state.items.length - 1)];
    select(next.id);
  }

  function move(step) {
    if (!state.items.length) return;
    const at = indexOf(state.selected);
    const to = at < 0 ? 0 : Math.min(state.items.length - 1, Math.max(0, at + step));
    select(state.items[to].id);
  }

  async function openCard(id) {
    const seq = ++state.openSeq;
    const result = await api("POST", commentPath(id, "open"));
    if (seq !== state.openSeq || state.selected !== id) return;
    if (!result.ok) {
      if (["not_pending", "already_decided", "not_found"].includes(result.code)) {
        const at = indexOf(id);
        state.items.splice(at, 1);
        state.selected = null;
        toast("That comment was already decided.");
        selectNext(Math.max(0, at));
      } else {
        renderErrorCard(result);
      }
      return;
    }
    showCard(result.data.card);
  }

  function showCard(card) {
    state.card = card;
    state.cardAt = Date.now();
    const at = indexOf(card.id);
    if (at >= 0) state.items[at] = Object.assign({}, state.items[at], { claim: card.claim });
    renderList();
    renderCard(card);
  }

  // -- the card ---------------------------------------------------------------------------

  function renderEmptyCard() {
    cardEl.replaceChildren(el("p", "placeholder", "Queue clear. New comments appear here by themselves."));
  }

  function renderLoadingCard() {
    cardEl.replaceChildren(el("p", "placeholder", "Opening…"));
  }

  function renderErrorCard(result) {
    const message = result.data.error ? result.data.error.message : "Parley did not answer; retrying shortly.";
    cardEl.replaceChildren(el("p", "placeholder error", message));
  }

  function renderCard(card) {
    const head = el("header", "card-head");
    const claim = el("p", "claim");
    claim.id = "claim-status";
    head.append(claim);
    const who = el("p", "meta");
    who.append(el("span", "k", "by "), el("bdi", "author", card.author_id || "anonymous"));
    if (card.article_id) who.append(el("span", "k", " · article "), el("bdi", null, card.article_id));
    if (card.site) who.append(el("span", "k", " · site "), el("bdi", null, card.site));
    who.append(el("span", "k", " · waited "), el("span", "wait", age(card.waiting_seconds)));
    const id = el("p", "meta small");
    id.append(el("span", "k", "comment "), el("bdi", "mono", card.id),
              el("span", "k", " · v" + card.version + " · " + card.text_chars + " characters"));
    head.append(who, id);

    const reasons = el("div", "reasons-held");
    reasons.append(el("span", "k", "Held for "));
    for (const reason of card.reasons) reasons.append(reasonChip(reason, card));
    if (card.place) {
      const place = el("p", "place meta small", card.place.why);
      place.id = "card-place";
      reasons.append(place);
    }

    const text = el("div", "comment-text");
    text.id = "comment-text";
    text.setAttribute("dir", "auto");
    for (const segment of card.segments) text.append(renderSegment(segment));
    const quotes = renderQuotes(card);
    if (card.language && card.language !== "en" && card.language !== "und") {
      reasons.append(el("span", "meta small language", "detected language: " + card.language));
    }

    const scores = el("div", "scores");
    for (const s of card.scores) scores.append(renderScore(s));

    const actions = el("div", "actions");
    const approve = el("button", "approve", "Approve");
    approve.append(el("kbd", null, "a"));
    approve.addEventListener("click", () => approveSelected());
    const reject = el("button", "reject", "Reject…");
    reject.append(el("kbd", null, "r"));
    reject.addEventListener("click", () => openPicker());
    actions.append(approve, reject);
    if (card.author_id && card.author_pending > 0) {
      const all = el("button", "bulk link", "Reject all " + card.author_pending + " pending by ");
      all.append(el("bdi", null, card.author_id), document.createTextNode("…"));
      all.addEventListener("click", () => openBulk());
      actions.append(all);
    }
    const legend = el("p", "legend", "Highlighted: the words that drove the scores (hover for the label). "
                      + "Ticks on the bars: review and reject thresholds.");
    cardEl.replaceChildren(head, reasons, quotes, text, scores, actions, legend);
    cardEl.classList.toggle("held", !!(card.claim && !card.claim.mine));
    const decidable = canDecide();
    approve.disabled = reject.disabled = !decidable;
    updateClaim();
  }

  // Passages the comment quoted (Talk's <blockquote>): someone else's words, shown apart, unscored.
  function renderQuotes(card) {
    const box = el("div", "quotes");
    box.id = "comment-quotes";
    for (const quote of card.quotes || []) {
      const q = el("blockquote", "quoted");
      q.setAttribute("dir", "auto");
      q.append(el("span", "quoted-label", "Quoted, not the author's words, not scored"));
      const body = el("span", "quoted-text");
      for (const segment of quote) body.append(renderSegment(segment));
      q.append(body);
      box.append(q);
    }
    box.hidden = !box.childElementCount;
    return box;
  }

  function renderSegment(segment) {
    if (segment.control) {
      const span = el("span", "ctl", segment.text);
      span.dataset.cp = segment.control.split(" ")[0];
      span.title = segment.control;
      return span;
    }
    if (!segment.labels || !segment.labels.length) return document.createTextNode(segment.text);
    const mark = el("mark", "hl l-" + safeClass(segment.labels[0]), segment.text);
    mark.title = "drove " + segment.labels.map(label).join(", ");
    return mark;
  }

  function renderScore(s) {
    const rowEl = el("div", "score" + (s.held ? " held" : ""));
    const name = el("span", "score-label", label(s.label));
    const track = el("span", "track");
    const fill = el("span", "fill l-" + safeClass(s.label));
    fill.style.width = Math.round(Math.min(1, Math.max(0, s.score)) * 100) + "%";
    track.append(fill);
    for (const [kind, at] of [["review", s.review], ["reject", s.reject]]) {
      if (typeof at !== "number") continue;
      const tick = el("span", "tick " + kind);
      tick.style.left = Math.round(at * 100) + "%";
      tick.title = kind + " at " + at.toFixed(2);
      track.append(tick);
    }
    rowEl.append(name, track, el("span", "score-value", s.score.toFixed(2)));
    return rowEl;
  }

  function claimLeft() {
    if (!state.card || !state.card.claim) return 0;
    return state.card.claim.expires_in_seconds - (Date.now() - state.cardAt) / 1000;
  }

  function canDecide() {
    return !!(state.card && state.card.claim && state.card.claim.mine && claimLeft() > 0);
  }

  function updateClaim() {
    const status = $("claim-status");
    if (!status || !state.card) return;
    const claim = state.card.claim, left = claimLeft();
    status.className = "claim";
    if (!claim || left <= 0) {
      status.textContent = claim ? "Your claim ran out: press o to claim it again." : "Not claimed: press o to claim it.";
      status.classList.add("lapsed");
    } else if (claim.mine) {
      status.textContent = "Claimed by you, " + clock(left) + " left";
      status.classList.add("mine");
    } else {
      status.textContent = "Claimed by " + claim.moderator + ", " + clock(left) + " left: you cannot decide it";
      status.classList.add("held");
    }
    cardEl.querySelectorAll(".actions .approve, .actions .reject").forEach((b) => { b.disabled = !canDecide(); });
  }

  function tick() {
    updateClaim();
    if (state.card && state.card.claim && state.card.claim.mine && claimLeft() < RENEW_BELOW_SECONDS
        && Date.now() - state.lastActivity < 120000 && !state.renewing) {
      state.renewing = true;
      api("POST", commentPath(state.card.id, "open")).then((result) => {
        state.renewing = false;
        if (result.ok && state.card && result.data.card.id === state.card.id) {
          state.card.claim = result.data.card.claim;
          state.cardAt = Date.now();
        }
      });
    }
    if (state.undo && Date.now() > state.undo.until) state.undo = null;
  }

  // -- deciding ---------------------------------------------------------------------------

  async function decide(decision, reason) {
    if (state.busy) return;   // one decision at a time; a key pressed meanwhile is dropped
    state.busy = true;
    try {
      await opened();
      await decideOpen(decision, reason);
    } finally {
      state.busy = false;
    }
  }

  async function decideOpen(decision, reason) {
    if (!canDecide()) {
      const claim = state.card && state.card.claim;
      toast(claim && !claim.mine ? "Claimed by " + claim.moderator + ": you cannot decide it." : "Open a comment first.", "warn");
      return;
    }
    const card = state.card, at = indexOf(card.id);
    const result = await api("POST", commentPath(card.id, "decision"), reason ? { decision, reason } : { decision });
    if (!result.ok) {
      toast(result.data.error ? result.data.error.message : "The decision did not go through; try again.", "warn");
      if (result.status === 409) { state.card = null; state.selected = null; await refresh(); selectNext(Math.max(0, at)); }
      return;
    }
    state.gone.set(card.id, Date.now() + 15000);
    state.undo = { id: card.id, index: at, until: Date.now() + (result.data.undo_seconds - 2) * 1000 };
    const verb = decision === "approve" ? "Approved" : "Rejected (" + label(reason) + ")";
    toast(verb + ". Press u to undo.", "undo");
    state.items.splice(at, 1);
    state.card = null;
    state.selected = null;
    selectNext(Math.max(0, at));
  }

  function approveSelected() { decide("approve"); }

  async function undo() {
    const last = state.undo;
    if (!last || Date.now() > last.until) { toast("Nothing to undo.", "warn"); return; }
    state.undo = null;
    const result = await api("POST", commentPath(last.id, "undo"));
    if (!result.ok) {
      toast(result.data.error ? result.data.error.message : "Undo failed.", "warn");
      return;
    }
    const previous = state.card;
    if (previous && previous.claim && previous.claim.mine) api("POST", commentPath(previous.id, "release"));
    state.gone.delete(last.id);
    const card = result.data.card;
    state.items = state.items.filter((item) => item.id !== card.id);
    state.items.splice(Math.min(last.index, state.items.length), 0, card);
    if (previous) {
      const item = state.items.find((i) => i.id === previous.id);
      if (item) item.claim = null;
    }
    state.selected = card.id;
    state.openSeq++;
    showCard(card);
    toast("Undone: the comment is back with you.");
  }

  // -- dialogs ----------------------------------------------------------------------------

  function openPicker() {
    // Shown at once, so a reason key typed right after r is not lost while the card opens.
    picker.hidden = false;
    opened().then(() => {
      if (picker.hidden) return;   // already picked (pick() waits for the card itself)
      if (!canDecide()) { picker.hidden = true; decide("reject", "other"); return; }
      picker.querySelectorAll("button[data-reason]").forEach((b) => {
        b.classList.toggle("suggested", b.dataset.reason === state.card.suggested_reason);
      });
      const suggested = picker.querySelector("button.suggested") || picker.querySelector("button");
      suggested.focus();
    });
  }

  function closeDialogs() {
    picker.hidden = help.hidden = bulk.hidden = true;
    cardEl.focus({ preventScroll: true });
  }

  function pick(reason) {
    picker.hidden = true;
    decide("reject", reason);
  }

  function openBulk() {
    const card = state.card;
    if (!card || !card.author_id) return;
    $("bulk-author").textContent = card.author_id;
    $("bulk-count").textContent = String(card.author_pending);
    $("bulk-reason").value = card.suggested_reason;
    bulk.dataset.author = card.author_id;
    bulk.hidden = false;
    $("bulk-cancel").focus();
  }

  async function runBulk() {
    const author = bulk.dataset.author;
    const reason = $("bulk-reason").value;
    bulk.hidden = true;
    const result = await api("POST", "/authors/reject-pending", { author_id: author, reason });
    if (!result.ok) { toast(result.data.error ? result.data.error.message : "Bulk rejection failed.", "warn"); return; }
    for (const id of result.data.rejected) state.gone.set(id, Date.now() + 15000);
    toast("Rejected " + result.data.count + " comment(s) by " + author + ".");
    const at = Math.max(0, indexOf(state.selected));
    state.items = state.items.filter((item) => !state.gone.has(item.id));
    state.card = null;
    state.selected = null;
    renderList();
    selectNext(Math.min(at, Math.max(0, state.items.length - 1)));
  }

  // -- keyboard ---------------------------------------------------------------------------

  function onKey(event) {
    state.lastActivity = Date.now();
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target && (target.tagName === "INPUT" || target.tagName === "SELECT" || target.tagName === "TEXTAREA")) {
      if (event.key === "Escape") target.blur();
      return;
    }
    const key = event.key;
    if (!picker.hidden) {
      if (/^[1-8]$/.test(key)) pick(REASONS[Number(key) - 1]);
      else if (key === "Enter") {
        picker.hidden = true;
        opened().then(() => decide("reject", state.card ? state.card.suggested_reason : "other"));
      }
      else if (key === "Escape" || key === "r") closeDialogs();
      else return;
      event.preventDefault();
      return;
    }
    if (!help.hidden || !bulk.hidden) {
      if (key === "Escape" || (key === "?" && !help.hidden)) { closeDialogs(); event.preventDefault(); }
      return;
    }
    const actions = {
      j: () => move(1), ArrowDown: () => move(1), k: () => move(-1), ArrowUp: () => move(-1),
      a: approveSelected, r: openPicker, u: undo, "?": () => { help.hidden = false; },
      o: () => { if (state.selected) { state.opening = openCard(state.selected); } },
    };
    if (actions[key]) {
      event.preventDefault();
      actions[key]();
    }
  }

  // -- wiring -----------------------------------------------------------------------------

  document.addEventListener("keydown", onKey);
  document.addEventListener("pointerdown", () => { state.lastActivity = Date.now(); });
  picker.querySelectorAll("button[data-reason]").forEach((b) => b.addEventListener("click", () => pick(b.dataset.reason)));
  $("show-help").addEventListener("click", () => { help.hidden = false; });
  $("bulk-cancel").addEventListener("click", closeDialogs);
  $("bulk-go").addEventListener("click", runBulk);
  for (const overlay of [picker, help, bulk]) {
    overlay.addEventListener("click", (event) => { if (event.target === overlay) closeDialogs(); });
  }
  document.querySelectorAll("#filters select").forEach((s) => s.addEventListener("change", () => s.form.submit()));
  window.addEventListener("pagehide", () => {
    const card = state.card;
    if (card && card.claim && card.claim.mine) {
      const form = new FormData();
      form.append("csrf_token", csrf);
      navigator.sendBeacon("/moderate/api" + commentPath(card.id, "release"), form);
    }
  });

  refresh();
  setInterval(() => { if (!document.hidden) refresh(); }, POLL_MS);
  setInterval(tick, 1000);
})();

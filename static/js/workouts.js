// The workout page: one tap a set, in place, kept on this device until the server has it.
// Every form of the page works without this file; with it, nothing reloads the page.
"use strict";

(() => {
  // --- small niceties of the set forms (the set edit page, a set that was refused) ----------

  // Typing over a prefilled number replaces it instead of appending to it.
  document.addEventListener("focusin", (event) => {
    const input = event.target;
    if (input instanceof HTMLInputElement && input.dataset.select !== undefined) {
      window.setTimeout(() => input.select(), 0);
    }
  });

  const parse = (text) => Number.parseFloat(String(text).replace(",", "."));
  const show = (value) => String(Math.round(value * 100) / 100);

  // − and + buttons beside reps and weight: one tap for the usual change.
  for (const input of document.querySelectorAll("input[data-step]")) {
    const step = parse(input.dataset.step);
    if (!(step > 0) || !input.parentNode) {
      continue;
    }
    const wrap = document.createElement("div");
    wrap.className = "stepper";
    const box = input.closest(".field");
    if (box) {
      box.classList.add("has-stepper");
    }
    input.parentNode.insertBefore(wrap, input);
    const button = (text, delta, name) => {
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = text;
      b.setAttribute("aria-label", `${name} by ${show(step)}`);
      b.addEventListener("click", () => {
        const current = parse(input.value);
        const next = Math.max(0, (Number.isFinite(current) ? current : 0) + delta);
        input.value = show(next);
        input.dispatchEvent(new Event("input", { bubbles: true }));
      });
      return b;
    };
    const focused = document.activeElement === input;
    wrap.append(button("\u2212", -step, "Decrease"), input, button("+", step, "Increase"));
    // Moving the input into the wrapper drops its focus (or its autofocus): put it back.
    if (focused || (input.autofocus && document.activeElement === document.body)) {
      input.focus();
    }
  }

  // --- the workout page ------------------------------------------------------------------

  const root = document.getElementById("workout");
  if (!root) {
    return;
  }
  root.classList.add("js");
  const page = JSON.parse(root.dataset.page);
  const VALUE_NAMES = ["reps", "weight", "time", "distance"];
  // The fields the server knows for each operation (anything else stays on the device).
  const WIRE = ["id", "op", "row", "set", "exercise_id", "kind", "values", "seconds", "minutes"];
  const BATCH = 50;

  // Storage: a queue of operations not yet saved (every workout of this user), what this page
  // had saved (to show it again over an older copy of the page, served offline), drafts of
  // planned rows, and the rest timer. Written before the page changes, so closing the tab or
  // a phone restarting loses nothing.
  const keys = {
    queue: `regain.queue.${page.user}`,
    saved: `regain.saved.${page.user}.${page.workout}`,
    drafts: `regain.drafts.${page.user}.${page.workout}`,
    rest: `regain.rest.${page.user}`,
    token: `regain.token.${page.user}`,
  };
  const memory = {};
  let kept = true;
  const read = (key, fallback) => {
    try {
      const text = window.localStorage.getItem(key);
      return text === null ? (memory[key] ?? fallback) : JSON.parse(text);
    } catch {
      return memory[key] ?? fallback;
    }
  };
  const write = (key, value) => {
    memory[key] = value;
    try {
      window.localStorage.setItem(key, JSON.stringify(value));
    } catch {
      kept = false; // private browsing or a full disk: keep them in memory and say so
    }
  };

  const newId = () => {
    const bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  };

  const status = document.getElementById("sync-status");
  const blocks = document.getElementById("blocks");
  const token = () => read(keys.token, null)?.value || page.csrf || csrfOf(document);
  function csrfOf(node) {
    const input = node.querySelector("input[name=csrf_token]");
    return input ? input.value : "";
  }
  page.csrf = csrfOf(root);

  // --- rows and blocks -------------------------------------------------------------------

  const rowOf = (uid) => (uid ? root.querySelector(`#blocks li[data-uid="${CSS.escape(uid)}"]`) : null);
  const blockOf = (exerciseId) => document.getElementById(`ex-${exerciseId}`);
  const inputs = (row) => [...row.querySelectorAll("input.cell-input, .cell input, .cell select")];

  function valuesOf(row) {
    const values = {};
    for (const input of inputs(row)) {
      if (input.value.trim() !== "") {
        values[input.name] = input.value.trim();
      }
    }
    return values;
  }

  function setValues(row, values) {
    for (const input of inputs(row)) {
      input.value = values[input.name] ?? "";
    }
  }

  function clone(id, replace) {
    const fragment = document.getElementById(id).content.cloneNode(true);
    const swap = (text) => replace.reduce((t, [from, to]) => t.split(from).join(to), text);
    for (const element of fragment.querySelectorAll("*")) {
      for (const attribute of [...element.attributes]) {
        const value = swap(attribute.value);
        if (value !== attribute.value) {
          element.setAttribute(attribute.name, value);
        }
      }
    }
    const walker = document.createTreeWalker(fragment, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const value = swap(node.nodeValue);
      if (value !== node.nodeValue) {
        node.nodeValue = value;
      }
    }
    return fragment;
  }

  // An exercise's card, made from the template when the page does not have it yet.
  function ensureBlock(exercise) {
    let block = blockOf(exercise.id);
    if (block) {
      return block;
    }
    const fragment = clone("block-template", [
      ["999999999", String(exercise.id)],
      ["__NAME__", exercise.name],
    ]);
    block = fragment.querySelector("section");
    block.dataset.kind = exercise.kind;
    block.dataset.rest = String(exercise.rest ?? 0);
    block.dataset.name = exercise.name;
    block.querySelector("[data-fill=last]").textContent =
      exercise.last || "First time you log this exercise.";
    blocks.append(fragment);
    return block;
  }

  function addRow(block, uid, kind, values) {
    const list = block.querySelector(".set-list");
    const name = block.dataset.name;
    const warmup = kind === "warmup";
    const number = warmup
      ? "W"
      : String(list.querySelectorAll("li.set-row:not(.warmup)").length + 1);
    const label = warmup ? `warm-up of ${name}` : `set ${number} of ${name}`;
    const fragment = clone(`row-template-${block.dataset.kind}`, [
      ["__UID__", uid],
      ["__LABEL__", label],
      ["__NO__", number],
    ]);
    const row = fragment.querySelector("li");
    row.dataset.kind = kind;
    row.dataset.label = label;
    row.classList.toggle("warmup", warmup);
    setValues(row, values || {});
    list.append(fragment);
    return row;
  }

  function tick(row) {
    return row.querySelector("button.tick");
  }

  function markDone(row, done) {
    row.classList.toggle("done", done);
    const button = tick(row);
    if (!button) {
      return;
    }
    button.value = done ? "undo" : "done";
    button.setAttribute("aria-pressed", String(done));
    const label = row.dataset.label;
    button.setAttribute("aria-label", done ? `Done: ${label}. Tap to undo` : `Mark ${label} done`);
  }

  function rowStatus(row, text, state) {
    const box = row.querySelector("[data-status]");
    if (box) {
      box.textContent = text;
    }
    row.classList.toggle("pending", state === "pending");
    row.classList.toggle("refused", state === "refused");
  }

  function rowError(row, field, message) {
    for (const old of row.querySelectorAll("p.error.js-error")) {
      old.remove();
    }
    for (const input of inputs(row)) {
      input.removeAttribute("aria-invalid");
    }
    if (!message) {
      return;
    }
    const error = document.createElement("p");
    error.className = "error js-error";
    error.id = `${row.id}-error`;
    error.textContent = message;
    row.append(error);
    const input = inputs(row).find((i) => i.name === field) || inputs(row)[0];
    if (input) {
      input.setAttribute("aria-invalid", "true");
      input.setAttribute("aria-describedby", error.id);
    }
  }

  // --- operations ----------------------------------------------------------------------------

  // What an operation does to the page; the same for a tap now and for one replayed from the
  // device's storage when the page loads (pending: not yet saved).
  function render(op, state) {
    if (op.workout !== page.workout) {
      return;
    }
    const local = op.local || {};
    if (op.op === "plan" || op.op === "done") {
      let row = rowOf(op.row);
      if (!row && local.exercise) {
        row = addRow(ensureBlock(local.exercise), op.row, op.kind, op.values);
      }
      if (!row) {
        return;
      }
      if (op.op === "done") {
        setValues(row, op.values);
        markDone(row, true);
        rowError(row);
      }
      rowStatus(row, state === "pending" && op.op === "done" ? "not yet saved" : "", state);
    } else if (op.op === "edit") {
      const row = rowOf(op.row);
      if (row) {
        setValues(row, op.values);
        rowStatus(row, state === "pending" ? "not yet saved" : "", state);
      }
    } else if (op.op === "undo") {
      const row = rowOf(op.row);
      if (row) {
        markDone(row, false);
        rowStatus(row, "", state);
      }
    }
  }

  const queue = () => read(keys.queue, []);

  function enqueue(op) {
    op.workout = page.workout;
    const ops = queue();
    // A change of a row not sent yet replaces the one before it.
    if (op.op === "edit" || op.op === "rest") {
      const same = ops.findIndex(
        (o) => !o.sending && o.workout === op.workout && o.op === op.op &&
          (op.op === "rest" ? o.exercise_id === op.exercise_id : o.row === op.row),
      );
      if (same >= 0) {
        ops.splice(same, 1);
      }
    }
    ops.push(op);
    write(keys.queue, ops);
    render(op, "pending");
    updateStatus();
    flush();
  }

  function pendingRows() {
    return root.querySelectorAll("#blocks li.set-row.pending").length;
  }

  function updateStatus(note) {
    const waiting = queue().filter((o) => o.workout === page.workout && !o.refused).length;
    const refused = queue().filter((o) => o.workout === page.workout && o.refused).length;
    const rows = pendingRows();
    let text = note || "";
    if (!text && waiting) {
      const what = rows === 1 ? "1 set is" : `${rows || waiting} ${rows ? "sets are" : "changes are"}`;
      text = navigator.onLine
        ? `Saving… ${what} not yet saved.`
        : `No connection: ${what} kept on this ${kept ? "device" : "page only (this browser keeps nothing)"}, not yet saved. They are sent when the connection is back.`;
    }
    if (!text && refused) {
      text = "A set was refused: fix what it says and mark it done again.";
    }
    status.textContent = text;
    status.hidden = !text;
    status.classList.toggle("offline", Boolean(waiting) && !navigator.onLine);
  }

  // --- sending --------------------------------------------------------------------------

  let sending = false;

  function wire(op) {
    const sent = {};
    for (const name of WIRE) {
      if (op[name] !== undefined) {
        sent[name] = op[name];
      }
    }
    return sent;
  }

  function syncUrl(workout) {
    return page.sync.replace(`/workouts/${page.workout}/`, `/workouts/${workout}/`);
  }

  async function freshToken(workout) {
    const url = page.token.replace(`/workouts/${page.workout}/`, `/workouts/${workout}/`);
    const response = await fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (!response.ok) {
      return false;
    }
    const body = await response.json();
    write(keys.token, { value: body.token });
    return true;
  }

  function acknowledge(batch, body) {
    const sent = new Set(batch.map((o) => o.id));
    write(keys.queue, queue().filter((o) => !sent.has(o.id)));
    const saved = read(keys.saved, []);
    const at = body.server_time || Date.now();
    const results = new Map((body.results || []).map((r) => [r.id, r]));
    let others = false;
    for (const op of batch) {
      const result = results.get(op.id) || {};
      if (op.workout === page.workout) {
        saved.push({ op, at });
        render(op, "saved");
        const row = rowOf(op.row);
        if (row && result.set) {
          row.dataset.set = String(result.set);
        }
        if (result.status === "both_kept" || result.status === "gone") {
          others = true;
        }
      }
    }
    // A few days of it is plenty: the page is rendered again far more often than that.
    const since = at - 3 * 24 * 3600 * 1000;
    write(keys.saved, saved.filter((s) => s.at >= since).slice(-400));
    if (others) {
      updateStatus("This workout changed on another device too: both sides' sets are kept. Reload the page to see them all.");
    }
  }

  function refuse(batch, error) {
    const failed = batch[error.op ?? -1];
    const ops = queue();
    const found = failed ? ops.find((o) => o.id === failed.id) : null;
    if (!found) {
      return false;
    }
    found.refused = error.message;
    write(keys.queue, ops);
    const row = rowOf(found.row);
    if (row) {
      if (found.op === "done") {
        markDone(row, false);
      }
      rowStatus(row, "not saved", "refused");
      rowError(row, error.field, error.message);
    }
    return true;
  }

  async function flush() {
    if (sending) {
      return;
    }
    sending = true;
    let tokenTried = false;
    let busy = 0;
    try {
      for (;;) {
        const ops = queue().filter((o) => !o.refused);
        if (!ops.length) {
          break;
        }
        const workout = ops.some((o) => o.workout === page.workout) ? page.workout : ops[0].workout;
        const batch = ops.filter((o) => o.workout === workout).slice(0, BATCH);
        let response;
        try {
          response = await fetch(syncUrl(workout), {
            method: "POST",
            credentials: "same-origin",
            headers: {
              "Content-Type": "application/json",
              Accept: "application/json",
              "X-CSRFToken": token(),
            },
            body: JSON.stringify({ ops: batch.map(wire) }),
          });
        } catch {
          break; // no connection: everything stays queued
        }
        const body = await response.json().catch(() => ({}));
        if (response.ok) {
          acknowledge(batch, body);
          continue;
        }
        const error = body.error || {};
        if (response.status === 400 && error.code === "csrf" && !tokenTried) {
          tokenTried = true;
          if (await freshToken(workout).catch(() => false)) {
            continue;
          }
          break;
        }
        if (response.status === 409 && error.code === "busy" && busy < 3) {
          busy += 1;
          await new Promise((done) => window.setTimeout(done, 500 * busy));
          continue;
        }
        if (response.status === 422 && refuse(batch, error)) {
          continue;
        }
        if (response.status === 401) {
          updateStatus("Log in again to save the sets kept on this device (they stay here until then).");
          return;
        }
        if (response.status === 404 && workout === page.workout) {
          updateStatus("This workout is not on the server any more (deleted elsewhere?): its sets are kept on this device.");
          return;
        }
        break; // anything else: try again later
      }
    } finally {
      sending = false;
    }
    updateStatus();
    if (finishing && !queue().some((o) => o.workout === page.workout && !o.refused)) {
      window.location.assign(page.summary);
    }
  }

  window.addEventListener("online", () => {
    updateStatus();
    flush();
  });
  window.addEventListener("offline", () => updateStatus());
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") {
      flush();
      restTick();
    }
  });
  window.setInterval(() => {
    if (queue().some((o) => !o.refused)) {
      flush();
    }
  }, 15000);

  // --- taps --------------------------------------------------------------------------------

  const NEEDS = {
    weighted: [["reps", "Enter the reps."], ["weight", "Enter the weight (0 for none)."]],
    bodyweight: [["reps", "Enter the reps."]],
    assisted: [["reps", "Enter the reps."]],
    timed: [["time", "Enter how long you held it."]],
  };

  function missing(block, values) {
    const kind = block.dataset.kind;
    if (kind === "cardio") {
      return values.distance || values.time ? null : ["distance", "Enter a distance, a time or both."];
    }
    return (NEEDS[kind] || []).find(([name]) => !values[name]) || null;
  }

  function rowSubmitted(form, action) {
    const row = form.closest("li.set-row");
    const block = form.closest("section.exercise-block");
    const uid = row.dataset.uid;
    const values = valuesOf(row);
    const exercise = Number(block.dataset.exercise);
    if (action === "undo") {
      enqueue({ id: newId(), op: "undo", row: uid, exercise_id: exercise });
      return;
    }
    const lacking = missing(block, values);
    if (lacking) {
      rowError(row, lacking[0], lacking[1]);
      const input = inputs(row).find((i) => i.name === lacking[0]);
      if (input) {
        input.focus();
      }
      return;
    }
    const op = action === "done" ? "done" : "edit";
    enqueue({
      id: newId(),
      op,
      row: uid,
      exercise_id: exercise,
      kind: row.dataset.kind,
      values,
      local: { exercise: exerciseOf(block) },
    });
    dropDraft(uid);
    if (op === "done") {
      startRest(block);
    }
  }

  function exerciseOf(block) {
    return {
      id: Number(block.dataset.exercise),
      name: block.dataset.name,
      kind: block.dataset.kind,
      rest: Number(block.dataset.rest),
      last: block.querySelector("[data-fill=last]")?.textContent || "",
    };
  }

  function addSet(block) {
    const rows = [...block.querySelectorAll("li.set-row")];
    const last = rows.reverse().find((r) => r.dataset.kind !== "warmup") || rows[0];
    const values = last ? valuesOf(last) : {};
    const uid = newId();
    enqueue({
      id: newId(),
      op: "plan",
      row: uid,
      exercise_id: Number(block.dataset.exercise),
      kind: "normal",
      values,
      local: { exercise: exerciseOf(block) },
    });
  }

  function pick(button) {
    const exercise = {
      id: Number(button.value),
      name: button.dataset.name,
      kind: button.dataset.kind,
      rest: Number(button.dataset.rest || 0),
      last: button.dataset.last || "",
    };
    let rows = [];
    try {
      rows = JSON.parse(button.dataset.rows || "[]");
    } catch {
      rows = [];
    }
    if (!rows.length) {
      rows = [{ kind: "normal" }, { kind: "normal" }, { kind: "normal" }];
    }
    const existing = blockOf(exercise.id);
    const block = ensureBlock(exercise);
    if (!existing) {
      for (const planned of rows) {
        const values = {};
        for (const name of VALUE_NAMES) {
          if (planned[name]) {
            values[name] = planned[name];
          }
        }
        enqueue({
          id: newId(),
          op: "plan",
          row: newId(),
          exercise_id: exercise.id,
          kind: planned.kind || "normal",
          values,
          local: { exercise },
        });
      }
    }
    for (const item of document.querySelectorAll(`#pick-form button.pick[value="${exercise.id}"]`)) {
      item.closest("li")?.remove();
    }
    search.value = "";
    showResults(null);
    block.scrollIntoView({ block: "start" });
    const first = block.querySelector("li.set-row:not(.done)");
    const empty = first ? inputs(first).find((i) => !i.value && i.tagName === "INPUT") : null;
    if (empty) {
      empty.focus({ preventScroll: true });
    }
  }

  let finishing = false;

  root.addEventListener("submit", (event) => {
    const form = event.target;
    const button = event.submitter;
    if (form.classList.contains("row-form")) {
      event.preventDefault();
      rowSubmitted(form, button ? button.value : "done");
    } else if (form.classList.contains("add-row-form")) {
      event.preventDefault();
      addSet(form.closest("section.exercise-block"));
    } else if (form.id === "pick-form" && button && button.classList.contains("pick")) {
      event.preventDefault();
      pick(button);
    } else if (form.id === "search-form") {
      event.preventDefault();
      runSearch(true);
    } else if (form.id === "finish-form") {
      event.preventDefault();
      const minutes = Math.round((Date.now() - page.started) / 60000);
      finishing = true;
      enqueue({ id: newId(), op: "finish", minutes: minutes >= 0 && minutes <= 1440 ? minutes : null });
      if (!navigator.onLine) {
        updateStatus("Finished on this device. The summary opens once the connection is back; nothing is lost meanwhile.");
      }
    }
  });

  // Typing in a planned row: the rows after it that were not typed in follow (three sets of
  // the same weight take one weight typed), and the typing is kept on the device.
  const touched = new Map();

  function drafts() {
    return read(keys.drafts, {});
  }

  function keepDraft(row) {
    const all = drafts();
    all[row.dataset.uid] = { values: valuesOf(row), touched: [...(touched.get(row.dataset.uid) || [])] };
    write(keys.drafts, all);
  }

  function dropDraft(uid) {
    const all = drafts();
    if (all[uid]) {
      delete all[uid];
      write(keys.drafts, all);
    }
  }

  root.addEventListener("input", (event) => {
    const input = event.target;
    const row = input.closest ? input.closest("#blocks li.set-row") : null;
    if (!row || !row.dataset.uid) {
      return;
    }
    const uid = row.dataset.uid;
    if (!touched.has(uid)) {
      touched.set(uid, new Set());
    }
    touched.get(uid).add(input.name);
    rowError(row);
    if (row.classList.contains("done")) {
      return;
    }
    let after = false;
    for (const other of row.closest(".set-list").querySelectorAll("li.set-row")) {
      if (other === row) {
        after = true;
        continue;
      }
      const free = !other.classList.contains("done") && !(touched.get(other.dataset.uid) || new Set()).has(input.name);
      if (after && free && other.dataset.kind === row.dataset.kind) {
        const target = inputs(other).find((i) => i.name === input.name);
        if (target) {
          target.value = input.value;
          keepDraft(other);
        }
      }
    }
    keepDraft(row);
  });

  // Enter in a row's box: done typing (a done set's new value is saved on "change"), never the
  // ✓ button's undo, which a browser would take as the form's button.
  root.addEventListener("keydown", (event) => {
    const input = event.target;
    if (event.key === "Enter" && input instanceof HTMLInputElement && input.closest("#blocks li.set-row")) {
      event.preventDefault();
      input.blur();
    }
  });

  // A done set's value changed in place: saved like a tap (the "Save" button is for pages
  // without this script).
  root.addEventListener("change", (event) => {
    const input = event.target;
    const row = input.closest ? input.closest("#blocks li.set-row.done") : null;
    if (row && row.dataset.uid) {
      rowSubmitted(row.querySelector("form"), "save");
    }
  });

  // --- the rest timer -----------------------------------------------------------------------

  const bar = document.getElementById("rest-bar");
  const clock = document.getElementById("rest-time");
  const restLabel = document.getElementById("rest-label");
  const announce = document.getElementById("rest-announce");
  let restTimer = null;

  function restState() {
    return read(keys.rest, null);
  }

  function startRest(block) {
    const seconds = Number(block.dataset.rest);
    if (!(seconds > 0)) {
      return;
    }
    write(keys.rest, {
      workout: page.workout,
      exercise: Number(block.dataset.exercise),
      end: Date.now() + seconds * 1000,
      buzzed: false,
    });
    restTick();
  }

  function format(seconds) {
    const s = Math.max(0, Math.ceil(seconds));
    return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
  }

  function restTick() {
    const state = restState();
    if (!state || state.workout !== page.workout) {
      bar.hidden = true;
      window.clearInterval(restTimer);
      restTimer = null;
      return;
    }
    const left = (state.end - Date.now()) / 1000;
    bar.hidden = false;
    root.classList.add("resting");
    if (left > 0) {
      restLabel.textContent = "Rest";
      clock.textContent = format(left);
      bar.classList.remove("over");
    } else {
      restLabel.textContent = "Rest over";
      clock.textContent = "0:00";
      bar.classList.add("over");
      if (!state.buzzed) {
        state.buzzed = true;
        write(keys.rest, state);
        announce.textContent = "Rest over: time for the next set.";
        if (navigator.vibrate) {
          navigator.vibrate([250, 120, 250]);
        }
      }
      if (left < -20) {
        stopRest();
        return;
      }
    }
    if (!restTimer) {
      restTimer = window.setInterval(restTick, 250);
    }
  }

  function stopRest() {
    write(keys.rest, null);
    bar.hidden = true;
    root.classList.remove("resting");
    announce.textContent = "";
    window.clearInterval(restTimer);
    restTimer = null;
  }

  bar.addEventListener("click", (event) => {
    const button = event.target.closest("button[data-rest]");
    const state = restState();
    if (!button || !state) {
      return;
    }
    if (button.dataset.rest === "skip") {
      stopRest();
      return;
    }
    const delta = Number(button.dataset.rest);
    state.end = Math.max(Date.now(), state.end + delta * 1000);
    state.buzzed = false;
    write(keys.rest, state);
    // The exercise's own rest follows: the next set starts from it.
    const block = blockOf(state.exercise);
    if (block) {
      const seconds = Math.min(900, Math.max(15, Number(block.dataset.rest) + delta));
      block.dataset.rest = String(seconds);
      enqueue({ id: newId(), op: "rest", exercise_id: state.exercise, seconds });
    }
    restTick();
  });

  // --- live exercise search -----------------------------------------------------------------

  const search = document.getElementById("exercise-search");
  const results = document.getElementById("search-results");
  const offered = document.getElementById("offered");
  const known = new Map();
  let asked = 0;
  let searchTimer = null;

  function remember(button) {
    known.set(button.value, {
      id: Number(button.value),
      name: button.dataset.name,
      kind: button.dataset.kind,
      rest: Number(button.dataset.rest || 0),
      last: button.dataset.last || "",
      rows: JSON.parse(button.dataset.rows || "[]"),
      yours: Boolean(button.querySelector(".badge")),
    });
  }
  for (const button of document.querySelectorAll("#pick-form button.pick")) {
    remember(button);
  }

  const words = (text) =>
    text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);

  function pickButton(item) {
    const li = document.createElement("li");
    const button = document.createElement("button");
    button.type = "submit";
    button.name = "exercise_id";
    button.value = String(item.id);
    button.className = "pick";
    button.dataset.name = item.name;
    button.dataset.kind = item.kind;
    button.dataset.rest = String(item.rest ?? 0);
    button.dataset.rows = JSON.stringify(item.rows || []);
    button.dataset.last = item.last || "";
    const name = document.createElement("span");
    name.textContent = item.name;
    button.append(name);
    if (item.yours) {
      const badge = document.createElement("span");
      badge.className = "badge";
      badge.textContent = "yours";
      button.append(" ", badge);
    }
    li.append(button);
    return li;
  }

  function showResults(items, query) {
    results.replaceChildren();
    offered.hidden = Boolean(items);
    if (!items) {
      return;
    }
    const here = new Set([...root.querySelectorAll("#blocks section[data-exercise]")].map((b) => b.dataset.exercise));
    const shown = items.filter((i) => !here.has(String(i.id)));
    if (!shown.length) {
      const p = document.createElement("p");
      p.textContent = `Nothing matches “${query}”. Try another word, or create the exercise.`;
      results.append(p);
      return;
    }
    const list = document.createElement("ul");
    list.className = "pick-list";
    list.setAttribute("aria-label", "Exercises found");
    for (const item of shown) {
      list.append(pickButton(item));
    }
    results.append(list);
  }

  function localResults(query) {
    const wanted = words(query);
    return [...known.values()].filter((item) => {
      const have = words(item.name).join(" ");
      return wanted.every((w) => have.includes(w));
    });
  }

  async function runSearch(now) {
    window.clearTimeout(searchTimer);
    const query = search.value.trim();
    if (!query) {
      showResults(null);
      return;
    }
    if (!now) {
      searchTimer = window.setTimeout(() => runSearch(true), 150);
      return;
    }
    const mine = ++asked;
    let items = null;
    if (navigator.onLine) {
      try {
        const response = await fetch(`${page.search}?q=${encodeURIComponent(query)}`, {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        });
        if (response.ok) {
          items = (await response.json()).results;
          for (const item of items) {
            known.set(String(item.id), item);
          }
        }
      } catch {
        items = null;
      }
    }
    if (mine === asked) {
      showResults(items || localResults(query), query);
    }
  }

  if (search) {
    search.addEventListener("input", () => runSearch(false));
  }

  // --- offline: the service worker --------------------------------------------------------

  if ("serviceWorker" in navigator && window.isSecureContext) {
    navigator.serviceWorker
      .register(page.worker)
      .then(() => navigator.serviceWorker.ready)
      .then((registration) => {
        // The files first, the page last: once the page is kept, all it needs is.
        const urls = [
          ...[...document.querySelectorAll("link[rel=stylesheet], link[rel=icon], script[src]")].map(
            (e) => e.href || e.src,
          ),
          window.location.pathname,
        ];
        registration.active?.postMessage({ type: "keep", urls });
      })
      .catch(() => {});
  }

  // --- on load: what this device knows that the page may not show yet -------------------

  for (const entry of read(keys.saved, [])) {
    if (entry.at >= page.rendered) {
      render(entry.op, "saved"); // saved after this copy of the page was made
    }
  }
  for (const op of queue()) {
    if (op.workout === page.workout) {
      render(op, op.refused ? "refused" : "pending");
      if (op.refused) {
        const row = rowOf(op.row);
        if (row) {
          if (op.op === "done") {
            markDone(row, false);
          }
          rowError(row, null, op.refused);
        }
      }
    }
  }
  for (const [uid, draft] of Object.entries(drafts())) {
    const row = rowOf(uid);
    if (row && !row.classList.contains("done")) {
      setValues(row, draft.values || {});
      touched.set(uid, new Set(draft.touched || []));
    } else {
      dropDraft(uid);
    }
  }
  // A refused operation stays in the queue until its row is marked done again.
  write(keys.queue, queue().filter((o) => !(o.refused && o.workout === page.workout && o.op !== "done")));
  updateStatus();
  restTick();
  flush();
})();

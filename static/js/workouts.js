// Logging niceties; every form works without this file.
"use strict";

(() => {
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
})();

// Breaks form: a body region ticks its muscle groups; only the parts of the chosen mode show.
// Without this file every part shows, and a region with no muscle ticked counts as its muscles.
"use strict";

function showModeParts(form) {
  const checked = form.querySelector('input[name="mode"]:checked');
  const mode = checked ? checked.value : "rest";
  for (const part of form.querySelectorAll("[data-mode-part]")) {
    // A part with an error message stays in sight, whatever the mode.
    part.hidden = part.dataset.modePart !== mode && !part.querySelector(".error");
  }
}

function tickRegion(select) {
  const option = select.selectedOptions[0];
  if (!option || !option.dataset.muscles) {
    return;
  }
  const keys = new Set(option.dataset.muscles.split(" "));
  for (const box of select.form.querySelectorAll('input[name="muscles"]')) {
    box.checked = keys.has(box.value);
  }
}

for (const form of document.querySelectorAll("form.break-form")) {
  showModeParts(form);
  form.addEventListener("change", (event) => {
    const target = event.target;
    if (target.name === "mode") {
      showModeParts(form);
    } else if (target.name === "body_region") {
      tickRegion(target);
    }
  });
}

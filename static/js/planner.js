// Planner form: a body region ticks its muscle groups; only the parts of the chosen kind show.
// Without this file every part shows, and a region with no muscle ticked counts as its muscles.
"use strict";

function showKindParts(form) {
  const checked = form.querySelector('input[name="kind"]:checked');
  const kind = checked ? checked.value : "rest";
  for (const part of form.querySelectorAll("[data-kind-part]")) {
    // A part with an error message stays in sight, whatever the kind.
    part.hidden = part.dataset.kindPart !== kind && !part.querySelector(".error");
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

for (const form of document.querySelectorAll("form.planner-form")) {
  showKindParts(form);
  form.addEventListener("change", (event) => {
    const target = event.target;
    if (target.name === "kind") {
      showKindParts(form);
    } else if (target.name === "region") {
      tickRegion(target);
    }
  });
}

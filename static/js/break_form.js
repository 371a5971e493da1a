// Break and planner forms: a body region ticks its muscle groups, and only the parts that fit
// the chosen kind of break show. Without this file every part shows, and a region with no
// muscle ticked counts as all its muscles (the server does that).
//   <form data-kind-field="mode" data-region-field="body_region">
//     <div data-part="reduced">...</div> <div data-part="immobilized">...</div>
"use strict";

function showParts(form) {
  const checked = form.querySelector(`input[name="${form.dataset.kindField}"]:checked`);
  const kind = checked ? checked.value : "rest";
  for (const part of form.querySelectorAll("[data-part]")) {
    // A part with an error message stays in sight, whatever the kind.
    part.hidden = part.dataset.part !== kind && !part.querySelector(".error");
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

for (const form of document.querySelectorAll("form[data-kind-field]")) {
  showParts(form);
  form.addEventListener("change", (event) => {
    const target = event.target;
    if (target.name === form.dataset.kindField) {
      showParts(form);
    } else if (target.name === form.dataset.regionField) {
      tickRegion(target);
    }
  });
}

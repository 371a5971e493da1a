// The import preview: after a refused answer, bring the list of problems into view; open a
// name's muscles when "my own exercise with the muscles below" is chosen for it.
document.addEventListener("DOMContentLoaded", () => {
  const problems = document.getElementById("problems");
  if (problems) {
    problems.scrollIntoView({ block: "start" });
    problems.focus({ preventScroll: true });
  }
  for (const select of document.querySelectorAll('select[id$="-action"]')) {
    select.addEventListener("change", () => {
      const details = select.closest("fieldset, td")?.querySelector("details.new-exercise");
      const chosen = select.selectedOptions[0];
      if (details && chosen && (select.value === "create" || chosen.text.includes("muscles below"))) {
        details.open = true;
      }
    });
  }
});

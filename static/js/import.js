// The import preview: after a refused answer, bring the list of problems into view.
document.addEventListener("DOMContentLoaded", () => {
  const problems = document.getElementById("problems");
  if (problems) {
    problems.scrollIntoView({ block: "start" });
    problems.focus({ preventScroll: true });
  }
});

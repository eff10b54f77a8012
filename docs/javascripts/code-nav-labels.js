// Material wraps the buttons of every code block in an unnamed <nav>. Several unnamed navigation
// landmarks on one page cannot be told apart by screen-reader users (axe: landmark-unique), so
// name each one after its position. Loaded only on pages that have code blocks.
(function () {
  function label() {
    document.querySelectorAll("nav.md-code__nav").forEach(function (nav, i) {
      var name = "Code block " + (i + 1) + " tools";
      if (nav.getAttribute("aria-label") !== name) nav.setAttribute("aria-label", name);
    });
  }
  new MutationObserver(label).observe(document.body, { childList: true, subtree: true });
  label();
})();

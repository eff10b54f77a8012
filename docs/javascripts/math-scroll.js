// A formula wider than the page scrolls sideways inside its box; keyboard users must be able to
// scroll it too (WCAG 2.1.1), so such a box becomes focusable. Which boxes overflow depends on the
// screen width, so this is decided in the browser: once at load (reading the sizes lays out even
// off-screen boxes) and again whenever a box changes size.
(function () {
  function check(box) {
    if (box.scrollWidth > box.clientWidth + 1) {
      box.setAttribute("tabindex", "0");
    } else {
      box.removeAttribute("tabindex");
    }
  }
  var observer = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) { check(entry.target); });
  });
  document.querySelectorAll(".math-scroll").forEach(function (box) {
    check(box);
    observer.observe(box);
  });
})();

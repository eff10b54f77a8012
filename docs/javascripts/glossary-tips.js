// A glossary term's definition shows on hover and on keyboard focus by CSS alone (extra.css,
// .gloss). WCAG 1.4.13 asks that such content can be dismissed without moving the pointer or
// the focus: Escape hides the tooltips shown now, until the pointer leaves the term or the
// focus moves on.
(function () {
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") {
      return;
    }
    document.querySelectorAll(".gloss:hover, .gloss:focus-within").forEach(function (term) {
      term.classList.add("gloss--dismissed");
    });
  });
  function restore(event) {
    var term = event.target.closest && event.target.closest(".gloss");
    if (term) {
      term.classList.remove("gloss--dismissed");
    }
  }
  document.addEventListener("mouseout", restore);
  document.addEventListener("focusout", restore);
})();

// Printing: paper gets every answer and deep dive open, every figure loaded, and the light colour
// scheme (dark text on white, the light figures), whatever the screen shows; afterwards the page is
// put back as it was. Browsers announce printing with beforeprint/afterprint; a print preview
// emulated by a tool only switches the print media query, so both are watched.
// Without script, the print stylesheet still opens the answers (extra.css) and the scheme is light.
(function () {
  var saved = null;

  function toPaper() {
    if (saved) return;
    saved = {
      scheme: document.body.getAttribute("data-md-color-scheme"),
      closed: Array.prototype.filter.call(document.querySelectorAll("details"), function (d) { return !d.open; })
    };
    saved.closed.forEach(function (d) { d.open = true; });
    document.body.setAttribute("data-md-color-scheme", "default");
    // A lazy figure far down has not been fetched; on paper it would be an empty box.
    document.querySelectorAll("img[loading=lazy]").forEach(function (img) { img.loading = "eager"; });
  }
  function back() {
    if (!saved) return;
    saved.closed.forEach(function (d) { d.open = false; });
    if (saved.scheme) document.body.setAttribute("data-md-color-scheme", saved.scheme);
    saved = null;
  }
  window.addEventListener("beforeprint", toPaper);
  window.addEventListener("afterprint", back);
  var print = window.matchMedia("print");
  print.addEventListener("change", function (e) { (e.matches ? toPaper : back)(); });
})();

// The course page draws each topic page only when it comes near the screen (content-visibility in
// extra.css), which cuts the work of loading it by about 40 %. A link to a section far down (from
// the page's contents, or from elsewhere) lands where the placeholders put that section; the
// browser then draws the topic page just above it, which is taller or shorter than its
// placeholder, and the section moves away. So after such a jump, once the browser has drawn what
// is near, the section is brought back into view, until it stays put (or the reader scrolls or types).
(function () {
  var input = -1;  // when the reader last scrolled or typed: a correction never undoes that
  ["wheel", "touchstart", "keydown"].forEach(function (type) {
    window.addEventListener(type, function () { input = performance.now(); }, { passive: true });
  });

  function afterDrawing(work) {
    requestAnimationFrame(function () { requestAnimationFrame(work); });
  }
  function land(since) {
    var target = null;
    try {
      target = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    } catch (e) {}  // a hash that is not valid percent-encoding names no section
    if (!target) return;
    var tries = 0;
    var last = null;
    afterDrawing(function settle() {
      if (input > since || (last !== null && Math.abs(target.getBoundingClientRect().top - last) < 1)) return;
      target.scrollIntoView();  // where the browser's own jump puts it (scroll-margin-top)
      last = target.getBoundingClientRect().top;
      if (++tries < 10) afterDrawing(settle);
    });
  }
  // A link followed on the page: from now on. Opened with a hash: from the start of the visit.
  window.addEventListener("hashchange", function () { land(performance.now()); });
  if (location.hash) window.addEventListener("load", function () { land(0); });
})();

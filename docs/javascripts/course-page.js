// The course page draws each topic page only when it comes near the screen (content-visibility in
// extra.css), which cuts the work of loading it by about 40 %. A link to a section far down (from
// the page's contents, or from elsewhere) lands where the placeholders put that section; the
// browser then draws the topic page just above it, which is taller or shorter than its
// placeholder, and the section moves away. So after such a jump, once the browser has drawn what
// is near, the section is brought back into view, until it stays put (or the reader scrolls or types).
(function () {
  var stopped = false;
  ["wheel", "touchstart", "keydown"].forEach(function (type) {
    window.addEventListener(type, function () { stopped = true; }, { passive: true });
  });

  function afterDrawing(work) {
    requestAnimationFrame(function () { requestAnimationFrame(work); });
  }
  function land() {
    var id = decodeURIComponent(location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (!target) return;
    stopped = false;
    var tries = 0;
    var last = null;
    afterDrawing(function settle() {
      if (stopped || (last !== null && Math.abs(target.getBoundingClientRect().top - last) < 1)) return;
      target.scrollIntoView();  // where the browser's own jump puts it (scroll-margin-top)
      last = target.getBoundingClientRect().top;
      if (++tries < 10) afterDrawing(settle);
    });
  }
  window.addEventListener("hashchange", land);
  if (location.hash) window.addEventListener("load", land);
})();

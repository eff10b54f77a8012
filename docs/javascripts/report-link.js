// "Report a problem" links open a prefilled issue form; this adds the section being read, taken
// from the table of contents' highlighted entry (or the URL's #anchor) at the moment of the click.
document.addEventListener("click", (event) => {
  const link = event.target.closest("a.report-link");
  if (!link) return;
  const active = document.querySelector(".md-nav--secondary .md-nav__link--active");
  const anchor = decodeURIComponent(location.hash.slice(1));
  const heading = anchor && document.getElementById(anchor);
  const section = (active || heading || { textContent: "" }).textContent.replace("¶", "").trim();
  const url = new URL(link.href);
  url.searchParams.set("section", section);
  link.href = url.toString();
});

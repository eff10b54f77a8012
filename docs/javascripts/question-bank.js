// The question bank's filter (progressive enhancement: without script every question shows and
// there is no filter). Built from the page itself: the types and difficulties from the bank's
// data attributes (written by scripts/question_bank.py from page_contract's lists), the parts
// from its sections. A part or page with no question left is hidden with its heading.
(() => {
  const bank = document.querySelector(".question-bank");
  if (!bank) return;
  const questions = [...bank.querySelectorAll("details.question")];
  const groups = [...bank.querySelectorAll(".question-bank__part, .question-bank__page")];
  const parts = [...bank.querySelectorAll(".question-bank__part")].map((p) => p.dataset.part);
  const form = document.createElement("form");
  form.className = "question-bank__filter";
  form.setAttribute("aria-label", "Filter the questions");
  const choose = (name, label, any, values) => {
    const id = `question-bank-${name}`;
    const wrap = document.createElement("div");
    const text = document.createElement("label");
    text.htmlFor = id;
    text.textContent = label;
    const select = document.createElement("select");
    select.id = id;
    select.name = name;
    for (const [value, shown] of [["", any], ...values.map((v) => [v, v])]) {
      select.add(new Option(shown, value));
    }
    wrap.append(text, select);
    form.append(wrap);
    return select;
  };
  const kind = choose("type", "Type", "Any type", bank.dataset.types.split(" "));
  const level = choose("difficulty", "Difficulty", "Any difficulty", bank.dataset.levels.split(" "));
  const part = choose("part", "Part", "Every part", parts);
  const count = document.createElement("p");
  count.className = "question-bank__count";
  count.setAttribute("aria-live", "polite");
  form.append(count);
  const apply = () => {
    let shown = 0;
    for (const q of questions) {
      const ok = (!kind.value || q.classList.contains(kind.value)) &&
        (!level.value || q.classList.contains(level.value)) &&
        (!part.value || q.closest(".question-bank__part").dataset.part === part.value);
      q.hidden = !ok;
      shown += ok;
    }
    for (const g of groups) g.hidden = !g.querySelector("details.question:not([hidden])");
    count.textContent = `Showing ${shown} of ${questions.length} questions.`;
  };
  form.addEventListener("change", apply);
  form.addEventListener("submit", (event) => event.preventDefault());
  bank.before(form);
  apply();
})();

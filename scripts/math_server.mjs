// Renders TeX to MathML Core with Temml, one request per line on stdin, one JSON answer per line on stdout.
// Request: {"tex": "...", "display": true|false}   Answer: {"html": "<math>…</math>"} or {"error": "..."}
// Started once per build (or per `mkdocs serve` session) by scripts/math_render.py; macros are shared with it.
import { createRequire } from "node:module";
import { createInterface } from "node:readline";

const require = createRequire(import.meta.url);
let temml;
try {
  temml = require("temml");
} catch (err) {
  process.stdout.write(JSON.stringify({ fatal: "temml is not installed: run `npm ci` (or `make setup`)" }) + "\n");
  process.exit(1);
}
const macros = JSON.parse(process.argv[2] || "{}");
const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on("line", (line) => {
  let answer;
  try {
    const req = JSON.parse(line);
    const html = temml.renderToString(req.tex, {
      displayMode: !!req.display,
      throwOnError: true,
      strict: true,
      trust: false,
      wrap: "tex", // long inline formulas may break after a relation or operator, as in TeX
      macros: { ...macros },
    });
    answer = { html };
  } catch (err) {
    answer = { error: String(err && err.message ? err.message : err) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
});

// Renders TeX to HTML with KaTeX, one request per line on stdin, one JSON answer per line on stdout.
// Request: {"tex": "...", "display": true|false}   Answer: {"html": "..."} or {"error": "..."}
// Started once per build by scripts/katex_render.py; macros are shared with it.
import { createRequire } from "node:module";
import { createInterface } from "node:readline";

const require = createRequire(import.meta.url);
let katex;
try {
  katex = require("katex");
} catch (err) {
  process.stdout.write(JSON.stringify({ fatal: "katex is not installed: run `npm ci` (or `make setup`)" }) + "\n");
  process.exit(1);
}
const macros = JSON.parse(process.argv[2] || "{}");
const rl = createInterface({ input: process.stdin, crlfDelay: Infinity });
rl.on("line", (line) => {
  let answer;
  try {
    const req = JSON.parse(line);
    const html = katex.renderToString(req.tex, {
      displayMode: !!req.display,
      throwOnError: true,
      strict: "error",
      trust: false,
      output: "htmlAndMathml",
      macros: { ...macros },
    });
    answer = { html };
  } catch (err) {
    answer = { error: String(err && err.message ? err.message : err) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
});

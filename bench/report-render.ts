// Prints the main-thread cost of streaming a long report into the real ReportPanel, divided by the cost of
// rendering the complete report once (goal ≤ 3).
// Method: jsdom 29 provides the DOM; react-dom/client renders ReportPanel (the component the research page
// uses) into one root. A generated ≥ 50 KB markdown report (headings, cited paragraphs, lists, GFM tables,
// code, images) is cut into ≥ 2,000 token-sized deltas; after each delta the accumulated text is rendered
// with flushSync, and only that synchronous render + commit is timed (performance.now around flushSync),
// never idle time. The baseline is one flushSync render of the complete report into a fresh root (median of
// 5). Both passes are warmed up first so JIT compilation is not billed to either side. Every delta is
// rendered on its own: no frame batching is assumed, so this is the worst case (one render per delta).
// Usage: npm run bench:report-render
import { JSDOM } from "jsdom";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

// The app ships React's production build; the development build is several times slower.
Object.assign(process.env, { NODE_ENV: "production" });

const dom = new JSDOM("<!doctype html><html><body></body></html>", { url: "http://localhost/", pretendToBeVisual: true });
const g = globalThis as Record<string, unknown>;
for (const key of ["window", "document", "navigator", "Node", "HTMLElement", "Element", "Text", "getComputedStyle", "requestAnimationFrame", "cancelAnimationFrame", "MutationObserver"]) {
  Object.defineProperty(g, key, { value: (dom.window as unknown as Record<string, unknown>)[key], configurable: true, writable: true });
}
g.IS_REACT_ACT_ENVIRONMENT = false;

const { createElement } = await import("react");
const { flushSync } = await import("react-dom");
const { createRoot } = await import("react-dom/client");
const { ReportPanel } = await import("@/components/report/report-panel");
const { generateReport, cutIntoDeltas } = await import("./report-markdown");

const { markdown, sources } = generateReport(56_000);
const deltas = cutIntoDeltas(markdown, 2_400);

type Props = Parameters<typeof ReportPanel>[0];
const props = (text: string, final: boolean): Props => ({
  runId: "bench",
  markdown: text,
  isFinal: final,
  phase: final ? "final" : "streaming",
  sources,
});

function renderOnce(text: string): number {
  const host = document.createElement("div");
  document.body.appendChild(host);
  const root = createRoot(host);
  const t0 = performance.now();
  flushSync(() => root.render(createElement(ReportPanel, props(text, true))));
  const ms = performance.now() - t0;
  root.unmount();
  host.remove();
  return ms;
}

/** Renders the report delta by delta into one root; returns the summed render+commit time. */
function stream(parts: readonly string[]): { total: number; max: number } {
  const host = document.createElement("div");
  document.body.appendChild(host);
  const root = createRoot(host);
  let text = "";
  let total = 0;
  let max = 0;
  for (const part of parts) {
    text += part;
    const t0 = performance.now();
    flushSync(() => root.render(createElement(ReportPanel, props(text, false))));
    const ms = performance.now() - t0;
    total += ms;
    max = Math.max(max, ms);
  }
  root.unmount();
  host.remove();
  return { total, max };
}

// Start every measured pass from a collected heap, so one pass does not pay for another's garbage.
setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

// Warm-up: both code paths once, unmeasured. Then 5 trials of once/stream/once; each trial's ratio uses the
// two complete renders around its stream, so a machine that gets busier or quieter mid-run skews neither side.
renderOnce(markdown);
stream(deltas);
const trials: { stream: { total: number; max: number }; once: number; ratio: number }[] = [];
const measureOnce = () => (gc(), renderOnce(markdown));
let before = measureOnce();
for (let i = 0; i < 5; i++) {
  gc();
  const s = stream(deltas);
  const after = measureOnce();
  const once = (before + after) / 2;
  trials.push({ stream: s, once, ratio: s.total / once });
  before = after;
}
const { stream: streamed, once, ratio } = trials.sort((a, b) => a.ratio - b.ratio)[Math.floor(trials.length / 2)]!;
console.log(`report: ${(Buffer.byteLength(markdown) / 1024).toFixed(1)} KB markdown (${markdown.length} chars), ${deltas.length} deltas`);
console.log(`streamed render (sum over deltas): ${streamed.total.toFixed(1)} ms (slowest delta ${streamed.max.toFixed(2)} ms)`);
console.log(`complete report rendered once: ${once.toFixed(1)} ms`);
console.log(`ratio: ${ratio.toFixed(2)} (goal <= 3; median of ${trials.length} trials: ${trials.map((t) => t.ratio.toFixed(2)).join(", ")})`);
process.exit(0);

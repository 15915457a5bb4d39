// Pins the process-wide sandbox limit found by bench/soak.ts: more calls than MAX_SANDBOXES queue instead of all starting (20 at once all missed the start-up deadline), every queued call still runs, and a queued call whose run is stopped returns "cancelled" without waiting for a slot.
import { describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/server/config";
import { MAX_SANDBOXES, runPython } from "@/tools/python";
import type { ToolContext, ToolOutcome } from "@/tools/types";

function ctx(signal = new AbortController().signal): ToolContext {
  const config = parseConfig({});
  config.python = { ...config.python, timeoutMs: 20_000 };
  return { config, signal, maxSearchResults: 5 };
}
const stdout = (o: ToolOutcome) => (o.result.kind === "python" ? o.result.stdout : "");

describe("python sandbox slots", () => {
  it("queues calls beyond the limit, runs them all, and lets a stopped run leave the queue at once", async () => {
    expect(MAX_SANDBOXES).toBeGreaterThanOrEqual(2);
    const order: string[] = [];
    const busy = Array.from({ length: MAX_SANDBOXES + 1 }, (_, i) =>
      runPython({ code: `import time\ntime.sleep(1.5)\nprint("busy ${i}")` }, ctx()).then((o) => (order.push(`busy ${i}`), o)),
    );
    const stop = new AbortController();
    const queued = runPython({ code: 'print("never")' }, ctx(stop.signal)).then((o) => (order.push("stopped"), o));
    stop.abort();
    const stopped = await queued;
    expect(stopped.result).toMatchObject({ kind: "error", message: "cancelled" });
    const done = await Promise.all(busy);
    expect(order[0]).toBe("stopped"); // it did not wait for any of the busy sandboxes
    done.forEach((o, i) => expect(stdout(o)).toBe(`busy ${i}\n`));
  });
});

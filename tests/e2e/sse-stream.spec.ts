// Pins C22 against the production server: a client asking for gzip/br gets the run's events uncompressed and unbuffered, with the SSE headers, as many separate chunks in order, the first one long before the last.
import { expect, test } from "@playwright/test";
import http from "node:http";

test("C22: events stream incrementally with no compression, whatever Accept-Encoding says", async ({ request, baseURL }) => {
  const started = await request.post("/api/runs", { data: { question: "", demo: "slow-steps", settings: { autoAccept: true } } });
  expect(started.status()).toBe(201);
  const { runId } = (await started.json()) as { runId: string };

  const { headers, chunks } = await new Promise<{ headers: http.IncomingHttpHeaders; chunks: string[] }>((resolve, reject) => {
    const req = http.get(`${baseURL}/api/runs/${runId}/events`, { headers: { "Accept-Encoding": "gzip, deflate, br", Accept: "text/event-stream" } }, (res) => {
      const chunks: string[] = [];
      res.setEncoding("utf8");
      res.on("data", (c: string) => chunks.push(c));
      res.on("end", () => resolve({ headers: res.headers, chunks }));
      res.on("error", reject);
    });
    req.on("error", reject);
  });

  expect(headers["content-type"]).toBe("text/event-stream; charset=utf-8");
  expect(headers["cache-control"]).toMatch(/no-cache/);
  expect(headers["cache-control"]).toMatch(/no-transform/);
  expect(headers["x-accel-buffering"]).toBe("no");
  expect(headers["content-encoding"] ?? "none").not.toMatch(/gzip|br|deflate/);

  // Plain text frames (not compressed bytes), in order, ending with `done`.
  const body = chunks.join("");
  const events = [...body.matchAll(/^data: (.+)$/gm)].map((m) => JSON.parse(m[1]!) as { seq: number; type: string });
  expect(events.map((e) => e.seq)).toEqual(events.map((_, i) => i + 1));
  expect(events.at(-1)!.type).toBe("done");
  // Incremental: the events came in many chunks; the first carried no `done`, only the last did.
  const withEvents = chunks.filter((c) => /^data: /m.test(c));
  expect(withEvents.length).toBeGreaterThanOrEqual(5);
  expect(chunks[0]).toContain(": connected");
  expect(chunks.slice(0, -1).some((c) => c.includes('"type":"done"'))).toBe(false);
  expect(chunks.findIndex((c) => c.includes('"type":"report_delta"'))).toBeGreaterThan(chunks.findIndex((c) => c.includes('"type":"plan"')));
});

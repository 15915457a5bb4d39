// GET /api/runs/:id/events?after=N — the run's events as SSE: everything after N (from the store,
// also after a server restart), then live; each event exactly once, in seq order.
// Uncompressed, unbuffered, with a ping every 15 s; a client leaving never affects the run.
import { encodeEvent, SSE_HEADERS, SSE_PING } from "@/lib/protocol/sse";
import type { RunEvent } from "@/lib/protocol/events";
import { jsonError } from "@/lib/server/http";
import { follow, getRun } from "@/lib/server/runs";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const PING_MS = 15_000;

export async function GET(req: Request, { params }: { params: Promise<{ id: string }> }) {
  const run = await getRun((await params).id);
  if (!run) return jsonError(404, "bad_request", "There is no such run (it may have been deleted).");
  const url = new URL(req.url);
  const after = Number(url.searchParams.get("after") ?? req.headers.get("last-event-id") ?? 0) || 0;
  const encoder = new TextEncoder();
  let cleanup = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      let closed = false;
      const close = () => {
        if (closed) return;
        closed = true;
        cleanup();
        try {
          controller.close();
        } catch {
          /* already closed by the client */
        }
      };
      const send = (e: RunEvent) => {
        if (closed) return;
        try {
          controller.enqueue(encoder.encode(encodeEvent(e)));
        } catch {
          close();
          return;
        }
        if (e.type === "done" && e.status !== "awaiting_plan_review") queueMicrotask(close);
      };
      controller.enqueue(encoder.encode(": connected\n\n"));
      const unsubscribe = follow(run, after, send, close);
      const ping = setInterval(() => {
        try {
          controller.enqueue(encoder.encode(SSE_PING));
        } catch {
          close();
        }
      }, PING_MS);
      const onAbort = () => close();
      req.signal.addEventListener("abort", onAbort);
      cleanup = () => {
        unsubscribe();
        clearInterval(ping);
        req.signal.removeEventListener("abort", onAbort);
      };
    },
    cancel() {
      cleanup();
    },
  });
  return new Response(stream, { headers: SSE_HEADERS });
}

// Server-Sent Events framing for RunEvents, shared by the API route (encode) and every client (parse).
// Parsing goes through eventsource-parser, which copes with frames split anywhere (C23).
import { createParser } from "eventsource-parser";
import { RunEvent } from "./events";

export const SSE_HEADERS: Record<string, string> = {
  "Content-Type": "text/event-stream; charset=utf-8",
  "Cache-Control": "no-cache, no-transform",
  "Content-Encoding": "none",
  "X-Accel-Buffering": "no",
  Connection: "keep-alive",
};

export function encodeEvent(event: RunEvent): string {
  return `id: ${event.seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
}

export const SSE_PING = ": ping\n\n";

export interface SseReaderHandlers {
  onEvent: (event: RunEvent) => void;
  /** A frame that is not a valid RunEvent: reported, never thrown. */
  onInvalid?: (raw: string, reason: string) => void;
}

/** Reads a byte stream of SSE frames and calls onEvent for every valid RunEvent. */
export async function readEventStream(
  body: ReadableStream<Uint8Array>,
  handlers: SseReaderHandlers,
  signal?: AbortSignal,
): Promise<void> {
  const parser = createParser({
    onEvent(message) {
      let json: unknown;
      try {
        json = JSON.parse(message.data);
      } catch {
        handlers.onInvalid?.(message.data, "not JSON");
        return;
      }
      const parsed = RunEvent.safeParse(json);
      if (parsed.success) handlers.onEvent(parsed.data);
      else handlers.onInvalid?.(message.data, parsed.error.message);
    },
  });
  const reader = body.getReader();
  const decoder = new TextDecoder();
  const abort = () => void reader.cancel().catch(() => {});
  signal?.addEventListener("abort", abort, { once: true });
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
    }
    parser.feed(decoder.decode());
  } finally {
    signal?.removeEventListener("abort", abort);
  }
}

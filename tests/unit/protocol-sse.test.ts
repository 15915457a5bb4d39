// Pins the SSE client parser on C23's exact byte splits (a CJK character split across chunks, a 40 KB event in 7 pieces with CRLF endings) and the server's SSE framing and headers (C22).
import { describe, expect, it } from "vitest";
import { encodeEvent, readEventStream, SSE_HEADERS } from "@/lib/protocol/sse";
import type { RunEvent } from "@/lib/protocol/events";

const enc = new TextEncoder();

function streamOf(pieces: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      for (const p of pieces) controller.enqueue(p);
      controller.close();
    },
  });
}

async function parse(pieces: Uint8Array[]) {
  const events: RunEvent[] = [];
  const invalid: string[] = [];
  await readEventStream(streamOf(pieces), { onEvent: (e) => events.push(e), onInvalid: (_raw, reason) => invalid.push(reason) });
  return { events, invalid };
}

describe("C23 SSE event split across network chunks", () => {
  it("dispatches exactly two events from the case's pieces: 固态电池 across a split character, and a 40 KB CRLF event in 7 pieces", async () => {
    const chi = enc.encode("池");
    expect([...chi]).toEqual([0xe6, 0xb1, 0xa0]);
    const big = "x".repeat(40_000);
    const second = `data: {"runId":"r","seq":2,"ts":2,"type":"report_delta","text":"${big}"}\r\n\r\n`;
    const bytes = enc.encode(second);
    // Seven pieces, one cut between the final \r and \n of a line ending.
    const cuts = [0, 7, 5_000, 17_321, 29_000, 40_001, bytes.length - 3, bytes.length];
    const pieces = [
      enc.encode('event: message\ndata: {"runId":"r","seq":1,"ts":1,"type":"report_delta","text":"固态电'),
      chi.slice(0, 2),
      new Uint8Array([...chi.slice(2), ...enc.encode('"}\n')]),
      enc.encode("\n"),
      ...cuts.slice(1).map((end, i) => bytes.slice(cuts[i], end)),
    ];
    expect(pieces).toHaveLength(4 + 7);
    const { events, invalid } = await parse(pieces);
    expect(invalid).toEqual([]);
    expect(events).toHaveLength(2);
    expect(events[0]).toMatchObject({ type: "report_delta", text: "固态电池" });
    expect(events[1]).toMatchObject({ type: "report_delta", seq: 2 });
    expect((events[1] as { text: string }).text).toHaveLength(40_000);
  });

  it("reassembles the server's own frames fed one byte at a time, and reports a non-JSON frame instead of throwing", async () => {
    const e: RunEvent = { runId: "r", seq: 1, ts: 1, type: "text_delta", agent: "researcher", stepIndex: 0, text: "Published: 2010-01-07\n<b>HTML</b> 电池" };
    const wire = enc.encode(`: connected\n\n${encodeEvent(e)}data: Published: 2010-01-07\n\n: ping\n\n`);
    const { events, invalid } = await parse([...wire].map((b) => new Uint8Array([b])));
    expect(events).toEqual([e]);
    expect(invalid).toEqual(["not JSON"]);
  });
});

describe("C22 SSE headers", () => {
  it("forbid compression and proxy buffering", () => {
    expect(SSE_HEADERS["Content-Type"]).toBe("text/event-stream; charset=utf-8");
    expect(SSE_HEADERS["Cache-Control"]).toBe("no-cache, no-transform");
    expect(SSE_HEADERS["X-Accel-Buffering"]).toBe("no");
    expect(SSE_HEADERS["Content-Encoding"]).toBe("none");
  });
});

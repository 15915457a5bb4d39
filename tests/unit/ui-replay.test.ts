// Pins "replay at real speed": events are due after their original gaps (from timestamps), idle gaps
// are shortened to MAX_GAP_MS, events closer than a frame are applied together, and nothing is lost.
import { describe, expect, it } from "vitest";
import type { RunEvent } from "@/lib/protocol/events";
import { MAX_GAP_MS, replaySchedule } from "@/lib/client/use-replay";

const at = (ts: number[]): RunEvent[] => ts.map((t, i) => ({ type: "notice", level: "info", message: `${i}`, runId: "r", seq: i + 1, ts: t }) as RunEvent);

describe("replaySchedule", () => {
  it("keeps the original gaps, batches bursts within a frame, and caps long pauses", () => {
    const events = at([1000, 1005, 1010, 1500, 1503, 90_000, 90_100]);
    const ticks = replaySchedule(events);
    expect(ticks.map(([delay, batch]) => [delay, batch.map((e) => e.seq)])).toEqual([
      [0, [1, 2, 3]],
      // Delays run from the previous tick's first event, so batching never shifts later events.
      [500, [4, 5]],
      [3 + MAX_GAP_MS, [6]],
      [100, [7]],
    ]);
  });

  it("replays every event once, in order", () => {
    const events = at(Array.from({ length: 500 }, (_, i) => 1000 + i * 7));
    expect(replaySchedule(events).flatMap(([, b]) => b)).toEqual(events);
    expect(replaySchedule([])).toEqual([]);
  });
});

"use client";
// Replays a recorded run "at real speed": loads its whole event log once, then feeds the pure
// reducer with the original gaps between events (from their timestamps; idle gaps such as a plan
// review waiting for the user are shortened to MAX_GAP_MS). Bursts closer than a frame are applied
// together. `skip()` applies the rest at once.
import { useCallback, useEffect, useRef, useState } from "react";
import type { RunEvent } from "@/lib/protocol/events";
import { readEventStream } from "@/lib/protocol/sse";
import { eventsUrl } from "./api";
import { createRunView, reduceAll } from "./run-reducer";
import type { RunView } from "./run-view";

export const MAX_GAP_MS = 3_000;
const FRAME_MS = 16;

export type ReplayState = "loading" | "playing" | "done" | "not_found" | "failed";

/** The events due together at each tick: [delay before the tick, events]. Pure, for tests. */
export function replaySchedule(events: readonly RunEvent[], maxGapMs = MAX_GAP_MS, frameMs = FRAME_MS): [number, RunEvent[]][] {
  const ticks: [number, RunEvent[]][] = [];
  let prevTs: number | undefined;
  let pending = 0;
  for (const e of events) {
    const gap = prevTs === undefined ? 0 : Math.min(Math.max(0, e.ts - prevTs), maxGapMs);
    prevTs = e.ts;
    pending += gap;
    const last = ticks.at(-1);
    if (last && pending < frameMs) last[1].push(e);
    else {
      ticks.push([pending, [e]]);
      pending = 0;
    }
  }
  return ticks;
}

export function useReplay(runId: string): { view: RunView; state: ReplayState; skip: () => void } {
  const [view, setView] = useState<RunView>(() => createRunView(runId));
  const [state, setState] = useState<ReplayState>("loading");
  const eventsRef = useRef<RunEvent[]>([]);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const skip = useCallback(() => {
    clearTimeout(timer.current);
    setView(reduceAll(createRunView(runId), eventsRef.current));
    setState("done");
  }, [runId]);

  useEffect(() => {
    const ctrl = new AbortController();
    (async () => {
      const res = await fetch(eventsUrl(runId, 0), { signal: ctrl.signal, cache: "no-store", headers: { Accept: "text/event-stream" } });
      if (res.status === 404) return setState("not_found");
      if (!res.ok || !res.body) return setState("failed");
      const events: RunEvent[] = [];
      await readEventStream(res.body, { onEvent: (e) => events.push(e) }, ctrl.signal);
      eventsRef.current = events;
      const ticks = replaySchedule(events);
      setState("playing");
      let i = 0;
      const next = () => {
        const tick = ticks[i++];
        if (!tick) return setState("done");
        timer.current = setTimeout(() => {
          setView((v) => reduceAll(v, tick[1]));
          next();
        }, tick[0]);
      };
      next();
    })().catch(() => {
      if (!ctrl.signal.aborted) setState("failed");
    });
    return () => {
      ctrl.abort();
      clearTimeout(timer.current);
    };
  }, [runId]);

  return { view, state, skip };
}

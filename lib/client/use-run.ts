"use client";
// Owns the live connection to one run: opens the SSE stream (fetch + readEventStream), feeds the
// pure reducer, reconnects with after=lastSeq (backoff) until `done`, reopens after an action
// (plan decision, stop), and exposes those actions. Rendering lives elsewhere.
import { useCallback, useEffect, useRef, useState } from "react";
import type { RunEvent } from "@/lib/protocol/events";
import { readEventStream } from "@/lib/protocol/sse";
import { eventsUrl, postDecision, resumeRun, stopRun, type ApiError, type ApiResult } from "./api";
import { createRunView, reduceRun } from "./run-reducer";
import type { RunView } from "./run-view";

export type Connection = "connecting" | "open" | "reconnecting" | "closed" | "not_found";
export type PendingAction = "accept" | "edit" | "stop" | "resume" | null;

/** What arrived on the stream: duplicates (seq already applied) and gaps (a seq skipped) should stay 0. */
export interface StreamStats {
  received: number;
  duplicates: number;
  gaps: number;
}

export interface RunHandle {
  view: RunView;
  connection: Connection;
  /** The action posted and not yet reflected by an event. */
  pending: PendingAction;
  /** The last failed action's error (cleared by the next action). */
  actionError: ApiError | null;
  /** Frames that were not valid RunEvents (ignored). */
  invalidFrames: number;
  stats: StreamStats;
  accept: () => Promise<boolean>;
  edit: (feedback: string) => Promise<boolean>;
  stop: () => Promise<boolean>;
  /** Continues an interrupted run (POST …/resume). */
  resume: () => Promise<boolean>;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
  });

/** 0.5 s, 1 s, 2 s … capped at 10 s, with jitter. */
const backoff = (attempt: number) => Math.min(10_000, 500 * 2 ** attempt) * (0.75 + Math.random() * 0.5);

/** After an action, how many empty reconnects to try before assuming nothing more will come. */
const MAX_IDLE_RECONNECTS = 12;

export function useRun(runId: string): RunHandle {
  const [view, setView] = useState<RunView>(() => createRunView(runId));
  const [connection, setConnection] = useState<Connection>("connecting");
  const [pending, setPending] = useState<PendingAction>(null);
  const [actionError, setActionError] = useState<ApiError | null>(null);
  const [invalidFrames, setInvalidFrames] = useState(0);
  const [stats, setStats] = useState<StreamStats>({ received: 0, duplicates: 0, gaps: 0 });
  const viewRef = useRef(view);
  /** Set by an action: keep (re)connecting until an event beyond this seq arrives. */
  const expectAfterRef = useRef<number | null>(null);
  const loopRef = useRef<{ ctrl: AbortController; running: boolean } | null>(null);

  const dispatch = useCallback((event: RunEvent) => {
    const last = viewRef.current.lastSeq;
    const duplicate = event.seq <= last;
    const gap = !duplicate && event.seq !== (last < 0 ? 1 : last + 1);
    setStats((s) => ({ received: s.received + 1, duplicates: s.duplicates + (duplicate ? 1 : 0), gaps: s.gaps + (gap ? 1 : 0) }));
    const next = reduceRun(viewRef.current, event);
    if (next === viewRef.current) return;
    viewRef.current = next;
    setView(next);
    if (expectAfterRef.current !== null && next.lastSeq > expectAfterRef.current) {
      expectAfterRef.current = null;
      setPending(null);
    }
  }, []);

  const streamLoop = useCallback(
    async (signal: AbortSignal) => {
      let attempt = 0;
      let idle = 0;
      while (!signal.aborted) {
        const before = viewRef.current.lastSeq;
        try {
          const res = await fetch(eventsUrl(runId, before), {
            signal,
            cache: "no-store",
            headers: { Accept: "text/event-stream" },
          });
          if (res.status === 404) {
            setConnection("not_found");
            return;
          }
          if (!res.ok || !res.body) throw new Error(`events: HTTP ${res.status}`);
          setConnection("open");
          await readEventStream(
            res.body,
            { onEvent: dispatch, onInvalid: () => setInvalidFrames((n) => n + 1) },
            signal,
          );
        } catch {
          // Network error or aborted read: fall through to reconnect (or exit when aborted).
        }
        if (signal.aborted) return;
        const v = viewRef.current;
        const progressed = v.lastSeq > before;
        if (progressed) attempt = idle = 0;
        const waitingForAction = expectAfterRef.current !== null;
        // A run paused for plan review stays open on the server: keep following it.
        const finished = v.ended && v.status !== "awaiting_plan_review";
        if (finished && (!waitingForAction || ++idle > MAX_IDLE_RECONNECTS)) {
          if (waitingForAction) {
            expectAfterRef.current = null;
            setPending(null);
          }
          setConnection("closed");
          return;
        }
        setConnection("reconnecting");
        await sleep(progressed ? 0 : backoff(attempt++), signal);
      }
    },
    [runId, dispatch],
  );

  const ensureStream = useCallback(() => {
    if (loopRef.current?.running) return;
    const handle = { ctrl: new AbortController(), running: true };
    loopRef.current = handle;
    void streamLoop(handle.ctrl.signal).finally(() => {
      handle.running = false;
    });
  }, [streamLoop]);

  useEffect(() => {
    ensureStream();
    return () => {
      loopRef.current?.ctrl.abort();
      loopRef.current = null;
    };
  }, [ensureStream]);

  const act = useCallback(
    async (kind: Exclude<PendingAction, null>, call: () => Promise<ApiResult<null>>) => {
      setPending(kind);
      setActionError(null);
      const res = await call();
      if (!res.ok) {
        setPending(null);
        setActionError(res.error);
        return false;
      }
      expectAfterRef.current = viewRef.current.lastSeq;
      ensureStream();
      return true;
    },
    [ensureStream],
  );

  const accept = useCallback(() => act("accept", () => postDecision(runId, { action: "accept" })), [act, runId]);
  const edit = useCallback(
    (feedback: string) => act("edit", () => postDecision(runId, { action: "edit", feedback: feedback.trim() })),
    [act, runId],
  );
  const stop = useCallback(() => act("stop", () => stopRun(runId)), [act, runId]);
  const resume = useCallback(() => act("resume", () => resumeRun(runId)), [act, runId]);

  return { view, connection, pending, actionError, invalidFrames, stats, accept, edit, stop, resume };
}

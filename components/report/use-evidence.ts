"use client";
// Supporting passages for citations, fetched once per (run, source, sentence) and shared by every chip
// that asks for the same one; failures are not cached, so reopening the card retries.
import { useEffect, useSyncExternalStore } from "react";
import { fetchEvidence } from "@/lib/client/api";

export type EvidenceState =
  | { state: "loading" }
  | { state: "found"; passage: string }
  | { state: "none" }
  | { state: "error"; message: string };

const LOADING: EvidenceState = { state: "loading" };
const settled = new Map<string, EvidenceState>();
const inflight = new Set<string>();
const listeners = new Set<() => void>();

function subscribe(onChange: () => void): () => void {
  listeners.add(onChange);
  return () => listeners.delete(onChange);
}

const notify = () => {
  for (const l of listeners) l();
};

function load(key: string, runId: string, sourceId: number, sentence: string): void {
  if (inflight.has(key) || settled.get(key)?.state === "found" || settled.get(key)?.state === "none") return;
  inflight.add(key);
  if (settled.delete(key)) notify();
  void fetchEvidence(runId, sourceId, sentence).then((res) => {
    inflight.delete(key);
    settled.set(
      key,
      !res.ok
        ? { state: "error", message: res.error.message }
        : res.data.passage
          ? { state: "found", passage: res.data.passage }
          : { state: "none" },
    );
    notify();
  });
}

/** The passage of `sourceId` supporting `sentence`; null when there is nothing to look up. */
export function useEvidence(runId: string | undefined, sourceId: number | undefined, sentence: string): EvidenceState | null {
  const key = runId && sourceId !== undefined && sentence ? `${runId}\n${sourceId}\n${sentence}` : null;
  const cached = useSyncExternalStore(
    subscribe,
    () => (key ? settled.get(key) : undefined),
    () => undefined,
  );
  useEffect(() => {
    if (key && runId && sourceId !== undefined) load(key, runId, sourceId, sentence);
  }, [key, runId, sourceId, sentence]);
  if (!key) return null;
  return cached ?? LOADING;
}

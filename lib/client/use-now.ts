"use client";
// A shared one-second clock for live elapsed times; components subscribe only while something runs.
import { useSyncExternalStore } from "react";

const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;

function subscribe(onTick: () => void): () => void {
  listeners.add(onTick);
  if (!timer) {
    now = Date.now();
    timer = setInterval(() => {
      now = Date.now();
      for (const l of listeners) l();
    }, 1000);
  }
  return () => {
    listeners.delete(onTick);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

const noSubscribe = () => () => {};
const getNow = () => now;
const getServerNow = () => 0;

/** Current time in ms, re-rendering every second while `live`; 0 during server render. */
export function useNow(live: boolean): number {
  return useSyncExternalStore(live ? subscribe : noSubscribe, live ? getNow : getServerNow, getServerNow);
}

"use client";
// The home page's run settings, persisted in localStorage and read through useSyncExternalStore
// (server render and first paint use the defaults; no hydration mismatch).
import { useSyncExternalStore } from "react";
import { RunSettings } from "@/lib/protocol/events";

export type UiSettings = Pick<
  RunSettings,
  "autoAccept" | "maxSteps" | "maxSearchResults" | "backgroundInvestigation" | "reportStyle" | "locale"
>;

export const DEFAULT_SETTINGS: UiSettings = (() => {
  const d = RunSettings.parse({});
  return {
    autoAccept: d.autoAccept,
    maxSteps: d.maxSteps,
    maxSearchResults: d.maxSearchResults,
    backgroundInvestigation: d.backgroundInvestigation,
    reportStyle: d.reportStyle,
    locale: d.locale,
  };
})();

const KEY = "fathom.settings.v1";
const listeners = new Set<() => void>();
let cache: { raw: string | null; value: UiSettings } | null = null;

function readRaw(): string | null {
  try {
    return window.localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

/** Each stored field is validated on its own; a bad or missing field falls back to its default. */
export function parseSettings(raw: string | null): UiSettings {
  let obj: Record<string, unknown> = {};
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    if (parsed && typeof parsed === "object") obj = parsed as Record<string, unknown>;
  } catch {
    obj = {};
  }
  const shape = RunSettings.shape;
  const pick = <K extends keyof UiSettings>(k: K): UiSettings[K] => {
    const r = shape[k].safeParse(obj[k] ?? DEFAULT_SETTINGS[k]);
    return (r.success ? r.data : DEFAULT_SETTINGS[k]) as UiSettings[K];
  };
  return {
    autoAccept: pick("autoAccept"),
    maxSteps: pick("maxSteps"),
    maxSearchResults: pick("maxSearchResults"),
    backgroundInvestigation: pick("backgroundInvestigation"),
    reportStyle: pick("reportStyle"),
    locale: pick("locale"),
  };
}

function getSnapshot(): UiSettings {
  const raw = readRaw();
  if (!cache || cache.raw !== raw) cache = { raw, value: parseSettings(raw) };
  return cache.value;
}

const getServerSnapshot = () => DEFAULT_SETTINGS;

function subscribe(onChange: () => void): () => void {
  listeners.add(onChange);
  const onStorage = (e: StorageEvent) => {
    if (e.key === KEY || e.key === null) onChange();
  };
  window.addEventListener("storage", onStorage);
  return () => {
    listeners.delete(onChange);
    window.removeEventListener("storage", onStorage);
  };
}

export function saveSettings(next: UiSettings): void {
  try {
    window.localStorage.setItem(KEY, JSON.stringify(next));
  } catch {
    // Private mode or quota: settings simply do not persist.
  }
  cache = { raw: readRaw(), value: next };
  for (const l of listeners) l();
}

export function useSettings(): [UiSettings, (next: UiSettings) => void] {
  return [useSyncExternalStore(subscribe, getSnapshot, getServerSnapshot), saveSettings];
}

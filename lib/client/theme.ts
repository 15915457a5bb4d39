"use client";
// Light/dark choice: follows prefers-color-scheme until the user picks one; the pick is stored and
// applied as a `light`/`dark` class on <html> (see the `dark` variant in app/globals.css).
import { useSyncExternalStore } from "react";
import { THEME_KEY as KEY } from "./theme-script";

export type ThemeChoice = "light" | "dark" | "system";
const listeners = new Set<() => void>();

function stored(): ThemeChoice {
  try {
    const t = window.localStorage.getItem(KEY);
    return t === "dark" || t === "light" ? t : "system";
  } catch {
    return "system";
  }
}

function systemDark(): boolean {
  return typeof window.matchMedia === "function" && window.matchMedia("(prefers-color-scheme: dark)").matches;
}

/** The theme actually shown. */
function getSnapshot(): "light" | "dark" {
  const choice = stored();
  if (choice !== "system") return choice;
  return systemDark() ? "dark" : "light";
}

function subscribe(onChange: () => void): () => void {
  listeners.add(onChange);
  const mq = typeof window.matchMedia === "function" ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  mq?.addEventListener("change", onChange);
  window.addEventListener("storage", onChange);
  return () => {
    listeners.delete(onChange);
    mq?.removeEventListener("change", onChange);
    window.removeEventListener("storage", onChange);
  };
}

export function setTheme(choice: ThemeChoice): void {
  const root = document.documentElement;
  root.classList.remove("light", "dark");
  try {
    if (choice === "system") window.localStorage.removeItem(KEY);
    else window.localStorage.setItem(KEY, choice);
  } catch {
    // Not persisted; still applied below for this page.
  }
  if (choice !== "system") root.classList.add(choice);
  for (const l of listeners) l();
}

/** `null` during server render (unknown until the browser tells us). */
export function useTheme(): "light" | "dark" | null {
  return useSyncExternalStore(subscribe, getSnapshot, () => null);
}

// Per-agent UI metadata: adding an agent to the protocol fails the type check here until it has a label.
import type { Agent } from "@/lib/protocol/events";

export const AGENT_META: Record<Agent, { label: string; badge: string }> = {
  coordinator: { label: "Coordinator", badge: "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300" },
  background: { label: "Background search", badge: "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300" },
  planner: { label: "Planner", badge: "bg-violet-100 text-violet-800 dark:bg-violet-950 dark:text-violet-300" },
  researcher: { label: "Researcher", badge: "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300" },
  coder: { label: "Coder", badge: "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300" },
  reporter: { label: "Reporter", badge: "bg-indigo-100 text-indigo-800 dark:bg-indigo-950 dark:text-indigo-300" },
};

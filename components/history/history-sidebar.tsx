"use client";
// The research history: every past and running research (title, date, status, sources), searchable
// by title, each one openable, renamable and deletable. A collapsible column on large screens, a
// drawer on phones. Refreshes on navigation, on focus, and every few seconds while a run is active.
import Link from "next/link";
import { usePathname, useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState, useSyncExternalStore, type SVGProps } from "react";
import type { RunSummary } from "@/lib/protocol/history";
import { deleteRun, listRuns, renameRun } from "@/lib/client/api";
import { Spinner } from "@/components/ui/spinner";
import { SearchIcon, XIcon } from "@/components/ui/icons";

const ACTIVE_REFRESH_MS = 3_000;
const COLLAPSED_KEY = "fathom.history.collapsed";

function Svg({ children, ...p }: SVGProps<SVGSVGElement>) {
  return (
    <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={2} strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" width="1em" height="1em" {...p}>
      {children}
    </svg>
  );
}
const HistoryIcon = (p: SVGProps<SVGSVGElement>) => (
  <Svg {...p}>
    <path d="M3 12a9 9 0 1 0 3-6.7L3 8" />
    <path d="M3 3v5h5M12 7v5l3 2" />
  </Svg>
);
const PanelIcon = (p: SVGProps<SVGSVGElement>) => (
  <Svg {...p}>
    <rect x="3" y="4" width="18" height="16" rx="2" />
    <path d="M9 4v16" />
  </Svg>
);
const PencilIcon = (p: SVGProps<SVGSVGElement>) => (
  <Svg {...p}>
    <path d="M4 20h4L19 9l-4-4L4 16v4z" />
  </Svg>
);
const TrashIcon = (p: SVGProps<SVGSVGElement>) => (
  <Svg {...p}>
    <path d="M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13" />
  </Svg>
);

const STATUS: Record<RunSummary["status"], { label: string; dot: string }> = {
  running: { label: "Running", dot: "bg-indigo-500 animate-pulse" },
  awaiting_plan_review: { label: "Plan review", dot: "bg-violet-500" },
  completed: { label: "Completed", dot: "bg-emerald-500" },
  failed: { label: "Failed", dot: "bg-red-500" },
  cancelled: { label: "Stopped", dot: "bg-zinc-400" },
  interrupted: { label: "Interrupted", dot: "bg-amber-500" },
};

function formatDate(ts: number): string {
  const d = new Date(ts);
  const today = new Date();
  const sameDay = d.toDateString() === today.toDateString();
  return sameDay
    ? d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" })
    : d.toLocaleDateString(undefined, { day: "numeric", month: "short", ...(d.getFullYear() === today.getFullYear() ? {} : { year: "numeric" }) });
}

// Collapsed state of the desktop column, in localStorage (server render: expanded).
const collapsedListeners = new Set<() => void>();
function readCollapsed(): boolean {
  try {
    return window.localStorage.getItem(COLLAPSED_KEY) === "1";
  } catch {
    return false;
  }
}
function writeCollapsed(value: boolean) {
  try {
    window.localStorage.setItem(COLLAPSED_KEY, value ? "1" : "0");
  } catch {
    // private mode: the choice lasts for this page only
  }
  for (const l of collapsedListeners) l();
}
function useCollapsed(): [boolean, (v: boolean) => void] {
  const value = useSyncExternalStore(
    (cb) => {
      collapsedListeners.add(cb);
      return () => collapsedListeners.delete(cb);
    },
    readCollapsed,
    () => false,
  );
  return [value, writeCollapsed];
}

function useHistory(query: string, pathname: string) {
  const [runs, setRuns] = useState<RunSummary[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);

  const refresh = useCallback(async () => {
    const mine = ++seq.current;
    const res = await listRuns(query);
    if (mine !== seq.current) return;
    if (res.ok) {
      setRuns(res.data);
      setError(null);
    } else setError(res.error.message);
  }, [query]);

  useEffect(() => {
    const t = setTimeout(() => void refresh(), query ? 250 : 0);
    return () => clearTimeout(t);
  }, [refresh, query, pathname]);

  const active = runs?.some((r) => r.status === "running" || r.status === "awaiting_plan_review") ?? false;
  useEffect(() => {
    const onFocus = () => void refresh();
    window.addEventListener("focus", onFocus);
    const t = active ? setInterval(() => document.visibilityState === "visible" && void refresh(), ACTIVE_REFRESH_MS) : undefined;
    return () => {
      window.removeEventListener("focus", onFocus);
      clearInterval(t);
    };
  }, [refresh, active]);

  return { runs, setRuns, error, refresh };
}

function HistoryItem({ run, current, onOpen, onChanged }: { run: RunSummary; current: boolean; onOpen: () => void; onChanged: () => void }) {
  const router = useRouter();
  const [mode, setMode] = useState<"view" | "rename" | "delete">("view");
  const [title, setTitle] = useState(run.title);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const status = STATUS[run.status];

  const saveTitle = async () => {
    const next = title.trim();
    if (!next || next === run.title) return setMode("view");
    setBusy(true);
    const res = await renameRun(run.id, next);
    setBusy(false);
    if (!res.ok) return setError(res.error.message);
    setMode("view");
    onChanged();
  };

  const remove = async () => {
    setBusy(true);
    const res = await deleteRun(run.id);
    setBusy(false);
    if (!res.ok) return setError(res.error.message);
    if (current) router.push("/");
    onChanged();
  };

  return (
    <li
      data-testid="history-item"
      data-run-id={run.id}
      data-status={run.status}
      className={`group relative rounded-lg px-2 py-1.5 ${current ? "bg-indigo-50 dark:bg-indigo-950/50" : "hover:bg-zinc-100 dark:hover:bg-zinc-800/60"}`}
    >
      {mode === "rename" ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void saveTitle();
          }}
          className="flex items-center gap-1"
        >
          <input
            data-testid="history-rename-input"
            autoFocus
            value={title}
            maxLength={200}
            onChange={(e) => setTitle(e.target.value)}
            onKeyDown={(e) => e.key === "Escape" && (setTitle(run.title), setMode("view"))}
            aria-label="New title"
            className="min-w-0 flex-1 rounded border border-zinc-300 bg-white px-1.5 py-0.5 text-sm dark:border-zinc-700 dark:bg-zinc-900"
          />
          <button type="submit" data-testid="history-rename-save" disabled={busy} className="rounded px-1.5 py-0.5 text-xs font-medium text-indigo-600 hover:bg-indigo-50 dark:text-indigo-400 dark:hover:bg-indigo-950">
            Save
          </button>
        </form>
      ) : (
        <Link href={`/research/${encodeURIComponent(run.id)}`} onClick={onOpen} className="block" aria-current={current ? "page" : undefined}>
          <span data-testid="history-title" className="line-clamp-2 pr-12 text-sm leading-snug text-zinc-800 lg:pr-0 lg:group-hover:pr-12 dark:text-zinc-100" title={run.question}>
            {run.parentRunId ? <span className="text-zinc-400">↳ </span> : null}
            {run.title}
          </span>
          <span className="mt-0.5 flex items-center gap-1.5 text-[11px] text-zinc-500 dark:text-zinc-400">
            <span className={`inline-block size-1.5 rounded-full ${status.dot}`} aria-hidden="true" />
            <span>{status.label}</span>
            <span aria-hidden="true">·</span>
            <time dateTime={new Date(run.createdAt).toISOString()}>{formatDate(run.createdAt)}</time>
            {run.sourceCount > 0 ? (
              <>
                <span aria-hidden="true">·</span>
                <span>
                  {run.sourceCount} {run.sourceCount === 1 ? "source" : "sources"}
                </span>
              </>
            ) : null}
          </span>
        </Link>
      )}
      {mode === "view" ? (
        <span className="absolute top-1.5 right-1.5 flex gap-0.5 opacity-100 lg:opacity-0 lg:group-focus-within:opacity-100 lg:group-hover:opacity-100">
          <button type="button" data-testid="history-rename" onClick={() => setMode("rename")} aria-label={`Rename “${run.title}”`} className="rounded p-1 text-zinc-500 hover:bg-zinc-200 hover:text-zinc-800 dark:hover:bg-zinc-700 dark:hover:text-zinc-100">
            <PencilIcon className="size-3.5" />
          </button>
          <button type="button" data-testid="history-delete" onClick={() => setMode("delete")} aria-label={`Delete “${run.title}”`} className="rounded p-1 text-zinc-500 hover:bg-red-100 hover:text-red-600 dark:hover:bg-red-950 dark:hover:text-red-400">
            <TrashIcon className="size-3.5" />
          </button>
        </span>
      ) : null}
      {mode === "delete" ? (
        <div className="mt-1 flex items-center gap-2 text-xs" role="group" aria-label="Confirm delete">
          <span className="text-zinc-600 dark:text-zinc-300">Delete with its events and report?</span>
          <button type="button" data-testid="history-delete-confirm" disabled={busy} onClick={() => void remove()} className="rounded bg-red-600 px-2 py-0.5 font-medium text-white hover:bg-red-700 disabled:opacity-60">
            {busy ? <Spinner className="size-3" /> : "Delete"}
          </button>
          <button type="button" onClick={() => setMode("view")} className="rounded px-1.5 py-0.5 text-zinc-600 hover:bg-zinc-200 dark:text-zinc-300 dark:hover:bg-zinc-700">
            Keep
          </button>
        </div>
      ) : null}
      {error ? <p className="mt-1 text-xs text-red-600 dark:text-red-400">{error}</p> : null}
    </li>
  );
}

function HistoryPanel({ onClose, onNavigate, onCollapse }: { onClose?: () => void; onNavigate?: () => void; onCollapse?: () => void }) {
  const pathname = usePathname();
  const [query, setQuery] = useState("");
  const { runs, error, refresh } = useHistory(query, pathname);
  const currentId = pathname.startsWith("/research/") ? decodeURIComponent(pathname.split("/")[2] ?? "") : null;
  return (
    <div className="flex h-full flex-col">
      <div className="flex h-14 shrink-0 items-center gap-2 px-3">
        <HistoryIcon className="size-4 text-zinc-500" />
        <h2 className="flex-1 text-sm font-semibold">History</h2>
        <Link href="/" onClick={onNavigate} className="rounded-lg px-2 py-1 text-xs font-medium text-indigo-600 hover:bg-indigo-50 dark:text-indigo-400 dark:hover:bg-indigo-950">
          New research
        </Link>
        {onCollapse ? (
          <button type="button" data-testid="history-toggle" onClick={onCollapse} aria-label="Hide the history" aria-expanded="true" className="rounded-lg p-1.5 text-zinc-500 hover:bg-zinc-200 hover:text-zinc-800 dark:hover:bg-zinc-800 dark:hover:text-zinc-100">
            <PanelIcon className="size-4" />
          </button>
        ) : null}
        {onClose ? (
          <button type="button" data-testid="history-close" onClick={onClose} aria-label="Close the history" className="rounded-lg p-1.5 text-zinc-500 hover:bg-zinc-100 dark:hover:bg-zinc-800">
            <XIcon className="size-4" />
          </button>
        ) : null}
      </div>
      <label className="mx-3 mb-2 flex items-center gap-2 rounded-lg border border-zinc-200 bg-white px-2 py-1 dark:border-zinc-800 dark:bg-zinc-900">
        <SearchIcon className="size-3.5 shrink-0 text-zinc-400" />
        <input
          data-testid="history-search"
          type="search"
          value={query}
          onChange={(e) => setQuery(e.target.value)}
          placeholder="Search by title"
          aria-label="Search the history by title"
          className="min-w-0 flex-1 bg-transparent text-sm outline-none placeholder:text-zinc-400"
        />
      </label>
      <div className="min-h-0 flex-1 overflow-y-auto overscroll-contain px-1.5 pb-4">
        {error ? <p className="px-2 py-3 text-xs text-red-600 dark:text-red-400">{error}</p> : null}
        {runs === null && !error ? (
          <p className="flex items-center gap-2 px-2 py-3 text-xs text-zinc-500">
            <Spinner className="size-3" /> Loading…
          </p>
        ) : null}
        {runs?.length === 0 ? (
          <p className="px-2 py-3 text-xs text-zinc-500 dark:text-zinc-400">{query ? "No research matches." : "Your researches will appear here."}</p>
        ) : null}
        <ul data-testid="history-list" className="space-y-0.5">
          {runs?.map((run) => (
            <HistoryItem key={`${run.id}:${run.title}`} run={run} current={run.id === currentId} onOpen={() => onNavigate?.()} onChanged={() => void refresh()} />
          ))}
        </ul>
      </div>
    </div>
  );
}

export function HistorySidebar() {
  const [collapsed, setCollapsed] = useCollapsed();
  const [drawer, setDrawer] = useState(false);
  const pathname = usePathname();
  const [drawerPath, setDrawerPath] = useState(pathname);
  // Navigating closes the phone drawer.
  if (drawerPath !== pathname) {
    setDrawerPath(pathname);
    if (drawer) setDrawer(false);
  }
  useEffect(() => {
    if (!drawer) return;
    const onKey = (e: KeyboardEvent) => e.key === "Escape" && setDrawer(false);
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [drawer]);

  return (
    <>
      {/* Large screens: a column that collapses to a rail. */}
      <aside
        data-testid="history-sidebar"
        data-collapsed={collapsed}
        aria-label="Research history"
        className={`sticky top-0 hidden h-dvh shrink-0 border-r border-zinc-200 bg-zinc-50 lg:block dark:border-zinc-800 dark:bg-zinc-950 ${collapsed ? "w-12" : "w-72"}`}
      >
        {collapsed ? (
          <div className="flex h-14 items-center justify-center">
            <button type="button" data-testid="history-toggle" onClick={() => setCollapsed(false)} aria-label="Show the history" aria-expanded="false" className="rounded-lg p-2 text-zinc-500 hover:bg-zinc-200 hover:text-zinc-800 dark:hover:bg-zinc-800 dark:hover:text-zinc-100">
              <PanelIcon className="size-4" />
            </button>
          </div>
        ) : (
          <HistoryPanel onCollapse={() => setCollapsed(true)} />
        )}
      </aside>
      {/* Phones and tablets: a button that opens the history as a drawer. */}
      <button
        type="button"
        data-testid="history-open"
        onClick={() => setDrawer(true)}
        aria-label="Open the research history"
        className="fixed bottom-4 left-4 z-40 inline-flex items-center gap-1.5 rounded-full border border-zinc-200 bg-white/95 px-3 py-2 text-xs font-medium text-zinc-700 shadow-lg backdrop-blur lg:hidden dark:border-zinc-700 dark:bg-zinc-900/95 dark:text-zinc-200"
      >
        <HistoryIcon className="size-3.5" />
        History
      </button>
      {drawer ? (
        <div className="fixed inset-0 z-50 lg:hidden" role="dialog" aria-modal="true" aria-label="Research history">
          <button type="button" aria-label="Close the history" onClick={() => setDrawer(false)} className="absolute inset-0 bg-black/40" />
          <div data-testid="history-drawer" className="absolute inset-y-0 left-0 w-[85vw] max-w-80 border-r border-zinc-200 bg-zinc-50 shadow-xl dark:border-zinc-800 dark:bg-zinc-950">
            <HistoryPanel onClose={() => setDrawer(false)} onNavigate={() => setDrawer(false)} />
          </div>
        </div>
      ) : null}
    </>
  );
}

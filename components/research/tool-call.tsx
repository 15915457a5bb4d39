"use client";
// One tool call card: search → hits, crawl → page, python → code + output, anything else → text.
import type { ToolCallView } from "@/lib/client/run-view";
import { formatChars, formatDuration } from "@/lib/client/format";
import { Spinner } from "@/components/ui/spinner";
import { CodeIcon, PageIcon, SearchIcon } from "@/components/ui/icons";
import { SearchHits } from "./search-hits";

type Kind = "search" | "crawl" | "python" | "other";

function kindOf(call: ToolCallView): Kind {
  const k = call.result?.kind;
  if (k === "search" || k === "crawl" || k === "python") return k;
  const name = call.tool.toLowerCase();
  if (name.includes("search")) return "search";
  if (/crawl|read|fetch|scrape|browse/.test(name)) return "crawl";
  if (/python|code|repl/.test(name)) return "python";
  return "other";
}

const argString = (args: Record<string, unknown>, keys: string[]): string => {
  for (const k of keys) {
    const v = args[k];
    if (typeof v === "string") return v;
  }
  return "";
};

const ICONS: Record<Kind, typeof SearchIcon> = { search: SearchIcon, crawl: PageIcon, python: CodeIcon, other: CodeIcon };

function headline(kind: Kind, call: ToolCallView): string {
  const a = call.args;
  const running = call.status === "running";
  if (kind === "search") {
    const q = argString(a, ["query", "q"]) || (call.result?.kind === "search" ? call.result.query : "");
    return `${running ? "Searching" : "Searched"} “${q}”`;
  }
  if (kind === "crawl") return `${running ? "Reading" : "Read"} ${argString(a, ["url", "href"]) || "a page"}`;
  if (kind === "python") return running ? "Running Python" : "Ran Python";
  return `${running ? "Calling" : "Called"} ${call.tool}`;
}

const pre =
  "max-h-64 overflow-auto rounded-lg bg-zinc-900 p-2.5 font-mono text-[12px] leading-relaxed whitespace-pre-wrap break-words text-zinc-100";

function Body({ kind, call }: { kind: Kind; call: ToolCallView }) {
  const r = call.result;
  const code = argString(call.args, ["code", "script", "source"]);
  return (
    <div className="mt-2 space-y-2">
      {kind === "python" && code ? <pre className={pre}>{code}</pre> : null}
      {kind === "other" && Object.keys(call.args).length > 0 ? (
        <pre className={pre}>{JSON.stringify(call.args, null, 2)}</pre>
      ) : null}
      {!r ? null : r.kind === "search" ? (
        <SearchHits hits={r.hits} images={r.images} />
      ) : r.kind === "crawl" ? (
        <div className="min-w-0 text-xs">
          <p className="truncate font-medium text-zinc-800 dark:text-zinc-200">{r.title || "Untitled page"}</p>
          <a href={r.url} target="_blank" rel="noreferrer noopener" className="block truncate text-indigo-600 hover:underline dark:text-indigo-400">
            {r.url}
          </a>
          <p className="text-zinc-500 dark:text-zinc-400">
            {formatChars(r.chars)}
            {r.truncated ? " (truncated)" : ""}
            {r.contentType ? ` · ${r.contentType}` : ""}
          </p>
        </div>
      ) : r.kind === "python" ? (
        <>
          {r.stdout ? <pre className={pre}>{r.stdout}</pre> : null}
          {r.stderr ? <pre className={`${pre} text-red-300`}>{r.stderr}</pre> : null}
          {!r.stdout && !r.stderr ? <p className="text-xs text-zinc-500">No output.</p> : null}
        </>
      ) : r.kind === "error" ? (
        <p className="text-xs break-words text-red-600 dark:text-red-400">{r.message}</p>
      ) : r.text ? (
        <pre className={pre}>{r.text}</pre>
      ) : null}
    </div>
  );
}

export function ToolCall({ call }: { call: ToolCallView }) {
  const kind = kindOf(call);
  const Icon = ICONS[kind];
  const failed = call.status === "failed" || call.result?.kind === "error";
  return (
    <div
      data-testid="tool-call"
      data-tool={kind === "other" ? call.tool : kind}
      data-status={call.status}
      className="rounded-xl border border-zinc-200 bg-zinc-50/60 p-2.5 dark:border-zinc-800 dark:bg-zinc-900/40"
    >
      <div className="flex items-center gap-2 text-xs">
        <Icon className={`size-3.5 shrink-0 ${failed ? "text-red-500" : "text-zinc-400"}`} />
        <span className="min-w-0 flex-1 truncate font-medium text-zinc-700 dark:text-zinc-300">{headline(kind, call)}</span>
        {call.status === "running" ? <Spinner className="size-3 text-indigo-500" /> : null}
        {call.status === "cancelled" ? <span className="shrink-0 text-zinc-400 dark:text-zinc-500">stopped</span> : null}
        {call.durationMs !== undefined ? (
          <span className="shrink-0 text-zinc-400 tabular-nums dark:text-zinc-500">{formatDuration(call.durationMs)}</span>
        ) : null}
      </div>
      <Body kind={kind} call={call} />
    </div>
  );
}

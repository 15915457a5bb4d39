// One readable terminal line per interesting event, for the CLI's live progress view.
import type { RunEvent } from "@/lib/protocol/events";

const tty = process.stderr.isTTY;
const dim = (s: string) => (tty ? `\x1b[2m${s}\x1b[0m` : s);
const bold = (s: string) => (tty ? `\x1b[1m${s}\x1b[0m` : s);
const red = (s: string) => (tty ? `\x1b[31m${s}\x1b[0m` : s);

function who(e: { agent?: string; stepIndex?: number }): string {
  const name = `${e.agent ?? "run"}${e.stepIndex !== undefined ? ` #${e.stepIndex + 1}` : ""}`;
  return bold(name.padEnd(14));
}

function short(value: unknown, max = 90): string {
  const s = typeof value === "string" ? value : JSON.stringify(value);
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

export function describeEvent(e: RunEvent): string | undefined {
  switch (e.type) {
    case "run_started":
      return `${bold("Fathom")} ${e.demo ? dim(`(demo ${e.demo}) `) : ""}${e.question} ${dim(`[${e.locale}]`)}`;
    case "run_resumed":
      return `${bold("resumed")} ${dim(e.reason === "restart" ? "after a server restart" : "by request")}`;
    case "agent_started":
      return `${who(e)} ${dim("started")}${e.title ? ` ${e.title}` : ""}`;
    case "agent_finished":
      return `${who(e)} ${e.status === "done" ? dim("done") : red(e.status)}${e.error ? ` ${e.error}` : ""}`;
    case "plan":
      return `${who({ agent: "planner" })} plan r${e.revision}: ${bold(e.plan.title)}\n${e.plan.steps
        .map((s, i) => `   ${i + 1}. [${s.stepType}] ${s.title}`)
        .join("\n")}`;
    case "plan_decision":
      return `${who({ agent: "review" })} ${e.action}${e.feedback ? `: ${e.feedback}` : ""}`;
    case "tool_started":
      return `${who(e)} → ${e.tool} ${dim(short(e.args))}`;
    case "tool_finished": {
      const r = e.result;
      const what =
        r.kind === "search" ? `${r.hits.length} results, ${r.images.length} images`
        : r.kind === "crawl" ? `${short(r.title, 60)} (${r.chars} chars)`
        : r.kind === "python" ? short(r.stdout.trim() || r.stderr.trim() || "(no output)")
        : red(short(r.message));
      return `${who(e)} ← ${e.tool} ${what} ${dim(`${e.durationMs} ms`)}`;
    }
    case "notice":
      return `${who(e)} ${e.level === "warning" ? "⚠ " : ""}${e.message}`;
    case "error":
      return `${who(e)} ${red(`error (${e.code}): ${e.message}`)}${e.hint ? dim(` — ${e.hint}`) : ""}`;
    case "report_final":
      return `${who({ agent: "reporter" })} report "${e.title}" (${e.markdown.length} chars, ${e.sources.length} sources retrieved)`;
    case "done":
      return `${bold("done")} ${e.status}`;
    case "text_delta":
    case "thinking_delta":
    case "report_delta":
    case "sources":
    case "plan_review":
      return undefined;
  }
}

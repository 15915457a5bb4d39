// Scripted OpenAI-compatible chat API: routes each request to its (agent, step) turn queue and replies, streamed or not.
import type { IncomingMessage, ServerResponse } from "node:http";
import { STEP_AGENTS, type Agent, type ModelTurn, type Scenario } from "./scenario";
import { buildReply, completionBody, streamFrames, usageFor } from "./chat-reply";
import { clientGone, readJson, sendJson, sendRecorded, sleep, writeChunk, type LogEntry } from "./http";
import { openAiRequestTokens } from "@/lib/llm/budget";
import type { Faults } from "./faults";

export interface ChatOptions {
  /** Added before the first byte of every model reply. */
  latencyMs?: number;
  /** Paces streamed pieces at this many tokens per second (~4 chars per token). */
  tokensPerS?: number;
  /** The model's context window: a longer prompt gets OpenAI's 400 context_length_exceeded (turn not consumed). */
  contextTokens?: number;
  /** Injects retryable 429/500 replies at random (soak benchmarks); the turn is kept for the retry. */
  faults?: Faults;
  /**
   * Indices into `scenario.model` already consumed (a run resumed after a restart): each queue starts
   * after the leading turns of it that are listed here.
   */
  skipTurns?: readonly number[];
  /** Called synchronously whenever a turn is taken from a queue (before its reply is sent). */
  onServe?: (turn: ServedTurnInfo) => void;
}

export interface ServedTurnInfo {
  turnIndex: number;
  agent: Agent;
  step?: string;
}

export interface RemainingTurns {
  agent: Agent;
  step?: string;
  left: number;
  /** Indices into `scenario.model` of the turns not served yet, in serving order. */
  turnIndices: number[];
}

interface Queue {
  agent: Agent;
  step?: string;
  items: { turn: ModelTurn; index: number }[];
  served: number;
}

type Msg = { role?: unknown; content?: unknown };

const AGENT_RE = /Fathom['’]s\s+(coordinator|planner|researcher|coder|reporter)\s+agent/i;
const STEP_RE = /^[ \t>*_#-]*Current step:[ \t*_]*(.*\S)[ \t]*$/gim;

const keyOf = (agent: string, step?: string) => `${agent}\u0000${step ?? ""}`;

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (Array.isArray(content)) {
    return content.map((p) => (p && typeof p === "object" && "text" in p ? String(p.text) : "")).join("\n");
  }
  return "";
}

export class ChatScript {
  private readonly queues = new Map<string, Queue>();
  private callSeq = 0;
  private completionSeq = 0;

  constructor(
    scenario: Scenario,
    private readonly log: LogEntry[],
    private readonly opts: ChatOptions = {},
  ) {
    scenario.model.forEach((turn, index) => {
      const step = STEP_AGENTS.includes(turn.agent) ? turn.step : undefined;
      const key = keyOf(turn.agent, step);
      let q = this.queues.get(key);
      if (!q) this.queues.set(key, (q = { agent: turn.agent, step, items: [], served: 0 }));
      q.items.push({ turn, index });
    });
    const skip = new Set(opts.skipTurns ?? []);
    for (const q of this.queues.values()) while (q.served < q.items.length && skip.has(q.items[q.served]!.index)) q.served++;
  }

  remaining(): RemainingTurns[] {
    return [...this.queues.values()]
      .filter((q) => q.served < q.items.length)
      .map((q) => ({
        agent: q.agent,
        ...(q.step !== undefined ? { step: q.step } : {}),
        left: q.items.length - q.served,
        turnIndices: q.items.slice(q.served).map((i) => i.index),
      }));
  }

  models(res: ServerResponse) {
    const created = Math.floor(Date.now() / 1000);
    sendJson(res, 200, { object: "list", data: [{ id: "scripted-model", object: "model", created, owned_by: "fathom-scripted" }] });
  }

  /** Finds the request's agent and step and takes the next turn of that queue (synchronously: no races). */
  private take(body: Record<string, unknown>): { agent?: Agent; step?: string; turn?: ModelTurn; index?: number; error?: string } {
    const messages = (Array.isArray(body.messages) ? body.messages : []) as Msg[];
    const system = messages.find((m) => m?.role === "system" || m?.role === "developer");
    const match = system ? AGENT_RE.exec(textOf(system.content)) : null;
    if (!match) {
      return { error: `scripted: no turn left for unknown agent (the first system message does not contain "Fathom's <agent> agent")` };
    }
    const agent = match[1]!.toLowerCase() as Agent;
    let step: string | undefined;
    if (STEP_AGENTS.includes(agent)) {
      const candidates: string[] = [];
      for (const m of messages) {
        if (m?.role !== "user" && m?.role !== "system" && m?.role !== "developer") continue;
        for (const hit of textOf(m.content).matchAll(STEP_RE)) candidates.push(hit[1]!);
      }
      step = this.resolveStep(agent, candidates);
      if (step === undefined) {
        const known = [...this.queues.values()].filter((q) => q.agent === agent).map((q) => JSON.stringify(q.step));
        const asked = candidates.at(-1);
        const what = asked === undefined ? `step (none: no "Current step: <title>" line)` : `step ${JSON.stringify(asked)}`;
        return {
          agent,
          step: asked,
          error: `scripted: no turn left for ${agent} ${what} (served 0 of 0; scenario steps: ${known.join(", ") || "none"})`,
        };
      }
    }
    const q = this.queues.get(keyOf(agent, step));
    const item = q?.items[q.served];
    if (!q || !item) {
      const where = step !== undefined ? `${agent} step ${JSON.stringify(step)}` : agent;
      return { agent, step, error: `scripted: no turn left for ${where} (served ${q?.served ?? 0} of ${q?.items.length ?? 0})` };
    }
    q.served++;
    this.opts.onServe?.({ turnIndex: item.index, agent, ...(step !== undefined ? { step } : {}) });
    return { agent, step, turn: item.turn, index: item.index };
  }

  /** The latest `Current step:` line naming a scenario step (exact, then with quotes/markup stripped). */
  private resolveStep(agent: Agent, candidates: string[]): string | undefined {
    for (let i = candidates.length - 1; i >= 0; i--) {
      const raw = candidates[i]!.trim();
      const bare = raw.replace(/^["'`*“「]+|["'`*”」]+$/g, "").trim();
      for (const c of [raw, bare]) if (this.queues.has(keyOf(agent, c))) return c;
    }
    return undefined;
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const entry: LogEntry = { kind: "chat", at, status: 0 };
    const signal = clientGone(res);
    res.on("close", () => {
      entry.durationMs = Date.now() - at;
      if (!res.writableFinished) entry.aborted = true;
    });
    const body = await readJson(req);
    entry.requestBody = body;
    this.log.push(entry);
    if (this.opts.contextTokens && this.overContext(body, entry, res)) return;
    const fault = this.opts.faults?.modelFault();
    if (fault) {
      Object.assign(entry, { agent: agentOf(body), status: fault.status, note: "injected fault" });
      sendJson(res, fault.status, fault.body, fault.headers);
      return;
    }
    const picked = this.take(body);
    Object.assign(entry, { agent: picked.agent, step: picked.step, turnIndex: picked.index });
    if (!picked.turn) {
      entry.status = 500;
      entry.note = picked.error;
      sendJson(res, 500, { error: { message: picked.error, type: "scripted_error", param: null, code: null } });
      return;
    }
    const turn = picked.turn;
    await sleep((this.opts.latencyMs ?? 0) + (turn.delay_ms ?? 0), signal);
    if (signal.aborted) return;
    if (turn.error) {
      entry.status = turn.error.status;
      const errBody = turn.error.body ?? { error: { message: `scripted error ${turn.error.status}`, type: "scripted_error" } };
      sendRecorded(res, turn.error.status, errBody, turn.error.headers);
      return;
    }
    const reply = buildReply(turn, body, () => `call_${++this.callSeq}`);
    entry.status = 200;
    entry.toolCalls = reply.calls.map((c) => ({ name: c.name, args: parseArgs(c.arguments) }));
    const model = typeof body.model === "string" ? body.model : "scripted-model";
    const id = `chatcmpl-scripted-${++this.completionSeq}`;
    const created = Math.floor(Date.now() / 1000);
    const usage = usageFor(body, reply);
    if (body.stream !== true) {
      sendJson(res, 200, completionBody(reply, { id, model, created, usage }));
      return;
    }
    const includeUsage = (body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true;
    await this.stream(res, signal, streamFrames(reply, { id, model, created, usage: includeUsage ? usage : undefined }));
  }

  /** Counts the prompt like a provider; over the window → OpenAI's 400, and true. */
  private overContext(body: Record<string, unknown>, entry: LogEntry, res: ServerResponse): boolean {
    const limit = this.opts.contextTokens!;
    const tokens = openAiRequestTokens(body);
    entry.promptTokens = tokens;
    if (tokens <= limit) return false;
    entry.agent = agentOf(body);
    entry.status = 400;
    entry.note = `prompt of ${tokens} tokens is over the ${limit}-token context window`;
    sendJson(res, 400, {
      error: {
        message: `This model's maximum context length is ${limit} tokens. However, you requested ${tokens} tokens (${tokens} in the messages, 0 in the completion). Please reduce the length of the messages or completion.`,
        type: "invalid_request_error",
        param: "messages",
        code: "context_length_exceeded",
      },
    });
    return true;
  }

  /** Writes frames, pacing them at tokensPerS; stops quietly if the client goes away. */
  private async stream(res: ServerResponse, signal: AbortSignal, frames: [string, number][]): Promise<void> {
    res.writeHead(200, { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-cache", Connection: "keep-alive" });
    res.flushHeaders();
    const rate = this.opts.tokensPerS ?? 0;
    const start = Date.now();
    let tokens = 0;
    for (const [data, cost] of frames) {
      if (rate > 0 && cost > 0) {
        tokens += cost;
        await sleep(start + (tokens / rate) * 1000 - Date.now(), signal);
      }
      if (!(await writeChunk(res, data, signal))) return; // client went away: stop quietly
    }
    res.end();
  }
}

/** The agent named in the request's system prompt, for the log. */
function agentOf(body: Record<string, unknown>): string | undefined {
  const system = (Array.isArray(body.messages) ? (body.messages as Msg[]) : []).find((m) => m?.role === "system");
  return AGENT_RE.exec(textOf(system?.content))?.[1]?.toLowerCase();
}

function parseArgs(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

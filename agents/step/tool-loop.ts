// The tool-calling loop shared by researcher and coder: stream a reply, run its tool calls
// concurrently, feed results back, until the model answers in prose. Guards: identical calls are
// refused after MAX_SAME_CALL, and the step's tool budget ends with a forced summary (C26).
import { AIMessage, HumanMessage, SystemMessage, ToolMessage, type BaseMessage } from "@langchain/core/messages";
import type { Agent } from "@/lib/protocol/events";
import { callModel, type ParsedToolCall } from "@/lib/llm/model";
import type { RunContext } from "@/graph/context";
import { runTool, toolJsonSchema, TOOLS } from "@/tools/index";
import type { Retrieved, ToolOutcome } from "@/tools/types";

const MAX_SAME_CALL = 2;

export interface LoopInput {
  ctx: RunContext;
  agent: Agent;
  stepIndex: number;
  system: string;
  user: string;
  toolNames: string[];
  maxToolCalls: number;
  maxSearchResults: number;
}

export interface LoopResult {
  notes: string;
  retrieved: Retrieved[];
}

export async function runToolLoop(input: LoopInput): Promise<LoopResult> {
  const { ctx, agent, stepIndex } = input;
  const messages: BaseMessage[] = [new SystemMessage(input.system), new HumanMessage(input.user)];
  const retrieved: Retrieved[] = [];
  const seen = new Map<string, number>();
  const gathered: string[] = [];
  let used = 0;
  let compactionShown = false;
  const onNotice = (message: string, kind: "compacted" | "retried") => {
    if (kind === "compacted" && compactionShown) return;
    compactionShown ||= kind === "compacted";
    ctx.emit({ type: "notice", level: "info", agent, stepIndex, message });
  };
  const specs = TOOLS.filter((t) => input.toolNames.includes(t.name)).map((t) => ({
    name: t.name,
    description: t.description,
    parameters: toolJsonSchema(t.name),
  }));

  for (let round = 0; round <= input.maxToolCalls + 1; round++) {
    const budgetLeft = input.maxToolCalls - used;
    const reply = await callModel({
      config: ctx.config.llm,
      tier: "basic",
      messages,
      tools: budgetLeft > 0 ? specs : undefined,
      signal: ctx.signal,
      onText: (text) => ctx.emit({ type: "text_delta", agent, stepIndex, text }),
      onThinking: (text) => ctx.emit({ type: "thinking_delta", agent, stepIndex, text }),
      onNotice,
    });
    if (!reply.toolCalls.length || budgetLeft <= 0) {
      const notes = reply.content.trim() || gathered.join("\n\n").slice(0, 12_000);
      return { notes, retrieved };
    }
    messages.push(new AIMessage({
      content: reply.content,
      tool_calls: reply.toolCalls.map((c) => ({ id: c.id, name: c.name, args: c.args, type: "tool_call" as const })),
    }));
    const outcomes = await Promise.all(reply.toolCalls.map((call) => {
      const key = `${call.name}:${JSON.stringify(call.args)}`;
      const count = (seen.get(key) ?? 0) + 1;
      seen.set(key, count);
      used += 1;
      return execute(input, call, count, used);
    }));
    reply.toolCalls.forEach((call, i) => {
      const outcome = outcomes[i]!;
      retrieved.push(...outcome.retrieved);
      if (outcome.ok) gathered.push(outcome.forModel.slice(0, 3000));
      messages.push(new ToolMessage({ content: outcome.forModel, tool_call_id: call.id, name: call.name }));
    });
    if (used >= input.maxToolCalls) {
      messages.push(new HumanMessage("Your tool budget for this step is used up. Write your findings now from what you have gathered."));
    }
  }
  return { notes: gathered.join("\n\n").slice(0, 12_000), retrieved };
}

async function execute(input: LoopInput, call: ParsedToolCall, sameCount: number, used: number): Promise<ToolOutcome> {
  const { ctx, agent, stepIndex } = input;
  const callId = `${stepIndex}:${call.id}`;
  ctx.emit({ type: "tool_started", agent, stepIndex, callId, tool: call.name, args: call.args });
  const started = Date.now();
  let outcome: ToolOutcome;
  if (call.argsError) outcome = refusal(`The call to ${call.name} could not be run: its ${call.argsError}. Send valid JSON arguments.`);
  else if (sameCount > MAX_SAME_CALL) outcome = refusal(`You already made this exact ${call.name} call ${sameCount - 1} times. Use what you have or try something different.`);
  else if (used > input.maxToolCalls) outcome = refusal(`Tool budget of ${input.maxToolCalls} calls for this step is used up.`);
  else {
    const onRetry = (message: string) => ctx.emit({ type: "notice", level: "info", agent, stepIndex, message });
    outcome = await runTool(call.name, call.args, { config: ctx.config, signal: ctx.signal, maxSearchResults: input.maxSearchResults, onRetry }, input.toolNames);
  }
  ctx.emit({ type: "tool_finished", agent, stepIndex, callId, tool: call.name, ok: outcome.ok, result: outcome.result, durationMs: Date.now() - started });
  return outcome;
}

function refusal(message: string): ToolOutcome {
  return { ok: false, forModel: `Error: ${message}`, result: { kind: "error", message }, retrieved: [] };
}

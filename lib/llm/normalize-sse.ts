// fetch wrapper that rewrites streamed chat-completion tool-call fragments into well-formed deltas (C08).
import { createParser, type EventSourceMessage } from "eventsource-parser";

type Json = Record<string, unknown>;
type ToolCallDelta = {
  index?: number;
  id?: string;
  type?: string;
  function?: { name?: string; arguments?: string };
  [k: string]: unknown;
};
type CallState = { id?: string; idSent?: boolean; outIndex: number; name?: string; args: string };
type ChoiceState = { calls: CallState[]; byInIndex: Map<number, CallState>; current?: CallState; roleSeen?: boolean };

function isObj(v: unknown): v is Json {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Pure, stateful transform over parsed chat-completion chunks (one instance per response stream).
 * - a fragment with a new `id` always starts a new call with its own index (fixes "all stamped index 0");
 * - a fragment without `index` attaches to the current call (or starts one if a new id/name appears);
 * - the function name (and id) is kept only on the first fragment of a call;
 * - cumulative `arguments` (each fragment repeating all text so far) are reduced to the new suffix;
 * - a stream whose first delta lacks `role` gets `role: "assistant"` there (LangChain needs it).
 * Everything else in the chunk is passed through untouched.
 */
export class ToolCallNormalizer {
  private choices = new Map<number, ChoiceState>();

  process<T>(chunk: T): T {
    if (!isObj(chunk) || !Array.isArray(chunk.choices)) return chunk;
    for (const choice of chunk.choices as unknown[]) {
      if (!isObj(choice) || !isObj(choice.delta)) continue;
      const key = typeof choice.index === "number" ? choice.index : 0;
      let st = this.choices.get(key);
      if (!st) this.choices.set(key, (st = { calls: [], byInIndex: new Map() }));
      // LangChain takes the role from the first delta; without one the tool calls would be dropped.
      if (typeof choice.delta.role === "string") st.roleSeen = true;
      else if (!st.roleSeen) {
        choice.delta = { role: "assistant", ...choice.delta };
        st.roleSeen = true;
      }
      if (!isObj(choice.delta) || !Array.isArray(choice.delta.tool_calls)) continue;
      choice.delta.tool_calls = (choice.delta.tool_calls as unknown[]).map((tc) =>
        isObj(tc) ? this.fragment(st, tc as ToolCallDelta) : tc,
      );
    }
    return chunk;
  }

  private newCall(st: ChoiceState, inIndex: number | undefined, id: string | undefined): CallState {
    const used = new Set(st.calls.map((c) => c.outIndex));
    let outIndex = inIndex !== undefined && !used.has(inIndex) ? inIndex : 0;
    while (used.has(outIndex)) outIndex++;
    const call: CallState = { id, outIndex, args: "" };
    st.calls.push(call);
    return call;
  }

  private target(st: ChoiceState, tc: ToolCallDelta): CallState {
    const inIndex = typeof tc.index === "number" ? tc.index : undefined;
    const id = typeof tc.id === "string" && tc.id !== "" ? tc.id : undefined;
    const name = tc.function?.name || undefined;
    let call: CallState | undefined;
    if (id !== undefined) {
      call = st.calls.find((c) => c.id === id);
      if (!call) {
        // Same slot but no id yet (id arrived late) → adopt; otherwise a new call.
        const slot = inIndex !== undefined ? st.byInIndex.get(inIndex) : st.current;
        call = slot && slot.id === undefined && slot.args === "" ? slot : this.newCall(st, inIndex, id);
        call.id = id;
      }
    } else {
      call = inIndex !== undefined ? st.byInIndex.get(inIndex) : st.current;
      // No id, but a different function name than the current call's → a new call.
      if (call && name !== undefined && call.name !== undefined && call.name !== name) call = undefined;
      call ??= this.newCall(st, inIndex, undefined);
    }
    if (inIndex !== undefined) st.byInIndex.set(inIndex, call);
    st.current = call;
    return call;
  }

  private fragment(st: ChoiceState, tc: ToolCallDelta): ToolCallDelta {
    const call = this.target(st, tc);
    const out: ToolCallDelta = { ...tc, index: call.outIndex };
    if (typeof out.id === "string" && out.id !== "") {
      if (call.idSent) delete out.id;
      else call.idSent = true;
    }
    if (tc.function) {
      const fn = { ...tc.function };
      if (fn.name) {
        if (call.name !== undefined) delete fn.name;
        else call.name = fn.name;
      }
      if (typeof fn.arguments === "string") {
        const a = fn.arguments;
        if (call.args.length >= 2 && a.startsWith(call.args)) {
          fn.arguments = a.slice(call.args.length); // cumulative: keep only the new suffix
          call.args = a;
        } else {
          call.args += a;
        }
      }
      out.function = fn;
    }
    if (out.id === undefined && out.function?.name === undefined) delete out.type;
    return out;
  }
}

function frame(ev: { event?: string; id?: string; data: string }): string {
  let s = "";
  if (ev.event) s += `event: ${ev.event}\n`;
  if (ev.id) s += `id: ${ev.id}\n`;
  for (const line of ev.data.split("\n")) s += `data: ${line}\n`;
  return s + "\n";
}

/** Rewrites an SSE byte stream chunk-by-chunk through a fresh `ToolCallNormalizer`. */
export function normalizeSseStream(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const normalizer = new ToolCallNormalizer();
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  let out: string[] = [];
  const parser = createParser({
    onEvent(ev: EventSourceMessage) {
      let data = ev.data;
      if (data.trim() !== "[DONE]") {
        try {
          const parsed: unknown = JSON.parse(data);
          if (isObj(parsed) && Array.isArray(parsed.choices)) data = JSON.stringify(normalizer.process(parsed));
        } catch {
          // not JSON: pass through as-is
        }
      }
      out.push(frame({ event: ev.event, id: ev.id, data }));
    },
    onComment(comment: string) {
      out.push(`: ${comment}\n\n`);
    },
    onRetry(ms: number) {
      out.push(`retry: ${ms}\n\n`);
    },
  });
  const flush = (controller: TransformStreamDefaultController<Uint8Array>) => {
    if (out.length > 0) controller.enqueue(encoder.encode(out.join("")));
    out = [];
  };
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        parser.feed(decoder.decode(chunk, { stream: true }));
        flush(controller);
      },
      flush(controller) {
        parser.feed(decoder.decode() + "\n\n"); // dispatch a final event that lacks its blank line
        flush(controller);
      },
    }),
  );
}

/**
 * A `fetch` for ChatOpenAI's `configuration.fetch`: successful `text/event-stream` responses get their
 * chat-completion chunks normalised; every other response (JSON, errors) is returned untouched.
 */
export function normalizingFetch(baseFetch: typeof fetch = fetch): typeof fetch {
  const wrapped = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const res = await baseFetch(input, init);
    const type = res.headers.get("content-type") ?? "";
    if (!res.ok || !res.body || !type.toLowerCase().includes("text/event-stream")) return res;
    const headers = new Headers(res.headers);
    headers.delete("content-length");
    headers.delete("content-encoding");
    const out = new Response(normalizeSseStream(res.body), {
      status: res.status,
      statusText: res.statusText,
      headers,
    });
    if (res.url) Object.defineProperty(out, "url", { value: res.url });
    return out;
  };
  return wrapped as typeof fetch;
}

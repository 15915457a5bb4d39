// One localhost HTTP server serving a scenario: chat (/v1), search (/search), web (/page), and its request log.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { ChatScript, type RemainingTurns, type ServedTurnInfo } from "./chat";
import { HttpError, sendJson, type LogEntry } from "./http";
import { loadScenario, parseScenario, type Scenario, type ScenarioInput } from "./scenario";
import { SearchScript } from "./search";
import { WebScript } from "./web";
import { Faults, type FaultOptions } from "./faults";

export type { LogEntry } from "./http";
export type { RemainingTurns, ServedTurnInfo } from "./chat";
export type { FaultOptions } from "./faults";

export interface ScriptedOptions {
  /** The scenario itself (validated and defaulted here), or … */
  scenario?: Scenario | ScenarioInput;
  /** … a file to load it from. */
  scenarioPath?: string;
  /** 0 (default) picks a free port. */
  port?: number;
  host?: "127.0.0.1";
  /** Extra delay before the first byte of every model reply. */
  latencyMs?: number;
  /** Pace streamed model output at this many tokens/s (~4 chars per token); unset = as fast as possible. */
  tokensPerS?: number;
  /** The model's context window (default: the scenario's `context_tokens`); also handed to the app as LLM_CONTEXT_TOKENS. */
  contextTokens?: number;
  /** Random retryable model errors and page timeouts, seeded (soak benchmarks). */
  faults?: FaultOptions;
  /** Model turns (indices into `scenario.model`) already served before a restart: start after them. */
  skipTurns?: readonly number[];
  /** Told about every model turn served, e.g. to persist it so a restarted run can skip it. */
  onServe?: (turn: ServedTurnInfo) => void;
}

export interface ScriptedEnv {
  LLM_BASE_URL: string;
  LLM_API_KEY: string;
  LLM_MODEL: string;
  TAVILY_API_KEY: string;
  TAVILY_BASE_URL: string;
  FATHOM_WEB_ROUTE: string;
  [key: string]: string;
}

export interface ScriptedServer {
  /** e.g. `http://127.0.0.1:41234` (no trailing slash). */
  url: string;
  port: number;
  scenario: Scenario;
  /** Environment that points the app at this server. */
  env: ScriptedEnv;
  /** Every request in arrival order; entries are completed in place when their reply ends. */
  log: LogEntry[];
  /** Model turns not served yet, by agent/step. */
  remaining(): RemainingTurns[];
  /** Faults injected so far (with the `faults` option). */
  injected(): { model: number; page: number };
  close(): Promise<void>;
}

export async function startScripted(options: ScriptedOptions): Promise<ScriptedServer> {
  let scenario: Scenario;
  if (options.scenario) scenario = parseScenario(options.scenario);
  else if (options.scenarioPath) scenario = await loadScenario(options.scenarioPath);
  else throw new Error("startScripted: give `scenario` or `scenarioPath`");

  const log: LogEntry[] = [];
  const contextTokens = options.contextTokens ?? scenario.context_tokens;
  const faults = options.faults ? new Faults(options.faults) : undefined;
  const chat = new ChatScript(scenario, log, {
    latencyMs: options.latencyMs,
    tokensPerS: options.tokensPerS,
    contextTokens,
    faults,
    skipTurns: options.skipTurns,
    onServe: options.onServe,
  });
  const search = new SearchScript(scenario, log);
  const web = new WebScript(scenario, log, faults);

  const route = async (req: http.IncomingMessage, res: http.ServerResponse) => {
    const url = new URL(req.url ?? "/", "http://scripted.local");
    const path = url.pathname.replace(/\/{2,}/g, "/").replace(/(.)\/$/, "$1");
    const method = req.method ?? "GET";
    if (method === "POST" && (path === "/v1/chat/completions" || path === "/chat/completions")) return chat.handle(req, res);
    if (method === "GET" && (path === "/v1/models" || path === "/models")) return chat.models(res);
    if (method === "POST" && path === "/search") return search.handle(req, res);
    if ((method === "GET" || method === "HEAD") && path === "/page") return web.handle(req, res, url);
    if (method === "GET" && path === "/__log") return sendJson(res, 200, log);
    if (method === "GET" && path === "/__remaining") return sendJson(res, 200, chat.remaining());
    req.resume();
    sendJson(res, 404, { error: { message: `scripted: no route for ${method} ${url.pathname}`, type: "scripted_error" } });
  };

  const server = http.createServer((req, res) => {
    route(req, res).catch((err: unknown) => {
      const status = err instanceof HttpError ? err.status : 500;
      const message = `scripted: ${err instanceof Error ? err.message : String(err)}`;
      if (!res.headersSent) sendJson(res, status, { error: { message, type: "scripted_error" } });
      else res.destroy();
    });
  });
  // Long streamed replies under slow pacing must not be cut by Node's default request timeout.
  server.requestTimeout = 0;

  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const base = `http://${host}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url: base,
    port,
    scenario,
    env: {
      LLM_BASE_URL: `${base}/v1`,
      LLM_API_KEY: "scripted-key",
      LLM_MODEL: "scripted-model",
      TAVILY_API_KEY: "tvly-scripted",
      TAVILY_BASE_URL: base,
      FATHOM_WEB_ROUTE: `${base}/page`,
      ...(contextTokens ? { LLM_CONTEXT_TOKENS: String(contextTokens) } : {}),
    },
    log,
    remaining: () => chat.remaining(),
    injected: () => ({ ...(faults?.injected ?? { model: 0, page: 0 }) }),
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

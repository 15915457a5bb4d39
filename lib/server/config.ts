// Server configuration: secrets and provider choice from the environment, parsed once with zod.
// Nothing else reads process.env for these. Demo runs derive their own config (scripted servers).
import { z } from "zod";
import path from "node:path";
import { registerSecret } from "./redact";

const Env = z.object({
  LLM_BASE_URL: z.string().url().optional(),
  LLM_API_KEY: z.string().min(1).optional(),
  LLM_MODEL: z.string().min(1).default("gpt-4o-mini"),
  LLM_REASONING_MODEL: z.string().min(1).optional(),
  LLM_CONTEXT_TOKENS: z.coerce.number().int().min(2048).default(65_536),
  LLM_MAX_RETRIES: z.coerce.number().int().min(0).max(6).default(3),
  LLM_TIMEOUT_MS: z.coerce.number().int().min(1000).default(120_000),
  TAVILY_API_KEY: z.string().min(1).optional(),
  TAVILY_BASE_URL: z.string().url().optional(),
  /** Test/demo only: send every crawl to this origin (a scripted web server) instead of the real host. */
  FATHOM_WEB_ROUTE: z.string().url().optional(),
  FATHOM_DEMO_SCENARIOS: z.string().optional(),
  FATHOM_REPORTS_DIR: z.string().optional(),
  /** Where the SQLite database (runs, events, reports, checkpoints) lives; created on first start. */
  FATHOM_DATA_DIR: z.string().optional(),
  /** postgres://… switches the store from SQLite to PostgreSQL. */
  /** When set, every page and API route needs this token (login form or `Authorization: Bearer`). */
  FATHOM_ACCESS_TOKEN: z.string().min(12, "must be at least 12 characters").optional(),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgres:// or postgresql:// URL").optional(),
});

export interface LlmConfig {
  baseURL?: string;
  apiKey: string;
  basicModel: string;
  reasoningModel: string;
  contextTokens: number;
  maxRetries: number;
  timeoutMs: number;
}

export interface AppConfig {
  llm: LlmConfig;
  /** True when a model endpoint was configured (a key, or a base URL such as Ollama's). */
  llmConfigured: boolean;
  search: { apiKey?: string; baseURL?: string; timeoutMs: number };
  crawl: { route?: string; timeoutMs: number; maxBytes: number; maxChars: number; maxRedirects: number };
  python: { timeoutMs: number; memoryMb: number; maxOutputChars: number };
  /** Folders of demo scenario files (FATHOM_DEMO_SCENARIOS, separated by the path delimiter). */
  demoDirs: string[];
  reportsDir: string;
  dataDir: string;
  /** FATHOM_ACCESS_TOKEN: required by proxy.ts for every page and API route when set. */
  accessToken?: string;
  databaseUrl?: string;
}

export class ConfigError extends Error {}

export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  const aliased = {
    ...env,
    LLM_BASE_URL: env.LLM_BASE_URL || env.OPENAI_BASE_URL || undefined,
    LLM_API_KEY: env.LLM_API_KEY || env.OPENAI_API_KEY || undefined,
  };
  const cleaned = Object.fromEntries(Object.entries(aliased).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = Env.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const e = parsed.data;
  // Provider error bodies can echo a key: every secret is redacted from events and logs.
  for (const secret of [e.LLM_API_KEY, e.TAVILY_API_KEY, e.FATHOM_ACCESS_TOKEN, dbPassword(e.DATABASE_URL)]) registerSecret(secret);
  return {
    llm: {
      baseURL: e.LLM_BASE_URL,
      // Ollama's /v1 and most self-hosted servers accept any key; the client needs a non-empty one.
      apiKey: e.LLM_API_KEY ?? "not-needed",
      basicModel: e.LLM_MODEL,
      reasoningModel: e.LLM_REASONING_MODEL ?? e.LLM_MODEL,
      contextTokens: e.LLM_CONTEXT_TOKENS,
      maxRetries: e.LLM_MAX_RETRIES,
      timeoutMs: e.LLM_TIMEOUT_MS,
    },
    llmConfigured: Boolean(e.LLM_API_KEY || e.LLM_BASE_URL),
    search: { apiKey: e.TAVILY_API_KEY, baseURL: e.TAVILY_BASE_URL, timeoutMs: 30_000 },
    crawl: { route: e.FATHOM_WEB_ROUTE, timeoutMs: 20_000, maxBytes: 5_000_000, maxChars: 30_000, maxRedirects: 5 },
    python: { timeoutMs: 30_000, memoryMb: 512, maxOutputChars: 20_000 },
    demoDirs: (e.FATHOM_DEMO_SCENARIOS ?? path.join(process.cwd(), "lib", "demos"))
      .split(path.delimiter)
      .filter(Boolean)
      .map((d) => path.resolve(d)),
    reportsDir: path.resolve(e.FATHOM_REPORTS_DIR ?? path.join(e.FATHOM_DATA_DIR ?? path.join(process.cwd(), ".data"), "reports")),
    dataDir: path.resolve(e.FATHOM_DATA_DIR ?? path.join(process.cwd(), ".data")),
    databaseUrl: e.DATABASE_URL,
    accessToken: e.FATHOM_ACCESS_TOKEN,
  };
}

function dbPassword(url: string | undefined): string | undefined {
  try {
    return url ? decodeURIComponent(new URL(url).password) || undefined : undefined;
  } catch {
    return undefined;
  }
}

/** Live research needs both a model and a search key. */
export function missingForLive(config: AppConfig): string[] {
  const missing: string[] = [];
  if (!config.llmConfigured) missing.push("a model: LLM_BASE_URL (+ LLM_API_KEY), e.g. OpenAI, DeepSeek or Ollama's http://localhost:11434/v1");
  if (!config.search.apiKey) missing.push("a Tavily key: TAVILY_API_KEY");
  return missing;
}

/** Points a config at a set of scripted servers (demo mode, tests). */
export function withScripted(config: AppConfig, env: Record<string, string>): AppConfig {
  return parseConfig({ ...process.env, FATHOM_DEMO_SCENARIOS: config.demoDirs.join(path.delimiter), FATHOM_REPORTS_DIR: config.reportsDir, ...env });
}

let cached: AppConfig | undefined;
export function getConfig(): AppConfig {
  cached ??= parseConfig(process.env);
  return cached;
}

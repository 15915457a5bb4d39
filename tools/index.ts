// The tool registry: names, descriptions and zod schemas the models see, and the one entry point that runs a tool.
import { z } from "zod";
import type { ToolContext, ToolOutcome } from "./types";
import { webSearch } from "./web-search";
import { crawl } from "./crawl";
import { runPython } from "./python";

export interface ToolDefinition {
  name: string;
  description: string;
  schema: z.ZodObject;
}

const WebSearchArgs = z.object({
  query: z.string().min(1).describe("A focused web search query, at most ~400 characters (keywords, not the whole question)."),
});
const CrawlArgs = z.object({
  url: z.string().min(1).describe("The absolute http(s) URL of the page or PDF to read, usually one from the search results."),
});
const PythonArgs = z.object({
  code: z.string().min(1).describe("A complete Python 3 program. Print every result you need; only stdout/stderr come back."),
});

export const TOOLS: readonly ToolDefinition[] = [
  {
    name: "web_search",
    description:
      "Search the web. Returns numbered results (title, URL, content snippet) and related images with descriptions. " +
      "Cite results by their URL. If nothing is found, retry once with a broader query.",
    schema: WebSearchArgs,
  },
  {
    name: "crawl",
    description:
      "Read one web page or PDF and get its main content as markdown (tables kept). Use it for the most relevant URLs " +
      "from the search results. Long pages are truncated. Do not retry a URL that failed as blocked, unsupported or empty.",
    schema: CrawlArgs,
  },
  {
    name: "python",
    description:
      "Run Python 3.14 (Pyodide) for calculations, statistics and data processing. Only the standard library is " +
      "available (math, statistics, decimal, fractions, datetime, json, csv, re, sqlite3, collections, itertools …): " +
      "no numpy, pandas or matplotlib, no pip, no network access, no host files (writes go to a temporary in-memory " +
      "filesystem). Each call starts fresh. Top-level `await` works; asyncio.run() does not. Time, memory and output " +
      "are limited; print() what you need to see.",
    schema: PythonArgs,
  },
];

const RUNNERS: Record<string, (args: never, ctx: ToolContext) => Promise<ToolOutcome>> = {
  web_search: webSearch,
  crawl,
  python: runPython,
};

/** JSON Schema of a tool's arguments, for binding the tool to a chat model. */
export function toolJsonSchema(name: string): Record<string, unknown> {
  const tool = TOOLS.find((t) => t.name === name);
  if (!tool) throw new Error(`unknown tool ${name}`); // a programming bug: callers pass names from TOOLS
  const { $schema: _ignored, ...schema } = z.toJSONSchema(tool.schema, { io: "input" }) as Record<string, unknown>;
  return schema;
}

function errorOutcome(message: string): ToolOutcome {
  return { ok: false, forModel: `Error: ${message}`, result: { kind: "error", message }, retrieved: [] };
}

/** Runs a tool by name with unvalidated arguments from a model. Every problem comes back as an error outcome. */
export async function runTool(name: string, rawArgs: unknown, ctx: ToolContext, allowed: string[]): Promise<ToolOutcome> {
  const tool = TOOLS.find((t) => t.name === name);
  const usable = TOOLS.filter((t) => allowed.includes(t.name)).map((t) => t.name);
  if (!tool || !allowed.includes(name)) {
    return errorOutcome(`tool ${JSON.stringify(name)} is not available; use one of ${usable.join(", ") || "(none)"}`);
  }
  let args = rawArgs;
  if (typeof rawArgs === "string") {
    // Some models send the arguments as a JSON string instead of an object.
    try {
      args = JSON.parse(rawArgs);
    } catch {
      return errorOutcome(`invalid arguments for ${name}: expected a JSON object, got ${JSON.stringify(rawArgs.slice(0, 200))}`);
    }
  }
  const parsed = tool.schema.safeParse(args ?? {});
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join(".") || "(arguments)"}: ${i.message}`).join("; ");
    return errorOutcome(`invalid arguments for ${name}: ${problems}`);
  }
  try {
    return await RUNNERS[name]!(parsed.data as never, ctx);
  } catch (err) {
    // Tools report failures as data; reaching this is a bug, but the run must go on.
    return errorOutcome(`internal error in ${name}: ${(err as Error)?.message ?? String(err)}`);
  }
}

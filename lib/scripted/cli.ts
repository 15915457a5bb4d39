// `npm run scripted -- --scenario FILE`: serve a scenario on localhost and print the env that points the app at it.
import { parseArgs } from "node:util";
import path from "node:path";
import { startScripted } from "./server";

const USAGE = `Usage: npm run scripted -- --scenario FILE [--port N] [--latency-ms N] [--tokens-per-s N]

Serves a research-scenario/1 file as an OpenAI-compatible model API, a Tavily-compatible search API and a
web route on one localhost port, then prints the environment that points Fathom at it.`;

function fail(message: string, code = 1): never {
  process.stderr.write(`scripted: ${message}\n`);
  process.exit(code);
}

function numberArg(name: string, value: string | undefined, min: number, max = Number.MAX_SAFE_INTEGER) {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || n > max) fail(`--${name} must be a number between ${min} and ${max}, got "${value}"`, 2);
  return n;
}

/** Single-quotes a value for a POSIX shell when it contains anything unusual. */
const shellQuote = (v: string) => (/^[\w@%+=:,./-]+$/.test(v) ? v : `'${v.replace(/'/g, `'\\''`)}'`);

async function main() {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        scenario: { type: "string", short: "s" },
        port: { type: "string", short: "p" },
        "latency-ms": { type: "string" },
        "tokens-per-s": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (err) {
    fail(`${(err as Error).message}\n\n${USAGE}`, 2);
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const file = values.scenario;
  if (typeof file !== "string" || !file) fail(`--scenario FILE is required\n\n${USAGE}`, 2);

  const port = numberArg("port", values.port as string | undefined, 0, 65535);
  if (port !== undefined && !Number.isInteger(port)) fail(`--port must be an integer`, 2);
  const latencyMs = numberArg("latency-ms", values["latency-ms"] as string | undefined, 0);
  const tokensPerS = numberArg("tokens-per-s", values["tokens-per-s"] as string | undefined, 0.001);

  let server;
  try {
    server = await startScripted({ scenarioPath: path.resolve(file), port, latencyMs, tokensPerS });
  } catch (err) {
    fail((err as Error).message);
  }
  const s = server.scenario;
  for (const [key, value] of Object.entries(server.env)) process.stdout.write(`export ${key}=${shellQuote(value)}\n`);
  const pacing = [latencyMs ? `latency ${latencyMs} ms` : "", tokensPerS ? `${tokensPerS} tokens/s` : ""].filter(Boolean);
  process.stdout.write(
    `# scripted: "${s.name}" (${path.basename(file)}) on ${server.url}: ${s.model.length} model turns, ` +
      `${s.search.length} searches, ${s.pages.length} pages${pacing.length ? `, ${pacing.join(", ")}` : ""}; Ctrl+C to stop\n`,
  );

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    const left = server.remaining().reduce((n, r) => n + r.left, 0);
    process.stderr.write(`\nscripted: ${signal}, ${server.log.length} requests served, ${left} model turns left\n`);
    server.close().then(() => process.exit(0));
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
}

main().catch((err: unknown) => fail(err instanceof Error ? err.message : String(err)));

// Secrets stay on the server. Provider error bodies sometimes echo the API key ("Incorrect API key
// provided: sk-…"), and those messages reach events, reports and logs. Every configured secret is
// registered here when the config is parsed; events are redacted before anyone sees them, and the
// process's console output is redacted too (also what libraries log), with `Bearer …` values.
import util from "node:util";

const secrets = new Set<string>();
/** Shorter values (test placeholders such as "k") would redact ordinary text. */
const MIN_SECRET_CHARS = 8;
const MARK = "[redacted]";
const BEARER = /\b(Bearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi;

export function registerSecret(value: string | undefined): void {
  if (!value || value.length < MIN_SECRET_CHARS || secrets.has(value)) return;
  secrets.add(value);
  installConsoleRedaction();
}

/** Replaces every registered secret in text. */
export function redact(text: string): string {
  let out = text;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join(MARK);
  return out;
}

/** The same object when it holds no secret, else a redacted copy (via its JSON form). */
export function redactEvent<T>(event: T): T {
  if (!secrets.size) return event;
  const json = JSON.stringify(event);
  const clean = redact(json);
  return clean === json ? event : (JSON.parse(clean) as T);
}

function redactLog(text: string): string {
  return redact(text).replace(BEARER, `$1${MARK}`);
}

function redactArg(arg: unknown): unknown {
  if (typeof arg === "string") return redactLog(arg);
  if ((arg && typeof arg === "object") || typeof arg === "function") {
    const text = util.inspect(arg, { depth: 6 });
    const clean = redactLog(text);
    return clean === text ? arg : clean;
  }
  return arg;
}

let installed = false;
function installConsoleRedaction() {
  if (installed) return;
  installed = true;
  for (const level of ["error", "warn", "log", "info", "debug"] as const) {
    const original = console[level].bind(console);
    console[level] = (...args: unknown[]) => original(...args.map(redactArg));
  }
}

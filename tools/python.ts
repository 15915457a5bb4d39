// The python tool: runs model-written Python in Pyodide inside a locked-down, short-lived Node child process.
import { spawn } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pLimit, { type LimitFunction } from "p-limit";
import type { ToolContext, ToolOutcome } from "./types";

/** Loading Pyodide takes ~2.5–4 s; the code's own timeout starts only once the worker says it is ready. */
const LOAD_TIMEOUT_MS = 60_000;
const STDERR_KEEP = 16_384;
const RSS_POLL_MS = 250;

/**
 * Sandboxes running at once, for the whole process. Loading Pyodide is heavy: with 20 starting together
 * on two cores every one of them missed its 60 s start-up deadline (bench/soak.ts), so calls queue here
 * instead. On globalThis because Next may load this module once per bundle.
 */
export const MAX_SANDBOXES = Math.max(2, Math.min(4, os.availableParallelism()));
const g = globalThis as typeof globalThis & { __fathomSandboxSlots?: LimitFunction };
const slots = (g.__fathomSandboxSlots ??= pLimit(MAX_SANDBOXES));

type KillReason = "timeout" | "load-timeout" | "cancelled" | "output" | "memory";

interface WorkerResult {
  type: "result";
  ok: boolean;
  stdout: string;
  stderr: string;
  flooded: boolean;
  error?: { type: string; message: string; traceback: string };
}

/** The worker script and the pyodide package folder: the only paths the child may read. */
function locate(): { worker: string; pyodideDir: string } | string {
  const worker = path.join(process.cwd(), "tools", "python", "worker.mjs");
  if (!fs.existsSync(worker)) return `the Python sandbox worker is missing (${worker})`;
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, "node_modules", "pyodide");
    if (fs.existsSync(path.join(candidate, "pyodide.mjs"))) return { worker: fs.realpathSync(worker), pyodideDir: fs.realpathSync(candidate) };
    if (path.dirname(dir) === dir) return "the pyodide package is not installed";
  }
}

/** Node flags that make the child a sandbox: read-only access to two folders, no eval, bounded JS heap. */
export function sandboxFlags(worker: string, pyodideDir: string, memoryMb: number): string[] {
  return [
    "--experimental-permission", // no fs writes, no child processes, no workers, no native addons
    `--allow-fs-read=${pyodideDir}${path.sep}`,
    `--allow-fs-read=${path.dirname(worker)}${path.sep}`,
    "--disallow-code-generation-from-strings", // Python cannot build JS with Function/eval to escape the scrubbing
    "--disable-proto=delete",
    `--max-old-space-size=${Math.max(64, Math.floor(memoryMb))}`,
    "--no-warnings",
  ];
}

function rssMb(pid: number): number | undefined {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined; // not Linux, or the process is gone
  }
}

export async function runPython(args: { code: string }, ctx: ToolContext): Promise<ToolOutcome> {
  if (ctx.signal.aborted) return failure("cancelled", "", "");
  // Waiting for a slot ends early when the run is stopped; the queued call then returns at once.
  let onAbort = () => {};
  const cancelled = new Promise<ToolOutcome>((resolve) => {
    onAbort = () => resolve(failure("cancelled", "", ""));
    ctx.signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    return await Promise.race([slots(() => runSandbox(args, ctx)), cancelled]);
  } finally {
    ctx.signal.removeEventListener("abort", onAbort);
  }
}

async function runSandbox(args: { code: string }, ctx: ToolContext): Promise<ToolOutcome> {
  const { timeoutMs, memoryMb, maxOutputChars } = ctx.config.python;
  const started = Date.now();
  if (ctx.signal.aborted) return failure("cancelled", "", "");
  const where = locate();
  if (typeof where === "string") return failure(where, "", "");

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "fathom-py-"));
  const nonce = crypto.randomBytes(16).toString("hex");
  const child = spawn(process.execPath, [...sandboxFlags(where.worker, where.pyodideDir, memoryMb), where.worker], {
    env: {} as NodeJS.ProcessEnv, // nothing from the server (keys, tokens) reaches the child
    cwd: scratch,
    stdio: ["pipe", "pipe", "pipe"],
  });

  let result: WorkerResult | undefined;
  let fatal = "";
  let killed: KillReason | undefined;
  let stdoutBytes = 0;
  let stderr = "";
  let pending = "";
  const pipeLimit = maxOutputChars * 16 + 256 * 1024; // the worker truncates; far more than this means misbehaviour
  // Pyodide's own baseline is ~150 MB; the wasm heap is clamped to memoryMb inside, the JS heap by the flag.
  const rssLimitMb = memoryMb * 2 + 256;
  const kill = (reason: KillReason) => {
    killed ??= reason;
    child.kill("SIGKILL");
  };
  let timer = setTimeout(() => kill("load-timeout"), LOAD_TIMEOUT_MS);
  const onAbort = () => kill("cancelled");
  ctx.signal.addEventListener("abort", onAbort, { once: true });
  const watchdog = setInterval(() => {
    const rss = child.pid ? rssMb(child.pid) : undefined;
    if (rss !== undefined && rss > rssLimitMb) kill("memory");
  }, RSS_POLL_MS);

  child.stdout.on("data", (chunk: Buffer) => {
    stdoutBytes += chunk.length;
    if (stdoutBytes > pipeLimit) return kill("output");
    pending += chunk.toString("utf8");
    let nl: number;
    while ((nl = pending.indexOf("\n")) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      let msg: { nonce?: string; type?: string; message?: string };
      try {
        msg = JSON.parse(line);
      } catch {
        continue;
      }
      if (msg.nonce !== nonce) continue; // only the worker knows the nonce; forged lines are ignored
      if (msg.type === "ready") {
        clearTimeout(timer);
        timer = setTimeout(() => kill("timeout"), timeoutMs);
      } else if (msg.type === "result") result = msg as WorkerResult;
      else if (msg.type === "fatal") fatal = msg.message ?? "";
    }
  });
  child.stderr.on("data", (chunk: Buffer) => {
    if (stderr.length < STDERR_KEEP) stderr += chunk.toString("utf8").slice(0, STDERR_KEEP - stderr.length);
  });
  child.stdin.on("error", () => {}); // the child may die before reading its input
  child.stdin.end(JSON.stringify({ code: args.code, nonce, pyodideDir: where.pyodideDir, maxOutputChars, memoryMb }));

  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; spawnError?: Error }>((resolve) => {
    child.on("error", (spawnError) => resolve({ code: null, signal: null, spawnError }));
    child.on("close", (code, signal) => resolve({ code, signal }));
  });
  clearTimeout(timer);
  clearInterval(watchdog);
  ctx.signal.removeEventListener("abort", onAbort);
  fs.rm(scratch, { recursive: true, force: true }, () => {});
  const durationMs = Date.now() - started;
  const out = result?.stdout ?? "";
  const err = result?.stderr ?? "";

  if (killed === "cancelled") return failure("cancelled", out, err);
  if (killed === "timeout") return failure(`Python execution timed out after ${timeoutMs} ms and was stopped`, out, err, "Make the code faster or work on less data.");
  if (killed === "load-timeout") return failure(`the Python sandbox did not start within ${LOAD_TIMEOUT_MS / 1000} s`, "", "");
  if (killed === "output") return failure("output limit exceeded; the program was stopped", out, err, "Print summaries, not whole data sets.");
  if (killed === "memory") return failure(`memory limit exceeded (${memoryMb} MB); the program was stopped`, out, err, "Use less memory.");
  if (exit.spawnError) return failure(`could not start the Python sandbox (${exit.spawnError.message})`, "", "");
  if (!result) {
    if (/heap out of memory|Allocation failed/i.test(stderr)) return failure(`memory limit exceeded (${memoryMb} MB)`, "", "", "Use less memory.");
    // Node prints the offending source line on a crash; for Pyodide that is a megabyte of minified JS.
    const why = (fatal || stderr).trim().split("\n").filter((l) => l.length < 400).slice(-5).join("\n");
    return failure(`the Python sandbox crashed (exit ${exit.code ?? exit.signal})${why ? `: ${why}` : ""}`, "", "");
  }
  if (result.flooded) return failure("output limit exceeded; the program was stopped", out, err, "Print summaries, not whole data sets.");
  if (!result.ok) {
    const e = result.error!;
    const memory = /MemoryError|memory limit/.test(e.traceback) ? ` (the sandbox has ${memoryMb} MB)` : "";
    return {
      ok: false,
      forModel: [`Python error: ${e.message}${memory}`, "", e.traceback, out && `\nstdout before the error:\n${out}`, err && `\nstderr:\n${err}`].filter(Boolean).join("\n"),
      result: { kind: "error", message: `${e.message}${memory}\n${e.traceback}`.slice(0, 4000) },
      retrieved: [],
    };
  }
  const parts = [out ? `stdout:\n${out}` : "(no output: print() the values you need)"];
  if (err) parts.push(`stderr:\n${err}`);
  return { ok: true, forModel: parts.join("\n\n"), result: { kind: "python", stdout: out, stderr: err, durationMs }, retrieved: [] };
}

const clip = (s: string, max = 4000) => (s.length > max ? `${s.slice(0, max)}\n[… ${s.length - max} more chars]` : s);

function failure(message: string, stdout: string, stderr: string, advice = ""): ToolOutcome {
  const extra = [stdout && `stdout so far:\n${clip(stdout)}`, stderr && `stderr:\n${clip(stderr)}`].filter(Boolean).join("\n\n");
  return {
    ok: false,
    forModel: [`Python failed: ${message}. ${advice}`.trim(), extra].filter(Boolean).join("\n\n"),
    result: { kind: "error", message },
    retrieved: [],
  };
}

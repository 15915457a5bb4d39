// Python sandbox worker: one short-lived process (spawned by tools/python.ts) that runs one snippet in Pyodide.
// Plain JS so bare `node` runs it under the permission model. Protocol: stdin = one JSON request
// {code, nonce, pyodideDir, maxOutputChars, memoryMb}; stdout = JSON lines {nonce, type: "ready" | "result", ...}.
/* global WebAssembly */
import { constants as fsConstants } from "node:fs";
import net from "node:net";
import tls from "node:tls";
import dgram from "node:dgram";
import dns from "node:dns";
import { syncBuiltinESMExports } from "node:module";
import { pathToFileURL } from "node:url";
import path from "node:path";

// Keep private handles to what this file needs; everything reachable from Python is removed below.
const proc = globalThis.process;
const stdout = proc.stdout;
const stdin = proc.stdin;
let nonce = "";
let finished = false;
const send = (obj) => new Promise((resolve) => stdout.write(`${JSON.stringify(obj)}\n`, () => resolve()));

async function readRequest() {
  let raw = "";
  stdin.setEncoding("utf8");
  for await (const chunk of stdin) raw += chunk;
  return JSON.parse(raw);
}

/** Python's only way out to the network would be Node's socket modules; make every entry point throw. */
function lockNetwork() {
  const deny = () => {
    throw new Error("network access is disabled in the Python sandbox");
  };
  net.Socket.prototype.connect = deny;
  net.Server.prototype.listen = deny;
  net.connect = deny;
  net.createConnection = deny;
  tls.connect = deny;
  dgram.createSocket = deny;
  dgram.Socket.prototype.bind = deny;
  dgram.Socket.prototype.send = deny;
  dgram.Socket.prototype.connect = deny;
  for (const target of [dns, dns.promises, dns.Resolver.prototype, dns.promises.Resolver.prototype]) {
    for (const key of Object.getOwnPropertyNames(target)) if (/^(lookup|resolve|reverse)/.test(key) && typeof target[key] === "function") target[key] = deny;
  }
  syncBuiltinESMExports(); // later `import("node:net")` namespaces see the patched functions too
}

/** Caps the WebAssembly heap (where Python's objects live): --max-old-space-size only bounds the JS heap. */
function clampWasmMemory(limitBytes) {
  const grow = WebAssembly.Memory.prototype.grow;
  Object.defineProperty(WebAssembly.Memory.prototype, "grow", {
    value(pages) {
      if (this.buffer.byteLength + pages * 65536 > limitBytes) throw new RangeError("sandbox memory limit reached");
      return grow.call(this, pages);
    },
    writable: false,
    configurable: false,
  });
}

/** Collects a stream's bytes up to a cap; past a hard limit it throws, which raises OSError at the print in Python. */
function outputSink(maxChars) {
  const keepBytes = maxChars * 4;
  const hardBytes = Math.max(maxChars * 50, 1_000_000);
  const chunks = [];
  let kept = 0;
  let total = 0;
  const sink = {
    flooded: false,
    write(buf) {
      total += buf.length;
      if (kept < keepBytes) {
        const part = buf.slice(0, keepBytes - kept); // copy: buf is a view into wasm memory
        chunks.push(part);
        kept += part.length;
      }
      if (total > hardBytes) {
        sink.flooded = true;
        throw new Error("output limit exceeded");
      }
      return buf.length;
    },
    text() {
      let text = new TextDecoder().decode(Buffer.concat(chunks)).replace(/\uFFFD+$/, "");
      let hidden = total - kept;
      if (text.length > maxChars) {
        hidden += Buffer.byteLength(text.slice(maxChars));
        text = text.slice(0, maxChars);
      }
      return hidden > 0 ? `${text}\n[output truncated: ${hidden} more bytes not shown]` : text;
    },
  };
  return sink;
}

/** Keeps the traceback from the user's code onwards (Pyodide's own frames are noise for the model). */
function cleanTraceback(message) {
  const lines = String(message).split("\n");
  const start = lines.findIndex((l) => l.startsWith('  File "<exec>"'));
  const kept = start >= 0 ? ["Traceback (most recent call last):", ...lines.slice(start)] : lines;
  return kept.filter((l) => l.trim()).slice(-20).join("\n");
}

/** Removes the ways JS reachable from Python (`import js`, `import pyodide_js`) could touch the host. */
function scrub(pyodide) {
  // Python can reach Pyodide's internal API as sys.modules["pyodide_js._api"]: drop its host-facing members
  // (real sockets, dynamic libraries, package installs, a raw Function) and swap in what asyncio needs.
  const api = pyodide._api;
  for (const key of ["initializeNodeSockFS", "_nodeSock", "loadDynlib", "install", "packageManager", "tests", "makeSnapshot", "restoreSnapshot"]) {
    try {
      delete api[key];
    } catch {
      /* keep going */
    }
  }
  const safeApi = { config: { enableRunUntilComplete: api.config.enableRunUntilComplete }, scheduleCallback: api.scheduleCallback, abortSignalAny: api.abortSignalAny };
  pyodide.pyimport("sys").modules.set("pyodide_js._api", safeApi);
  for (const key of ["_api", "_module", "FS", "PATH", "ERRNO_CODES", "mountNodeFS", "mountNativeFS", "useNodeSockFS", "loadPackage",
    "loadPackagesFromImports", "registerJsModule", "unregisterJsModule", "setStdin", "setStdout", "setStderr", "makeMemorySnapshot",
    "registerComlink", "setInterruptBuffer", "unpackArchive", "canvas", "lockfile", "lockfileBaseUrl"]) {
    try {
      delete pyodide[key];
    } catch {
      /* non-configurable: leave it */
    }
  }
  const deny = () => {
    throw new Error("disabled in the Python sandbox");
  };
  for (const key of ["binding", "_linkedBinding", "dlopen", "getBuiltinModule", "kill", "_kill", "chdir", "setuid", "setgid", "abort", "openStdin"]) {
    try {
      proc[key] = deny;
    } catch {
      /* read-only on this Node: it goes with `process` below anyway */
    }
  }
  proc.env = {};
  for (const name of ["process", "require", "module", "exports", "fetch", "WebSocket", "EventSource", "XMLHttpRequest", "Request",
    "Response", "Headers", "FormData", "navigator", "BroadcastChannel", "Worker", "importScripts"]) {
    try {
      delete globalThis[name];
    } catch {
      /* fall through to overwrite */
    }
    if (name in globalThis) {
      try {
        Object.defineProperty(globalThis, name, { value: undefined, writable: false, configurable: false });
      } catch {
        /* nothing more we can do from JS */
      }
    }
  }
}

async function main() {
  const req = await readRequest();
  nonce = req.nonce;
  const started = Date.now();
  lockNetwork();
  clampWasmMemory(req.memoryMb * 1024 * 1024);
  // Pyodide's NODEFS reads fs flag constants through process.binding, which the permission model forbids.
  proc.binding = (name) => {
    if (name === "constants") return { fs: fsConstants };
    throw new Error("process.binding is disabled");
  };
  const out = outputSink(req.maxOutputChars);
  const err = outputSink(req.maxOutputChars);
  const { loadPyodide } = await import(pathToFileURL(path.join(req.pyodideDir, "pyodide.mjs")).href);
  const pyodide = await loadPyodide({
    indexURL: `${req.pyodideDir}/`,
    jsglobals: {}, // `import js` sees an empty object, not globalThis
    env: { HOME: "/home/pyodide", _: "python" },
    stdout: () => {},
    stderr: () => {},
  });
  pyodide.setStdout({ write: (b) => out.write(b) });
  pyodide.setStderr({ write: (b) => err.write(b) });
  pyodide.setStdin({ error: true });
  const run = pyodide.runPythonAsync.bind(pyodide);
  // SystemExit (and errors in tasks the code spawned) escape Pyodide's event loop as uncaught exceptions.
  const finish = async (error) => {
    if (finished) return;
    finished = true;
    const result = { nonce, type: "result", ok: true };
    const exit = error ? /^SystemExit(?::\s*(.*))?$/.exec(String(error?.message ?? "").trim().split("\n").pop()) : null;
    if (error && !(exit && ["", "0", "None", undefined].includes(exit[1]))) {
      result.ok = false;
      const tb = error?.pyodide_fatal_error ? "The Python runtime stopped (os._exit() or a fatal error)." : cleanTraceback(error?.message ?? error);
      result.error = { type: error?.type ?? error?.name ?? "Error", message: tb.split("\n").pop() ?? "error", traceback: tb };
    }
    result.flooded = out.flooded || err.flooded;
    result.stdout = out.text();
    result.stderr = err.text();
    await send(result);
    proc.exit(0);
  };
  proc.on("uncaughtException", (e) => void finish(e));
  proc.on("unhandledRejection", (e) => void finish(e));
  scrub(pyodide);
  await send({ nonce, type: "ready", loadMs: Date.now() - started });
  try {
    await run(req.code);
  } catch (e) {
    await finish(e);
  }
  await finish(null);
}

main().catch(async (e) => {
  if (finished) return;
  finished = true;
  await send({ nonce, type: "fatal", message: String(e?.stack ?? e).slice(0, 2000) });
  proc.exit(3);
});

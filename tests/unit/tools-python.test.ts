// python sandbox: results, errors, and the isolation promises (no env, no host files, no host JS, no network, limits).
import http from "node:http";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseConfig } from "@/lib/server/config";
import { runPython } from "@/tools/python";
import type { ToolContext, ToolOutcome } from "@/tools/types";

const SECRET = "sk-fathom-test-secret-4242";
let server: http.Server;
let port = 0;
let hits = 0;

beforeAll(async () => {
  process.env.FATHOM_TEST_SECRET = SECRET;
  server = http.createServer((_req, res) => {
    hits++;
    res.end("reached the host");
  });
  server.on("connection", () => hits++);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function ctx(over: Partial<ToolContext["config"]["python"]> = {}, signal = new AbortController().signal): ToolContext {
  const config = parseConfig({});
  config.python = { ...config.python, timeoutMs: 10_000, ...over };
  return { config, signal, maxSearchResults: 5 };
}
const message = (o: ToolOutcome) => (o.result.kind === "error" ? o.result.message : "");
const stdout = (o: ToolOutcome) => (o.result.kind === "python" ? o.result.stdout : "");

describe("python: running code", () => {
  it("runs a program with the standard library and returns stdout", async () => {
    const started = Date.now();
    const out = await runPython({ code: "import statistics, sqlite3, json\nprint(statistics.mean([1, 2, 3, 4]))\nprint(json.dumps({'v': sqlite3.sqlite_version > '3'}))" }, ctx());
    expect(out.ok).toBe(true);
    expect(out.result).toMatchObject({ kind: "python", stdout: '2.5\n{"v": true}\n', stderr: "" });
    expect(out.forModel).toContain("2.5");
    expect(out.retrieved).toEqual([]);
    if (out.result.kind === "python") expect(out.result.durationMs).toBeLessThanOrEqual(Date.now() - started);
  });

  it("turns an exception into an error with the traceback's last lines", async () => {
    const out = await runPython({ code: "print('before')\ndef f(x):\n    return 1 / x\nf(0)" }, ctx());
    expect(out.ok).toBe(false);
    expect(message(out)).toMatch(/^ZeroDivisionError: division by zero/);
    expect(out.forModel).toContain('File "<exec>", line 4');
    expect(out.forModel).toContain("stdout before the error:\nbefore");
    expect(out.forModel).not.toContain("_pyodide/_base.py");
  });

  it("treats sys.exit(0) as success and sys.exit(2) as an error", async () => {
    expect((await runPython({ code: "import sys\nprint('done')\nsys.exit(0)" }, ctx())).ok).toBe(true);
    const out = await runPython({ code: "import sys\nsys.exit(2)" }, ctx());
    expect(out.ok).toBe(false);
    expect(message(out)).toMatch(/SystemExit: 2/);
  });
});

describe("python: isolation", () => {
  let probe: Record<string, unknown> = {};
  beforeAll(async () => {
    const hostFile = path.join(process.cwd(), "package.json");
    const code = `
import json, os, socket, urllib.request
r = {"env": dict(os.environ), "cwd": os.getcwd()}
def attempt(name, fn):
    try:
        r[name] = "OK: " + repr(fn())[:200]
    except BaseException as e:
        r[name] = f"{type(e).__name__}: {e}"[:300]
attempt("passwd", lambda: open("/etc/passwd").read())
attempt("hostfile", lambda: open(${JSON.stringify(hostFile)}).read())
attempt("listdir", lambda: sorted(os.listdir("/")))
import js
attempt("js_process", lambda: js.process)
attempt("js_fetch", lambda: js.fetch)
attempt("js_names", lambda: [k for k in dir(js) if not k.startswith("_") and k not in dir(object)])
import pyodide_js
attempt("function_ctor", lambda: pyodide_js.runPython.constructor.constructor("return process")())
attempt("mount_host", lambda: pyodide_js.mountNodeFS("/host", "/"))
attempt("node_sockets", lambda: pyodide_js.useNodeSockFS)
attempt("internal_api", lambda: pyodide_js._api)
import sys
attempt("api_module", lambda: [k for k in dir(sys.modules["pyodide_js._api"]) if k in ("initializeNodeSockFS", "packageManager", "loadDynlib")])
attempt("emscripten_module", lambda: pyodide_js._module)
attempt("run_js", lambda: __import__("pyodide.code", fromlist=["run_js"]).run_js("process.env"))
attempt("socket", lambda: socket.create_connection(("127.0.0.1", ${port}), timeout=2))
attempt("urllib", lambda: urllib.request.urlopen("http://127.0.0.1:${port}/", timeout=2).read())
attempt("subprocess", lambda: __import__("subprocess").run(["cat", "/etc/passwd"]))
try:
    from pyodide.http import pyfetch
    await pyfetch("http://127.0.0.1:${port}/")
    r["pyfetch"] = "OK"
except BaseException as e:
    r["pyfetch"] = f"{type(e).__name__}: {e}"
print(json.dumps(r))
`;
    const out = await runPython({ code }, ctx());
    expect(out.ok).toBe(true);
    probe = JSON.parse(stdout(out)) as Record<string, unknown>;
  });

  it("shows no server environment variables", () => {
    expect(JSON.stringify(probe.env)).not.toContain(SECRET);
    expect(Object.keys(probe.env as object)).not.toContain("FATHOM_TEST_SECRET");
    expect(JSON.stringify(probe.env)).not.toContain(process.env.HOME ?? "/root");
  });

  it("cannot read host files", () => {
    expect(probe.passwd).toMatch(/^FileNotFoundError/);
    expect(probe.hostfile).toMatch(/^FileNotFoundError/);
    expect(String(probe.listdir)).not.toMatch(/'(etc|usr|work|root)'/);
  });

  it("cannot reach the host's JavaScript through js or pyodide_js", () => {
    expect(probe.js_process).toMatch(/^AttributeError/);
    expect(probe.js_fetch).toMatch(/^AttributeError/);
    expect(probe.js_names).toMatch(/^OK: /); // only JsProxy's own helper methods: the js module is an empty object
    expect(probe.js_names).not.toMatch(/process|fetch|require|console|globalThis|setTimeout|WebAssembly/);
    expect(probe.function_ctor).toMatch(/EvalError: Code generation from strings disallowed/);
    for (const key of ["mount_host", "node_sockets", "internal_api", "emscripten_module"]) expect(probe[key]).toMatch(/^AttributeError/);
    expect(probe.api_module).toBe("OK: []");
    expect(probe.run_js).not.toMatch(/^OK/);
    expect(probe.subprocess).not.toMatch(/^OK/);
  });

  it("has no network", () => {
    for (const key of ["socket", "urllib", "pyfetch"]) expect(probe[key]).not.toMatch(/^OK/);
    expect(hits).toBe(0);
  });
});

describe("python: limits", () => {
  it("kills an endless loop at the timeout and the parent stays healthy", async () => {
    const started = Date.now();
    const out = await runPython({ code: "while True: pass" }, ctx({ timeoutMs: 1500 }));
    expect(out.ok).toBe(false);
    expect(message(out)).toBe("Python execution timed out after 1500 ms and was stopped");
    expect(Date.now() - started).toBeLessThan(15_000);
    const after = await runPython({ code: "print(6 * 7)" }, ctx());
    expect(stdout(after)).toBe("42\n");
  });

  it("fails a huge allocation with MemoryError", async () => {
    const out = await runPython({ code: "x = ' ' * (900 * 1024 ** 2)\nprint(len(x))" }, ctx({ memoryMb: 384 }));
    expect(out.ok).toBe(false);
    expect(message(out)).toMatch(/^MemoryError/);
  });

  it("cuts off 50 MB of output", async () => {
    const out = await runPython({ code: "print('x' * 50_000_000)" }, ctx({ maxOutputChars: 2000 }));
    expect(out.ok).toBe(false);
    expect(message(out)).toMatch(/output limit exceeded/);
    expect(out.forModel.length).toBeLessThan(6000);
    const small = await runPython({ code: "for i in range(3000): print(i)" }, ctx({ maxOutputChars: 2000 }));
    expect(small.ok).toBe(true);
    expect(stdout(small)).toMatch(/\[output truncated: \d+ more bytes not shown\]$/);
    expect(stdout(small).length).toBeLessThan(2100);
  });

  it("stops when the run is cancelled", async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 500);
    const out = await runPython({ code: "while True: pass" }, ctx({}, ac.signal));
    expect(message(out)).toBe("cancelled");
  });
});

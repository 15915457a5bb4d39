// Starts a second production server (`next start` on the test build) with its own environment, for
// specs that need settings the main web server must not have (an access token, live-mode keys).
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";

export interface NextServer {
  url: string;
  /** Everything the server printed on stdout and stderr so far. */
  output: () => string;
  stop: () => Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** A demo-mode server (no keys, no token) unless `env` says otherwise; its own data folder. */
export async function startNextServer(env: Record<string, string>): Promise<NextServer> {
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(os.tmpdir(), "fathom-e2e-server-"));
  const child = spawn(process.execPath, [path.join("node_modules", "next", "dist", "bin", "next"), "start", "-p", String(port), "-H", "127.0.0.1"], {
    env: {
      ...process.env,
      NEXT_TELEMETRY_DISABLED: "1",
      FATHOM_DIST_DIR: process.env.FATHOM_DIST_DIR || ".next-test",
      FATHOM_DATA_DIR: dataDir,
      FATHOM_REPORTS_DIR: path.join(dataDir, "reports"),
      DATABASE_URL: "",
      LLM_BASE_URL: "",
      LLM_API_KEY: "",
      OPENAI_API_KEY: "",
      OPENAI_BASE_URL: "",
      TAVILY_API_KEY: "",
      TAVILY_BASE_URL: "",
      FATHOM_ACCESS_TOKEN: "",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout.on("data", (d: Buffer) => (out += d.toString("utf8")));
  child.stderr.on("data", (d: Buffer) => (out += d.toString("utf8")));
  const url = `http://127.0.0.1:${port}`;
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`next start exited (${child.exitCode}):\n${out}`);
    try {
      await fetch(`${url}/login`, { redirect: "manual" });
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`next start did not answer within 90 s:\n${out}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return { url, output: () => out, stop };
}

// Every vitest worker gets its own throwaway data folder, so runs started by tests never land in the
// repository's .data/ and never leak between test files.
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

if (!process.env.FATHOM_TEST_DATA_DIR) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "fathom-test-data-"));
  process.env.FATHOM_TEST_DATA_DIR = dir;
  process.env.FATHOM_DATA_DIR = dir;
  delete process.env.DATABASE_URL;
  process.on("exit", () => rmSync(dir, { recursive: true, force: true }));
}

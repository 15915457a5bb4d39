// The one place that picks the store: PostgreSQL when DATABASE_URL is set, else the SQLite file
// `fathom.db` in the data folder (FATHOM_DATA_DIR, default .data/, created on first start).
import path from "node:path";
import type { AppConfig } from "../config";
import type { Store } from "./types";

export type { Store } from "./types";

export async function openStore(config: Pick<AppConfig, "dataDir" | "databaseUrl">): Promise<Store> {
  if (config.databaseUrl) {
    const { PostgresStore } = await import("./postgres");
    return PostgresStore.open(config.databaseUrl);
  }
  const { SqliteStore, SQLITE_FILE } = await import("./sqlite");
  return new SqliteStore(path.join(config.dataDir, SQLITE_FILE));
}

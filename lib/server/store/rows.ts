// Row ↔ record mapping and small SQL helpers shared by the SQLite and PostgreSQL stores.
import { RunSettings } from "@/lib/protocol/events";
import { RunRecordStatus } from "@/lib/protocol/history";
import type { RunPatch, RunRecord } from "./types";

export interface RunRow {
  id: string;
  thread_id: string;
  parent_run_id: string | null;
  question: string;
  title: string;
  title_edited: number | boolean;
  status: string;
  created_at: number | string;
  updated_at: number | string;
  settings: string;
  locale: string;
  demo: string | null;
  scenario_file: string | null;
  source_count: number;
  last_seq: number;
  owner: string | null;
  heartbeat_at: number | string;
}

export function recordFromRow(row: RunRow): RunRecord {
  const status = RunRecordStatus.safeParse(row.status);
  return {
    id: row.id,
    threadId: row.thread_id,
    parentRunId: row.parent_run_id,
    question: row.question,
    title: row.title,
    titleEdited: Boolean(row.title_edited),
    status: status.success ? status.data : "interrupted",
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    settings: RunSettings.parse(JSON.parse(row.settings)),
    locale: row.locale,
    demo: row.demo,
    scenarioFile: row.scenario_file,
    sourceCount: Number(row.source_count),
    lastSeq: Number(row.last_seq),
    owner: row.owner,
    heartbeatAt: Number(row.heartbeat_at),
  };
}

const COLUMNS: Record<Exclude<keyof RunPatch, "autoTitle">, string> = {
  status: "status",
  sourceCount: "source_count",
  lastSeq: "last_seq",
  updatedAt: "updated_at",
  owner: "owner",
  heartbeatAt: "heartbeat_at",
};

/** `column = <placeholder>` pairs for the plain fields of a patch (autoTitle is store-specific). */
export function patchColumns(patch: RunPatch, placeholder: (i: number) => string): { sets: string[]; values: unknown[] } {
  const sets: string[] = [];
  const values: unknown[] = [];
  for (const [key, column] of Object.entries(COLUMNS) as [keyof typeof COLUMNS, string][]) {
    const value = patch[key];
    if (value === undefined) continue;
    values.push(value);
    sets.push(`${column} = ${placeholder(values.length)}`);
  }
  return { sets, values };
}

/** A LIKE pattern matching `query` anywhere, with %, _ and \ escaped (ESCAPE '\'). */
export function likePattern(query: string): string {
  return `%${query.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

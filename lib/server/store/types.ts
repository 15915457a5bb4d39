// The one persistence interface behind the run manager: runs (one row per research run, grouped in
// threads by follow-ups), their append-only event logs, final reports, the scripted turns a demo
// run was served, and the LangGraph checkpointer living in the same database. Implementations:
// sqlite.ts (embedded, default) and postgres.ts (DATABASE_URL); index.ts picks one.
import type { BaseCheckpointSaver } from "@langchain/langgraph";
import type { QualitySummary, RunEvent, RunSettings, Source } from "@/lib/protocol/events";
import type { RunRecordStatus } from "@/lib/protocol/history";

export interface RunRecord {
  id: string;
  /** The conversation a run belongs to: its own id, or its parent's thread for a follow-up. */
  threadId: string;
  parentRunId: string | null;
  question: string;
  title: string;
  /** Set once the user renamed the run: automatic titles (plan, report) no longer replace it. */
  titleEdited: boolean;
  status: RunRecordStatus;
  createdAt: number;
  updatedAt: number;
  settings: RunSettings;
  locale: string;
  demo: string | null;
  /** The scenario a scripted run replays (demo or CLI --scenario), to re-create its servers on resume. */
  scenarioFile: string | null;
  sourceCount: number;
  lastSeq: number;
  /** `host:pid:boot` of the process driving the run; with heartbeatAt, tells a live run from an orphan. */
  owner: string | null;
  heartbeatAt: number;
}

export type RunPatch = Partial<Pick<RunRecord, "status" | "sourceCount" | "lastSeq" | "updatedAt" | "owner" | "heartbeatAt">> & {
  /** A title from the run itself (plan or report title); ignored once the user renamed the run. */
  autoTitle?: string;
};

export type PublicSource = Omit<Source, "text">;

export interface StoredReport {
  runId: string;
  title: string;
  markdown: string;
  sources: PublicSource[];
  quality?: QualitySummary;
  createdAt: number;
}

/** One model turn a scripted server served to a run; `seq` is the run's last event seq at that moment. */
export interface ServedTurn {
  runId: string;
  n: number;
  turnIndex: number;
  agent: string;
  step: string | null;
  seq: number;
}

/** Everything one flush writes, in one transaction: new runs, then events, turns, reports, patches. */
export interface WriteBatch {
  runs: RunRecord[];
  events: RunEvent[];
  turns: ServedTurn[];
  reports: StoredReport[];
  patches: Map<string, RunPatch>;
}

export function emptyBatch(): WriteBatch {
  return { runs: [], events: [], turns: [], reports: [], patches: new Map() };
}

export function batchIsEmpty(b: WriteBatch): boolean {
  return !b.runs.length && !b.events.length && !b.turns.length && !b.reports.length && !b.patches.size;
}

export interface ListOptions {
  /** Case-insensitive match on the title or the question. */
  query?: string;
  statuses?: RunRecordStatus[];
  limit?: number;
}

export interface Store {
  readonly kind: "sqlite" | "postgres";
  /** Where the data lives (file path, or the URL without its password), for logs. */
  readonly location: string;
  readonly checkpointer: BaseCheckpointSaver;
  commit(batch: WriteBatch): Promise<void>;
  getRun(id: string): Promise<RunRecord | undefined>;
  /** Newest first. */
  listRuns(opts?: ListOptions): Promise<RunRecord[]>;
  renameRun(id: string, title: string): Promise<boolean>;
  /** Sets the owner only if it is still `expected` (so two processes never both take an orphan). */
  claimRun(id: string, owner: string, expected: string | null): Promise<boolean>;
  /** Events with seq > after, in order; at most `limit` (all when omitted). */
  readEvents(runId: string, after: number, limit?: number): Promise<RunEvent[]>;
  getReport(runId: string): Promise<StoredReport | undefined>;
  servedTurns(runId: string): Promise<ServedTurn[]>;
  /** Removes the run, its events, report, served turns and checkpoints. False when it did not exist. */
  deleteRun(id: string): Promise<boolean>;
  close(): Promise<void>;
}

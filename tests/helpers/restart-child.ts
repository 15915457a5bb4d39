// A stand-in for the server process in the restart test (run with `node --import tsx`), on the store
// chosen by FATHOM_DATA_DIR / DATABASE_URL:
//   start <scenario.json>  starts a scripted run (auto-accept, one step at a time), prints
//                          {"runId": …} and keeps running until it is killed;
//   resume <runId>         starts the run manager (which resumes orphaned runs), waits for the
//                          run to end, prints {"status": …} and exits 0.
import { getConfig } from "@/lib/server/config";
import { configureRunManager, follow, getRun, initRunManager, shutdownRunManager, startRun } from "@/lib/server/runs";

const [mode, arg] = process.argv.slice(2);

if (mode === "start") {
  configureRunManager({ resumeOnStart: false });
  const run = await startRun({ question: "", settings: { autoAccept: true, concurrency: 1 } }, getConfig(), { scenarioFile: arg });
  console.log(JSON.stringify({ runId: run.id }));
  setInterval(() => {}, 60_000);
} else if (mode === "resume") {
  await initRunManager();
  const run = await getRun(arg!);
  if (!run) {
    console.error(`no run ${arg}`);
    process.exit(2);
  }
  const status = await new Promise<string>((resolve) => {
    follow(run, 0, (e) => {
      if (e.type === "done" && e.status !== "awaiting_plan_review") resolve(e.status);
    });
  });
  await shutdownRunManager();
  console.log(JSON.stringify({ status }));
  process.exit(0);
} else {
  console.error("usage: restart-child.ts start <scenario> | resume <runId>");
  process.exit(2);
}

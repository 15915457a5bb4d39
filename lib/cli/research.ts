// `npm run research -- [--scenario FILE] [--auto-accept] [--out DIR] [--events FILE] ["question"]`
// Runs one research in the terminal through the same run manager as the web app, shows progress,
// writes the report to DIR/<slug>.md and prints its path as the last line. Exit 1 when the run failed.
import { parseArgs } from "node:util";
import { createWriteStream } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import readline from "node:readline/promises";
import { getConfig, missingForLive } from "@/lib/server/config";
import { configureRunManager, decide, follow, shutdownRunManager, startRun, stopRun, RunRequestError, type Run } from "@/lib/server/runs";
import { loadScenario } from "@/lib/scripted/scenario";
import { slugify } from "@/lib/report/slug";
import type { RunEvent } from "@/lib/protocol/events";
import { describeEvent } from "./progress";

const USAGE = `usage: npm run research -- [--scenario FILE] [--auto-accept] [--out DIR] [--events FILE] ["question"]`;

async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs({
      allowPositionals: true,
      options: {
        scenario: { type: "string" },
        "auto-accept": { type: "boolean", default: false },
        out: { type: "string", default: "reports" },
        events: { type: "string" },
        locale: { type: "string" },
        "max-steps": { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (err) {
    console.error(`${err instanceof Error ? err.message : err}\n${USAGE}`);
    return 2;
  }
  if (args.values.help) {
    console.log(USAGE);
    return 0;
  }
  // Runs land in the same store as the web app's (its history shows them); resuming other runs left
  // over from a stopped server is the server's job, not this one-shot command's.
  configureRunManager({ resumeOnStart: false });
  const question = args.positionals.join(" ").trim();
  const scenarioFile = args.values.scenario ? path.resolve(args.values.scenario) : undefined;
  const config = getConfig();
  let feedback: string | undefined;
  if (scenarioFile) {
    try {
      feedback = (await loadScenario(scenarioFile)).plan_feedback;
    } catch (err) {
      console.error(err instanceof Error ? err.message : String(err));
      return 2;
    }
  } else if (missingForLive(config).length) {
    console.error(`Live research needs ${missingForLive(config).join(" and ")}.\nOr replay a recorded session: npm run research -- --scenario lib/demos/solar-vs-wind-costs.json --auto-accept`);
    return 2;
  }
  const settings = {
    autoAccept: false,
    ...(args.values.locale ? { locale: args.values.locale as "auto" } : {}),
    ...(args.values["max-steps"] ? { maxSteps: Number(args.values["max-steps"]) } : {}),
  };
  let run: Run;
  try {
    run = await startRun({ question, settings }, config, { scenarioFile });
  } catch (err) {
    console.error(err instanceof RunRequestError ? `${err.message}${err.hint ? `\n${err.hint}` : ""}` : err);
    return 2;
  }
  const eventsOut = args.values.events ? createWriteStream(path.resolve(args.values.events)) : undefined;
  const onSigint = () => {
    console.error("\nStopping…");
    stopRun(run);
  };
  process.once("SIGINT", onSigint);
  const last = await new Promise<RunEvent & { type: "done" }>((resolve) => {
    let reviews = 0;
    follow(run, 0, (event) => {
      eventsOut?.write(`${JSON.stringify(event)}\n`);
      const line = describeEvent(event);
      if (line) process.stderr.write(`${line}\n`);
      if (event.type === "plan_review") {
        reviews += 1;
        void answerReview(run, args.values["auto-accept"] ?? false, reviews === 1 ? feedback : undefined);
      }
      if (event.type === "done" && event.status !== "awaiting_plan_review") resolve(event);
    });
  });
  process.off("SIGINT", onSigint);
  await shutdownRunManager();
  await new Promise<void>((r) => (eventsOut ? eventsOut.end(r) : r()));
  const final = run.events.find((e) => e.type === "report_final");
  if (final?.type === "report_final") {
    const dir = path.resolve(args.values.out ?? "reports");
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `${slugify(final.title)}.md`);
    await writeFile(file, final.markdown, "utf8");
    if (final.quality) {
      const q = final.quality;
      console.log(`Quality: citation validity ${(q.citationValidity * 100).toFixed(0)}% (${q.validCitedLinks}/${q.citedLinks}), ` +
        `dangling ${q.danglingReferences}, orphan ${q.orphanReferences}, sources ${q.uniqueSources} from ${q.uniqueDomains} domains, ` +
        `paragraphs without citation ${q.paragraphsWithoutCitation}, numbers grounded ${q.numbersGrounded}/${q.numbersChecked}` +
        `${q.removedLinks.length ? `, unverified links removed ${q.removedLinks.length}` : ""}${q.removedImages.length ? `, images removed ${q.removedImages.length}` : ""}`);
    }
    console.log(file);
  } else {
    const reply = run.events.filter((e) => e.type === "text_delta" && e.agent === "coordinator").map((e) => (e.type === "text_delta" ? e.text : "")).join("");
    if (reply) console.log(reply);
  }
  return last.status === "completed" ? 0 : 1;
}

async function answerReview(run: Run, autoAccept: boolean, feedback: string | undefined) {
  if (autoAccept) {
    decide(run, feedback ? { action: "edit", feedback } : { action: "accept" });
    return;
  }
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr });
  const answer = (await rl.question("Accept this plan? Press Enter to accept, or type what to change: ").catch(() => "")).trim();
  rl.close();
  decide(run, answer && !/^(y|yes|ok)$/i.test(answer) ? { action: "edit", feedback: answer } : { action: "accept" });
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);

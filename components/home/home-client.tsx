"use client";
// The home page: ask a question (or start a recorded demo), then go to /research/{runId}.
import { useEffect, useState } from "react";
import { useRouter } from "next/navigation";
import { fetchConfig, startRun, type ApiError, type ConfigInfo, type DemoInfo } from "@/lib/client/api";
import { useSettings } from "@/lib/client/settings-store";
import { ErrorBanner } from "@/components/ui/error-banner";
import { SettingsIcon } from "@/components/ui/icons";
import { ThemeToggle } from "@/components/ui/theme-toggle";
import { DemoBanner, DemoCards } from "./demo-section";
import { QuestionForm } from "./question-form";
import { SettingsPanel } from "./settings-panel";

const EXAMPLES = [
  "How do solid-state batteries compare with lithium-ion for electric cars today?",
  "What does current research say about intermittent fasting and longevity?",
  "量子计算对现有公钥加密算法的威胁有多大？",
  "Which open-source vector databases are used in production, and how do they compare?",
];

export function HomeClient() {
  const router = useRouter();
  const [config, setConfig] = useState<ConfigInfo | null>(null);
  const [configError, setConfigError] = useState<ApiError | null>(null);
  const [question, setQuestion] = useState("");
  const [settings, saveSettings] = useSettings();
  const [showSettings, setShowSettings] = useState(false);
  const [starting, setStarting] = useState<{ demoId: string | null } | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    let alive = true;
    void fetchConfig().then((r) => {
      if (!alive) return;
      if (r.ok) setConfig(r.data);
      else setConfigError(r.error);
    });
    return () => {
      alive = false;
    };
  }, []);

  const start = async (q: string, demo?: DemoInfo) => {
    setStarting({ demoId: demo?.id ?? null });
    setError(null);
    const res = await startRun({ question: q, settings, demo: demo?.id });
    if (res.ok) {
      router.push(`/research/${encodeURIComponent(res.data.runId)}`);
      return;
    }
    setStarting(null);
    setError(res.error);
  };

  const demoMode = config !== null && !config.live;
  return (
    <div className="mx-auto flex min-h-dvh max-w-3xl flex-col px-4 pb-16">
      <header className="flex h-14 items-center justify-between">
        <span className="flex items-center gap-2 font-semibold tracking-tight">
          <span className="inline-flex size-7 items-center justify-center rounded-lg bg-indigo-600 text-sm text-white">F</span>
          Fathom
        </span>
        <ThemeToggle />
      </header>
      <main className="flex flex-1 flex-col gap-6 pt-[8vh]">
        <div className="space-y-2 text-center">
          <h1 className="text-3xl font-semibold tracking-tight sm:text-4xl">What do you want to research?</h1>
          <p className="text-zinc-500 dark:text-zinc-400">
            Fathom plans the research, searches and reads the web, runs the numbers, and writes a cited report.
          </p>
        </div>
        {demoMode ? <DemoBanner missing={config.missing} /> : null}
        {configError ? (
          <ErrorBanner tone="warning" title="Could not load the server configuration" message={configError.message} />
        ) : null}
        <QuestionForm
          value={question}
          onChange={setQuestion}
          onSubmit={() => void start(question)}
          busy={starting !== null && starting.demoId === null}
          placeholder="Ask a research question… (Enter to send, Shift+Enter for a new line)"
          toolbar={
            <button
              type="button"
              aria-expanded={showSettings}
              onClick={() => setShowSettings((s) => !s)}
              className="inline-flex items-center gap-1.5 rounded-lg px-2 py-1 text-xs text-zinc-500 hover:bg-zinc-100 hover:text-zinc-800 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-200"
            >
              <SettingsIcon className="size-3.5" />
              Settings
            </button>
          }
        />
        {error ? (
          <ErrorBanner
            title={error.code === "config_missing" ? "Live research is not configured" : "Could not start the research"}
            message={error.message}
            hint={error.hint}
            code={error.code}
          />
        ) : null}
        {showSettings ? <SettingsPanel value={settings} onChange={saveSettings} /> : null}
        <section aria-label="Example questions" className="flex flex-wrap justify-center gap-2">
          {EXAMPLES.map((q) => (
            <button
              key={q}
              type="button"
              onClick={() => setQuestion(q)}
              className="rounded-full border border-zinc-200 bg-white px-3 py-1.5 text-left text-sm text-zinc-600 transition hover:border-indigo-300 hover:text-zinc-900 dark:border-zinc-800 dark:bg-zinc-900 dark:text-zinc-400 dark:hover:border-indigo-700 dark:hover:text-zinc-100"
            >
              {q}
            </button>
          ))}
        </section>
        {demoMode ? (
          <DemoCards demos={config.demos} startingId={starting?.demoId ?? null} onStart={(d) => void start(d.question, d)} />
        ) : null}
      </main>
    </div>
  );
}

"use client";
// The big question box: Enter sends, Shift+Enter adds a line, IME composition never sends.
import { useId, type FormEvent, type KeyboardEvent, type ReactNode } from "react";
import { MAX_QUESTION_CHARS } from "@/lib/protocol/events";
import { Spinner } from "@/components/ui/spinner";
import { ArrowUpIcon } from "@/components/ui/icons";

const WARN_AT = MAX_QUESTION_CHARS - 1000;
const fmt = (n: number) => n.toLocaleString("en-US");

export function questionProblem(q: string): "empty" | "too_long" | null {
  if (q.trim() === "") return "empty";
  if (q.length > MAX_QUESTION_CHARS) return "too_long";
  return null;
}

export function QuestionForm({
  value,
  onChange,
  onSubmit,
  busy,
  toolbar,
  placeholder,
}: {
  value: string;
  onChange: (v: string) => void;
  onSubmit: () => void;
  busy: boolean;
  toolbar?: ReactNode;
  placeholder: string;
}) {
  const counterId = useId();
  const problem = questionProblem(value);
  const canSend = !busy && problem === null;
  const send = (e?: FormEvent) => {
    e?.preventDefault();
    if (canSend) onSubmit();
  };
  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key !== "Enter" || e.shiftKey || e.nativeEvent.isComposing || e.keyCode === 229) return;
    e.preventDefault();
    send();
  };
  const over = value.length - MAX_QUESTION_CHARS;
  return (
    <form
      onSubmit={send}
      className="rounded-2xl border border-zinc-200 bg-white shadow-sm transition focus-within:border-indigo-400 focus-within:shadow-md dark:border-zinc-800 dark:bg-zinc-900 dark:focus-within:border-indigo-500"
    >
      <label htmlFor={`${counterId}-q`} className="sr-only">
        Your research question
      </label>
      <textarea
        id={`${counterId}-q`}
        data-testid="question-input"
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onKeyDown={onKeyDown}
        placeholder={placeholder}
        rows={4}
        aria-describedby={counterId}
        aria-invalid={problem === "too_long"}
        className="block max-h-[50vh] min-h-28 w-full resize-y rounded-t-2xl bg-transparent px-4 pt-4 pb-2 text-base leading-relaxed outline-none placeholder:text-zinc-400 focus-visible:outline-none dark:placeholder:text-zinc-500"
      />
      <div className="flex items-center gap-3 px-3 pb-3">
        <div className="flex min-w-0 flex-1 items-center gap-2">{toolbar}</div>
        <p id={counterId} aria-live="polite" className="text-xs tabular-nums">
          {over > 0 ? (
            <span className="font-medium text-red-600 dark:text-red-400">
              Too long: {fmt(value.length)} / {fmt(MAX_QUESTION_CHARS)} characters. Remove {fmt(over)} to send.
            </span>
          ) : value.length >= WARN_AT ? (
            <span className="text-amber-600 dark:text-amber-400">
              {fmt(value.length)} / {fmt(MAX_QUESTION_CHARS)}
            </span>
          ) : null}
        </p>
        <button
          type="submit"
          data-testid="send-button"
          disabled={!canSend}
          aria-label="Start research"
          title="Start research (Enter)"
          className="inline-flex size-9 shrink-0 items-center justify-center rounded-xl bg-indigo-600 text-white transition hover:bg-indigo-500 disabled:cursor-not-allowed disabled:bg-zinc-300 dark:disabled:bg-zinc-700"
        >
          {busy ? <Spinner className="size-4" /> : <ArrowUpIcon className="size-4" />}
        </button>
      </div>
    </form>
  );
}

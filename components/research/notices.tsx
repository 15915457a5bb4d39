import type { NoticeView } from "@/lib/client/run-view";
import { AlertIcon } from "@/components/ui/icons";

export function Notices({ notices }: { notices: NoticeView[] }) {
  if (notices.length === 0) return null;
  return (
    <ul className="space-y-1">
      {notices.map((n) => (
        <li
          key={n.seq}
          data-testid="notice"
          data-level={n.level}
          className={`flex gap-1.5 text-xs ${n.level === "warning" ? "text-amber-700 dark:text-amber-400" : "text-zinc-500 dark:text-zinc-400"}`}
        >
          {n.level === "warning" ? <AlertIcon className="mt-0.5 size-3 shrink-0" /> : <span aria-hidden>ℹ︎</span>}
          <span className="break-words">{n.message}</span>
        </li>
      ))}
    </ul>
  );
}

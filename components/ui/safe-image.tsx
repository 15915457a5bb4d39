"use client";
// An <img> that shows a neutral placeholder when the URL fails (offline, hotlink-blocked, 404).
// The failed <img> stays in the DOM (hidden) so it is not re-requested on re-render.
import { useState } from "react";
import { ImageIcon } from "./icons";

export function SafeImage({ src, alt, className = "" }: { src: string | undefined; alt: string; className?: string }) {
  const [failed, setFailed] = useState(false);
  const placeholder = (
    <span
      role="img"
      aria-label={alt || "image unavailable"}
      title={alt || "Image unavailable"}
      data-testid="image-placeholder"
      className={`inline-flex max-w-full items-center justify-center gap-1.5 overflow-hidden bg-zinc-100 px-2 text-xs text-zinc-400 dark:bg-zinc-800 dark:text-zinc-500 ${className}`}
    >
      <ImageIcon className="size-4 shrink-0" />
      {alt ? <span className="truncate">{alt}</span> : null}
    </span>
  );
  if (!src) return placeholder;
  return (
    <span className="contents">
      <img
        src={src}
        alt={alt}
        loading="lazy"
        referrerPolicy="no-referrer"
        onError={() => setFailed(true)}
        aria-hidden={failed || undefined}
        className={failed ? "hidden" : className}
      />
      {failed ? placeholder : null}
    </span>
  );
}

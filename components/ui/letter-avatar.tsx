import { domainLetter, hueOf } from "@/lib/client/format";

/** A coloured letter for a domain: no favicon service is reachable offline. */
export function LetterAvatar({ domain, className = "size-5 text-[10px]" }: { domain: string; className?: string }) {
  const hue = hueOf(domain);
  return (
    <span
      aria-hidden="true"
      style={{ backgroundColor: `hsl(${hue} 65% 45%)` }}
      className={`inline-flex shrink-0 items-center justify-center rounded-md font-semibold text-white ${className}`}
    >
      {domainLetter(domain)}
    </span>
  );
}

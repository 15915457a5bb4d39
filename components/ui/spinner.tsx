export function Spinner({ className = "size-3.5" }: { className?: string }) {
  return (
    <span
      role="status"
      aria-label="running"
      className={`inline-block shrink-0 animate-spin rounded-full border-2 border-current border-r-transparent opacity-80 ${className}`}
    />
  );
}

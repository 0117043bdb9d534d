import { cn } from "@/lib/utils";

/** The product mark: the same drawing as the app icon. */
export function Brand({ className, name }: { className?: string; name: string }) {
  return (
    <span className={cn("flex items-center gap-2 font-semibold tracking-tight", className)}>
      <svg viewBox="0 0 64 64" className="size-7 shrink-0" aria-hidden="true">
        <rect width="64" height="64" rx="14" className="fill-primary" />
        <rect
          x="20"
          y="12"
          width="24"
          height="40"
          rx="5"
          fill="none"
          strokeWidth="4"
          className="stroke-primary-foreground"
        />
        <path d="M27 45h10" strokeWidth="4" strokeLinecap="round" className="stroke-primary-foreground" />
        <path
          d="M26 24l6 6 8-9"
          fill="none"
          strokeWidth="4"
          strokeLinecap="round"
          strokeLinejoin="round"
          className="stroke-primary-foreground"
        />
      </svg>
      <span>{name}</span>
    </span>
  );
}

import { Check } from "lucide-react";
import { cn } from "@/lib/utils";
import type { StatusView } from "../../_lib/status";
import type { T } from "./text";

const STEPS = ["received", "estimate", "ready", "collected"] as const;
const STEP_OF = { NEW: 0, IN_PROGRESS: 1, READY: 2, CLOSED: 3 } as const;

/** Where the repair is: four steps, the current one marked for screen readers too. */
export function Steps({ view, t }: { view: StatusView; t: T }) {
  const current = STEP_OF[view.status];
  return (
    <ol aria-label={t("steps_label")} className="grid grid-cols-4 gap-1" data-testid="status-steps">
      {STEPS.map((step, index) => {
        const state =
          index < current || view.status === "CLOSED" ? "done" : index === current ? "current" : "todo";
        return (
          <li
            key={step}
            aria-current={state === "current" ? "step" : undefined}
            data-state={state}
            className="flex flex-col items-center gap-1.5 text-center"
          >
            <span
              aria-hidden="true"
              className={cn(
                "flex size-9 items-center justify-center rounded-full border-2 text-sm font-semibold",
                state === "done" && "border-primary bg-primary text-primary-foreground",
                state === "current" && "border-primary text-primary",
                state === "todo" && "border-border text-muted-foreground",
              )}
            >
              {state === "done" ? <Check className="size-4" /> : index + 1}
            </span>
            <span
              className={cn("text-xs sm:text-sm", state === "todo" ? "text-muted-foreground" : "font-medium")}
            >
              {t(`steps.${step}`)}
              <span className="sr-only">: {t(`step_state.${state}`)}</span>
            </span>
          </li>
        );
      })}
    </ol>
  );
}

/** One sentence on what happens now. */
export function nowText(view: StatusView, t: T) {
  if (view.status !== "IN_PROGRESS") return t(`now.${view.status}`);
  return t(`now.${view.approval ?? "approved"}`);
}

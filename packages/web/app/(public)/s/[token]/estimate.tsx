import { buttonVariants } from "@/components/ui/button";
import type { Locale } from "@/lib/locale";
import { money, shopTime } from "../../_lib/format";
import type { StatusView } from "../../_lib/status";
import type { T } from "./text";

/**
 * The estimate and the customer's answer. Plain HTML forms posting to the public API, which
 * answers with a redirect back here: approving and declining work without JavaScript, and
 * the link is the only credential (no cookie is involved). Declining asks once more on a
 * page of its own (`?confirm=decline`).
 */
export function Estimate({
  view,
  token,
  locale,
  zone,
  confirming,
  refused,
  t,
}: {
  view: StatusView;
  token: string;
  locale: Locale;
  zone: string;
  confirming: boolean;
  refused: boolean;
  t: T;
}) {
  if (!view.estimate) return null;
  const action = (kind: "approve" | "decline") => `/api/public/tickets/${encodeURIComponent(token)}/${kind}`;
  const here = `/s/${encodeURIComponent(token)}`;
  return (
    <section
      aria-labelledby="estimate-title"
      className="flex flex-col gap-4 rounded-xl border bg-card p-4 sm:p-5 print:hidden"
      data-testid="estimate"
    >
      <h2 id="estimate-title" className="text-lg font-semibold">
        {t("estimate.title")}
      </h2>
      <dl className="grid grid-cols-[auto_1fr] gap-x-6 gap-y-2">
        <dt className="text-muted-foreground">{t("estimate.price")}</dt>
        <dd className="text-xl font-semibold tabular-nums" data-testid="estimate-price">
          {money(view.estimate.price, view.estimate.currency)}
        </dd>
        {view.eta_ready_at ? (
          <>
            <dt className="text-muted-foreground">{t("estimate.eta")}</dt>
            <dd data-testid="estimate-eta">{shopTime(view.eta_ready_at, locale, zone)}</dd>
          </>
        ) : null}
      </dl>
      {refused ? (
        <p role="alert" className="text-sm text-destructive">
          {t("estimate.changed")}
        </p>
      ) : null}
      {view.can_answer ? (
        <div className="flex flex-col gap-3" data-testid="estimate-answer">
          {confirming ? (
            <form
              method="post"
              action={action("decline")}
              className="flex flex-col gap-3 rounded-lg border border-destructive/50 p-3"
            >
              <p id="confirm-decline">{t("estimate.confirm_decline")}</p>
              <div className="flex flex-col gap-2 sm:flex-row">
                <button
                  type="submit"
                  className={buttonVariants({ variant: "destructive", size: "lg" })}
                  aria-describedby="confirm-decline"
                >
                  {t("estimate.confirm_yes")}
                </button>
                <a href={here} className={buttonVariants({ variant: "outline", size: "lg" })}>
                  {t("estimate.confirm_no")}
                </a>
              </div>
            </form>
          ) : (
            <>
              <p className="font-medium">{t("estimate.question")}</p>
              <div className="flex flex-col gap-2 sm:flex-row">
                <form method="post" action={action("approve")} className="contents">
                  <button type="submit" className={buttonVariants({ size: "lg", className: "text-base" })}>
                    {t("estimate.approve")}
                  </button>
                </form>
                <a
                  href={`${here}?confirm=decline`}
                  className={buttonVariants({ variant: "outline", size: "lg", className: "text-base" })}
                >
                  {t("estimate.decline")}
                </a>
              </div>
            </>
          )}
        </div>
      ) : view.approval === "approved" || view.approval === "declined" ? (
        <p className="font-medium" data-testid="estimate-answer-state">
          {t(`estimate.${view.approval}`)}
        </p>
      ) : null}
    </section>
  );
}

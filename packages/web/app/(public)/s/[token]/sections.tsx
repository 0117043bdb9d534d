import type { Locale } from "@/lib/locale";
import { phone, shopTime } from "../../_lib/format";
import type { StatusView } from "../../_lib/status";
import type { T } from "./text";

/** The device, the problem as the customer described it, and when it was ready or finished. */
export function Details({ view, locale, zone, t }: { view: StatusView; locale: Locale; zone: string; t: T }) {
  return (
    <dl className="grid gap-3 rounded-xl border bg-card p-4 sm:grid-cols-[auto_1fr] sm:gap-x-6 sm:p-5 print:hidden">
      <dt className="text-sm text-muted-foreground">{t("device")}</dt>
      <dd className="-mt-2 font-medium sm:mt-0">{view.device}</dd>
      <dt className="text-sm text-muted-foreground">{t("problem")}</dt>
      <dd className="-mt-2 whitespace-pre-line sm:mt-0">{view.problem}</dd>
      {view.ready_at ? (
        <>
          <dt className="sr-only">{t("steps.ready")}</dt>
          <dd className="text-sm text-muted-foreground sm:col-span-2">
            {t("ready_at", { date: shopTime(view.ready_at, locale, zone) })}
          </dd>
        </>
      ) : null}
      {view.closed_at ? (
        <>
          <dt className="sr-only">{t("steps.collected")}</dt>
          <dd className="text-sm text-muted-foreground sm:col-span-2">
            {t("closed_at", { date: shopTime(view.closed_at, locale, zone) })}
          </dd>
        </>
      ) : null}
    </dl>
  );
}

/** The completion photos, once the repair is ready. */
export function Photos({ view, t }: { view: StatusView; t: T }) {
  if (!view.photos.length) return null;
  return (
    <section aria-labelledby="photos-title" className="flex flex-col gap-3 print:hidden">
      <h2 id="photos-title" className="text-lg font-semibold">
        {t("photos.title")}
      </h2>
      <ul className="grid grid-cols-2 gap-2 sm:grid-cols-3">
        {view.photos.map((photo, index) => (
          <li key={photo.url}>
            <a
              href={photo.url}
              target="_blank"
              rel="noreferrer"
              className="block overflow-hidden rounded-lg border"
            >
              {/* biome-ignore lint/performance/noImgElement: a presigned storage URL, not a static asset next/image could optimise */}
              <img
                src={photo.url}
                alt={t("photos.alt", { n: index + 1 })}
                className="aspect-square w-full object-cover"
                loading="lazy"
              />
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** How to reach the shop. */
export function ShopCard({ view, t }: { view: StatusView; t: T }) {
  const tel = view.shop.phone.replace(/[^\d+]/g, "");
  return (
    <section
      aria-labelledby="shop-title"
      className="flex flex-col gap-1 rounded-xl border bg-card p-4 sm:p-5 print:hidden"
    >
      <h2 id="shop-title" className="text-lg font-semibold">
        {t("shop.title")}
      </h2>
      <p className="font-medium">{view.shop.name}</p>
      {view.shop.phone ? (
        <a href={`tel:${tel}`} className="text-primary underline-offset-4 hover:underline">
          {t("shop.call", { phone: phone(view.shop.phone) })}
        </a>
      ) : null}
      {view.shop.address ? (
        <p className="whitespace-pre-line text-sm text-muted-foreground">
          <span className="sr-only">{t("shop.address")}: </span>
          {view.shop.address}
        </p>
      ) : null}
    </section>
  );
}

"use client";

import { ChevronLeft, ChevronRight } from "lucide-react";
import { useTranslations } from "next-intl";
import { Button } from "@/components/ui/button";
import { Dialog, DialogContent, DialogDescription, DialogTitle } from "@/components/ui/dialog";
import type { Photo } from "../model";

/** Every photo of the ticket (intake, notes, completion) as thumbnails. */
export function Gallery({ photos, onOpen }: { photos: Photo[]; onOpen: (photo: Photo) => void }) {
  const t = useTranslations("ticket.gallery");
  if (!photos.length) return <p className="text-sm text-muted-foreground">{t("empty")}</p>;
  return (
    <ul className="grid grid-cols-3 gap-2 sm:grid-cols-4 lg:grid-cols-3" data-testid="gallery">
      {photos.map((photo, index) => (
        <li key={photo.key}>
          <button
            type="button"
            onClick={() => onOpen(photo)}
            className="block aspect-square w-full overflow-hidden rounded-md border outline-none focus-visible:ring-2 focus-visible:ring-ring"
          >
            {/* biome-ignore lint/performance/noImgElement: a presigned storage URL that expires, not a static asset */}
            <img
              src={photo.url}
              alt={t("alt", { n: index + 1, total: photos.length })}
              className="size-full object-cover"
              loading="lazy"
            />
          </button>
        </li>
      ))}
    </ul>
  );
}

/** One photo large, with the previous and next of the ticket. */
export function Lightbox({
  photos,
  current,
  onChange,
}: {
  photos: Photo[];
  current: Photo | undefined;
  onChange: (photo: Photo | undefined) => void;
}) {
  const t = useTranslations("ticket.gallery");
  const tc = useTranslations("common");
  const index = current ? photos.findIndex((photo) => photo.key === current.key) : -1;
  const go = (step: number) => {
    const next = photos[(index + step + photos.length) % photos.length];
    if (next) onChange(next);
  };
  return (
    <Dialog open={Boolean(current)} onOpenChange={(open) => (open ? undefined : onChange(undefined))}>
      {current ? (
        <DialogContent closeLabel={tc("close")} className="max-w-4xl">
          <DialogTitle>{t("title", { n: index + 1, total: photos.length })}</DialogTitle>
          <DialogDescription className="sr-only">{t("description")}</DialogDescription>
          {/* biome-ignore lint/performance/noImgElement: a presigned storage URL that expires, not a static asset */}
          <img
            src={current.url}
            alt={t("alt", { n: index + 1, total: photos.length })}
            className="max-h-[70dvh] w-full rounded-md object-contain"
            data-testid="lightbox-image"
          />
          {photos.length > 1 ? (
            <div className="flex justify-between">
              <Button variant="outline" onClick={() => go(-1)}>
                <ChevronLeft aria-hidden="true" />
                {t("previous")}
              </Button>
              <Button variant="outline" onClick={() => go(1)}>
                {t("next")}
                <ChevronRight aria-hidden="true" />
              </Button>
            </div>
          ) : null}
        </DialogContent>
      ) : null}
    </Dialog>
  );
}

"use client";

import { Camera, CircleAlert, LoaderCircle, X } from "lucide-react";
import { useTranslations } from "next-intl";
import { type ChangeEvent, useCallback, useEffect, useRef, useState } from "react";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { api } from "@/lib/api";
import { cn } from "@/lib/utils";

const TYPES = ["image/jpeg", "image/png", "image/webp"];

type LocalPhoto = {
  id: number;
  name: string;
  preview: string;
  key?: string;
  state: "uploading" | "done" | "failed" | "wrong_type";
};

/** Where a ticket's photos are uploaded: `usePhotoUploads(ticketPhotos(id))`. */
export const ticketPhotos = (ticketId: string) => `/tickets/${encodeURIComponent(ticketId)}/photos`;

/**
 * Photos uploaded the moment they are chosen, straight to storage with a presigned PUT asked of
 * `uploadPath` (POST /tickets/{id}/photos, /inbox/threads/{id}/photos); what uses them then names
 * only their keys.
 */
export function usePhotoUploads(uploadPath: string) {
  const [photos, setPhotos] = useState<LocalPhoto[]>([]);
  const next = useRef(0);
  const previews = useRef<string[]>([]);

  useEffect(
    () => () => {
      for (const url of previews.current) URL.revokeObjectURL(url);
    },
    [],
  );

  const add = useCallback(
    async (files: File[]) => {
      const update = (id: number, patch: Partial<LocalPhoto>) =>
        setPhotos((list) => list.map((photo) => (photo.id === id ? { ...photo, ...patch } : photo)));
      await Promise.all(
        files.map(async (file) => {
          const id = ++next.current;
          const preview = URL.createObjectURL(file);
          previews.current.push(preview);
          const known = TYPES.includes(file.type);
          setPhotos((list) => [
            ...list,
            { id, name: file.name, preview, state: known ? "uploading" : "wrong_type" },
          ]);
          if (!known) return;
          try {
            const { key, upload_url, headers } = await api.post<{
              key: string;
              upload_url: string;
              headers: Record<string, string>;
            }>(uploadPath, {
              content_type: file.type,
              size: file.size,
            });
            const uploaded = await fetch(upload_url, { method: "PUT", body: file, headers });
            update(id, uploaded.ok ? { key, state: "done" } : { state: "failed" });
          } catch {
            // Shown on the thumbnail; the person removes it and tries again.
            update(id, { state: "failed" });
          }
        }),
      );
    },
    [uploadPath],
  );

  const remove = useCallback(
    (id: number) => setPhotos((list) => list.filter((photo) => photo.id !== id)),
    [],
  );
  const reset = useCallback(() => setPhotos([]), []);

  return {
    photos,
    add,
    remove,
    reset,
    keys: photos.flatMap((photo) => (photo.state === "done" && photo.key ? [photo.key] : [])),
    busy: photos.some((photo) => photo.state === "uploading"),
  };
}

export type PhotoUploads = ReturnType<typeof usePhotoUploads>;

/** Choose or take photos; on phones `capture` opens the back camera straight away. */
export function PhotoPicker({
  id,
  label,
  uploads,
  describedBy,
}: {
  id: string;
  label: string;
  uploads: PhotoUploads;
  describedBy?: string;
}) {
  const t = useTranslations("ticket.photos");
  const choose = (event: ChangeEvent<HTMLInputElement>) => {
    const files = Array.from(event.target.files ?? []);
    event.target.value = "";
    if (files.length) void uploads.add(files);
  };
  return (
    <div className="flex flex-col gap-2">
      <Label htmlFor={id}>{label}</Label>
      <div className="flex flex-wrap items-center gap-2">
        <Button asChild variant="outline">
          <label htmlFor={id} className="cursor-pointer">
            <Camera aria-hidden="true" />
            {t("take")}
          </label>
        </Button>
        <input
          id={id}
          type="file"
          accept="image/*"
          capture="environment"
          multiple
          className="sr-only"
          aria-describedby={describedBy}
          onChange={choose}
          data-testid="photo-input"
        />
        {uploads.busy ? (
          <span className="flex items-center gap-1 text-sm text-muted-foreground" role="status">
            <LoaderCircle className="size-4 animate-spin" aria-hidden="true" />
            {t("uploading")}
          </span>
        ) : null}
      </div>
      {uploads.photos.length ? (
        <ul className="flex flex-wrap gap-2" aria-label={t("chosen")}>
          {uploads.photos.map((photo) => (
            <li
              key={photo.id}
              className={cn(
                "relative size-20 overflow-hidden rounded-md border",
                (photo.state === "failed" || photo.state === "wrong_type") && "border-destructive",
              )}
              data-photo-state={photo.state}
            >
              {/* biome-ignore lint/performance/noImgElement: a local preview (blob: URL), nothing for next/image to optimise */}
              <img src={photo.preview} alt={photo.name} className="size-full object-cover" />
              {photo.state === "uploading" ? (
                <span className="absolute inset-0 flex items-center justify-center bg-background/60">
                  <LoaderCircle className="size-5 animate-spin" aria-hidden="true" />
                </span>
              ) : null}
              {photo.state === "failed" || photo.state === "wrong_type" ? (
                <span className="absolute inset-x-0 bottom-0 flex items-center gap-1 bg-destructive px-1 text-[10px] text-destructive-foreground">
                  <CircleAlert className="size-3" aria-hidden="true" />
                  {photo.state === "failed" ? t("failed") : t("wrong_type")}
                </span>
              ) : null}
              <button
                type="button"
                onClick={() => uploads.remove(photo.id)}
                className="absolute right-0.5 top-0.5 rounded-full bg-background/90 p-0.5 outline-none focus-visible:ring-2 focus-visible:ring-ring"
              >
                <X className="size-3.5" aria-hidden="true" />
                <span className="sr-only">{t("remove", { name: photo.name })}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

"use client";

import { ImageUp, LoaderCircle, Trash2 } from "lucide-react";
import { useTranslations } from "next-intl";
import { type ChangeEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Label } from "@/components/ui/label";
import { api } from "@/lib/api";

/** The API's limit for a logo (core/src/blob/upload.ts). */
const LOGO_MAX_BYTES = 512 * 1024;
const TYPES = ["image/png", "image/jpeg", "image/webp"];

type Props = {
  id: string;
  label: string;
  /** The saved logo's URL (from GET /api/settings), shown until another is chosen. */
  url: string | null;
  value: string;
  onChange: (key: string) => void;
  describedBy?: string;
};

/**
 * Uploads the chosen image straight to storage with a presigned URL, then hands the key to the
 * form; the logo only changes when the section is saved (and the server checks the upload).
 */
export function LogoField({ id, label, url, value, onChange, describedBy }: Props) {
  const t = useTranslations("settings.logo");
  const [preview, setPreview] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  const shown = value ? (preview ?? url) : undefined;

  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = "";
    if (!file) return;
    setProblem(undefined);
    if (!TYPES.includes(file.type)) return setProblem(t("wrong_type"));
    if (file.size > LOGO_MAX_BYTES) return setProblem(t("too_large", { kb: LOGO_MAX_BYTES / 1024 }));
    setBusy(true);
    try {
      // The upload URL is signed for exactly this size and type.
      const { key, upload_url, headers } = await api.post<{
        key: string;
        upload_url: string;
        headers: Record<string, string>;
      }>("/settings/logo", { content_type: file.type, size: file.size });
      const uploaded = await fetch(upload_url, { method: "PUT", body: file, headers });
      if (!uploaded.ok) return setProblem(t("upload_failed"));
      setPreview(URL.createObjectURL(file));
      onChange(key);
    } catch {
      setProblem(t("upload_failed"));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="flex flex-col gap-2">
      <Label htmlFor={id}>{label}</Label>
      <div className="flex flex-wrap items-center gap-4 rounded-md border p-3">
        {shown ? (
          // biome-ignore lint/performance/noImgElement: a presigned storage URL, not a static asset next/image could optimise
          <img src={shown} alt={t("alt")} className="h-16 w-16 rounded object-contain" data-logo />
        ) : (
          <span className="text-sm text-muted-foreground">{t("none")}</span>
        )}
        <div className="flex gap-2">
          <Button asChild variant="outline" size="sm" disabled={busy}>
            <label htmlFor={id} className="cursor-pointer">
              {busy ? (
                <LoaderCircle className="animate-spin" aria-hidden="true" />
              ) : (
                <ImageUp aria-hidden="true" />
              )}
              {t("choose")}
            </label>
          </Button>
          {value ? (
            <Button type="button" variant="ghost" size="sm" onClick={() => onChange("")}>
              <Trash2 aria-hidden="true" />
              {t("remove")}
            </Button>
          ) : null}
        </div>
        <input
          id={id}
          type="file"
          accept={TYPES.join(",")}
          className="sr-only"
          aria-describedby={describedBy}
          onChange={choose}
        />
      </div>
      {problem ? (
        <p role="alert" className="text-sm text-destructive">
          {problem}
        </p>
      ) : null}
    </div>
  );
}

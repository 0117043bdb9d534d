"use client";

import { dayIn, zonedInstant } from "@wapos/core/util/zone";
import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useEffect, useMemo, useState } from "react";
import { Failure } from "@/components/failure";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { Label } from "@/components/ui/label";
import { api } from "@/lib/api";
import type { PostCampaignsPreviewResponse, PostCampaignsResponse } from "@/lib/api/staff";
import { useShopFormat } from "@/lib/format";
import { useErrorText } from "@/lib/issues";
import { SHOP_TIME_ZONE } from "@/lib/locale";
import { useDebounced } from "@/lib/use-debounced";
import { PhotoPicker, type PhotoUploads, usePhotoUploads } from "../../tickets/photo-picker";
import { Excluded } from "./parts";

type Texts = { en: string; ms: string };
/** Where a variant's picture is uploaded before the campaign names it. */
const IMAGES = "/campaigns/images";
const EMPTY: Texts = { en: "", ms: "" };

/** The form's fields as the API takes them: empty fields left out. */
function toDraft(form: {
  name: string;
  tags: string;
  brand: string;
  language: string;
  lastVisitAfter: string;
  minSpend: string;
  a: Texts;
  b: Texts | undefined;
  /** Each variant's picture, once uploaded. */
  images: { A?: string; B?: string };
  splitA: number;
  dailyCap: string;
}) {
  const tags = form.tags
    .split(",")
    .map((tag) => tag.trim())
    .filter(Boolean);
  const variant = (key: "A" | "B", text: Texts, weight: number) => ({
    key,
    weight,
    text: { en: text.en, ...(text.ms.trim() ? { ms: text.ms } : {}) },
    ...(form.images[key] ? { image_key: form.images[key] } : {}),
  });
  return {
    name: form.name,
    audience: {
      ...(tags.length ? { tags } : {}),
      ...(form.brand.trim() ? { brand: form.brand.trim() } : {}),
      ...(form.language === "en" || form.language === "ms" ? { language: form.language } : {}),
      ...(form.lastVisitAfter
        ? { last_visit_after: zonedInstant(form.lastVisitAfter, "00:00", SHOP_TIME_ZONE).toISOString() }
        : {}),
      ...(form.minSpend.trim() ? { min_spend: form.minSpend.trim() } : {}),
    },
    variants: form.b
      ? [variant("A", form.a, form.splitA), variant("B", form.b, 100 - form.splitA)]
      : [variant("A", form.a, 50)],
    ...(form.dailyCap ? { daily_cap: Number(form.dailyCap) } : {}),
  };
}

/**
 * A new campaign in one form, in the order the owner decides: who (the segment, with how many
 * may be sent and why the rest may not), what (one or two variants in English and Bahasa
 * Melayu, previewed for real customers with the footer they will see), and when (the start,
 * the segment's daily cap, and when the governor's pace would finish).
 */
export function CampaignForm() {
  const t = useTranslations("campaigns");
  const format = useShopFormat();
  const errorText = useErrorText();
  const router = useRouter();
  const [name, setName] = useState("");
  const [tags, setTags] = useState("");
  const [brand, setBrand] = useState("");
  const [language, setLanguage] = useState("");
  const [lastVisitAfter, setLastVisitAfter] = useState("");
  const [minSpend, setMinSpend] = useState("");
  const [a, setA] = useState<Texts>(EMPTY);
  const [b, setB] = useState<Texts>();
  const [splitA, setSplitA] = useState(50);
  const [dailyCap, setDailyCap] = useState("");
  const pictureA = usePhotoUploads(IMAGES);
  const pictureB = usePhotoUploads(IMAGES);
  // By the key strings: `keys` is a new array on every render, and the draft must stay the same
  // object while nothing changed (its preview request waits for it to settle).
  const keyA = pictureA.keys[0];
  const keyB = b ? pictureB.keys[0] : undefined;
  const images = useMemo(() => ({ A: keyA, B: keyB }), [keyA, keyB]);
  const [startDay, setStartDay] = useState(() => dayIn(new Date(), SHOP_TIME_ZONE));
  const [startTime, setStartTime] = useState("");
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  const draft = useMemo(
    () => toDraft({ name, tags, brand, language, lastVisitAfter, minSpend, a, b, images, splitA, dailyCap }),
    [name, tags, brand, language, lastVisitAfter, minSpend, a, b, images, splitA, dailyCap],
  );
  const settled = useDebounced(draft, 400);
  const [preview, setPreview] = useState<PostCampaignsPreviewResponse>();
  const [previewFailure, setPreviewFailure] = useState<string>();
  useEffect(() => {
    if (!settled.variants[0]!.text.en.trim()) return;
    let current = true;
    api
      .post<PostCampaignsPreviewResponse>("/campaigns/preview", {
        audience: settled.audience,
        variants: settled.variants,
        ...(settled.daily_cap ? { daily_cap: settled.daily_cap } : {}),
      })
      .then((answer) => {
        if (!current) return;
        setPreview(answer);
        setPreviewFailure(undefined);
      })
      .catch((error: unknown) => current && setPreviewFailure(errorText(error)));
    return () => {
      current = false;
    };
  }, [settled, errorText]);

  async function save(andSchedule: boolean) {
    setBusy(true);
    setFailure(undefined);
    try {
      const created = await api.post<PostCampaignsResponse>("/campaigns", draft);
      if (andSchedule)
        await api.post(`/campaigns/${created.id}/schedule`, {
          ...(startTime ? { at: zonedInstant(startDay, startTime, SHOP_TIME_ZONE).toISOString() } : {}),
        });
      router.push(`/whatsapp/campaigns/${created.id}`);
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  }

  const ready = name.trim() && a.en.trim() && (!b || b.en.trim()) && !pictureA.busy && !pictureB.busy;
  return (
    <form
      className="mb-6 flex flex-col gap-5 rounded-md border p-4"
      aria-label={t("form_title")}
      onSubmit={(event) => {
        event.preventDefault();
        void save(true);
      }}
    >
      <Field id="campaign-name" label={t("name")}>
        <Input
          id="campaign-name"
          value={name}
          maxLength={120}
          required
          onChange={(e) => setName(e.target.value)}
        />
      </Field>

      <fieldset className="flex flex-col gap-3">
        <legend className="mb-2 font-medium">{t("audience")}</legend>
        <div className="flex flex-wrap gap-3">
          <Field id="campaign-tags" label={t("tags")}>
            <Input
              id="campaign-tags"
              value={tags}
              onChange={(e) => setTags(e.target.value)}
              className="w-56"
            />
          </Field>
          <Field id="campaign-brand" label={t("brand")}>
            <Input
              id="campaign-brand"
              value={brand}
              onChange={(e) => setBrand(e.target.value)}
              className="w-40"
            />
          </Field>
          <Field id="campaign-language" label={t("language")}>
            <select
              id="campaign-language"
              value={language}
              onChange={(e) => setLanguage(e.target.value)}
              className="h-10 rounded-md border border-input bg-background px-2 text-sm"
            >
              <option value="">{t("language_any")}</option>
              <option value="en">English</option>
              <option value="ms">Bahasa Melayu</option>
            </select>
          </Field>
          <Field id="campaign-last-visit" label={t("last_visit_after")}>
            <Input
              id="campaign-last-visit"
              type="date"
              value={lastVisitAfter}
              onChange={(e) => setLastVisitAfter(e.target.value)}
              className="w-44"
            />
          </Field>
          <Field id="campaign-min-spend" label={t("min_spend")}>
            <Input
              id="campaign-min-spend"
              inputMode="decimal"
              value={minSpend}
              onChange={(e) => setMinSpend(e.target.value)}
              className="w-32"
            />
          </Field>
        </div>
        {preview ? (
          <div data-testid="campaign-audience">
            <p className="font-medium">
              {t("eligible", { eligible: preview.eligible, total: preview.total })}
            </p>
            <Excluded excluded={preview.excluded} />
          </div>
        ) : null}
      </fieldset>

      <fieldset className="flex flex-col gap-3">
        <legend className="mb-2 font-medium">{t("message")}</legend>
        <p className="text-sm text-muted-foreground">{t("placeholders")}</p>
        <VariantFields
          id="a"
          label={t("variant", { key: "A" })}
          value={a}
          onChange={setA}
          picture={pictureA}
        />
        {b ? (
          <>
            <VariantFields
              id="b"
              label={t("variant", { key: "B" })}
              value={b}
              onChange={setB}
              picture={pictureB}
            />
            <Field id="campaign-split" label={t("split", { a: splitA, b: 100 - splitA })}>
              <input
                id="campaign-split"
                type="range"
                min={10}
                max={90}
                step={5}
                value={splitA}
                onChange={(e) => setSplitA(Number(e.target.value))}
                className="w-64"
              />
            </Field>
            <Button type="button" variant="outline" className="self-start" onClick={() => setB(undefined)}>
              {t("remove_b")}
            </Button>
          </>
        ) : (
          <Button type="button" variant="outline" className="self-start" onClick={() => setB(EMPTY)}>
            {t("add_b")}
          </Button>
        )}
        {preview?.samples.length ? (
          <div className="flex flex-col gap-2" data-testid="campaign-samples">
            <p className="text-sm font-medium">{t("samples")}</p>
            {preview.samples.map((sample) => (
              <figure
                key={`${sample.customer_id}-${sample.variant}`}
                className="rounded-md bg-muted p-3 text-sm"
              >
                <figcaption className="mb-1 text-xs text-muted-foreground">
                  {t("sample_for", { name: sample.name, variant: sample.variant })}
                </figcaption>
                <p className="whitespace-pre-wrap">{sample.text}</p>
              </figure>
            ))}
          </div>
        ) : null}
        <Failure text={previewFailure} />
      </fieldset>

      <fieldset className="flex flex-col gap-3">
        <legend className="mb-2 font-medium">{t("when")}</legend>
        <div className="flex flex-wrap gap-3">
          <Field id="campaign-start-day" label={t("start_day")}>
            <Input
              id="campaign-start-day"
              type="date"
              value={startDay}
              onChange={(e) => setStartDay(e.target.value)}
              className="w-44"
            />
          </Field>
          <Field id="campaign-start-time" label={t("start_time")}>
            <Input
              id="campaign-start-time"
              type="time"
              value={startTime}
              onChange={(e) => setStartTime(e.target.value)}
              className="w-32"
            />
          </Field>
          <Field id="campaign-daily-cap" label={t("daily_cap")}>
            <Input
              id="campaign-daily-cap"
              type="number"
              min={1}
              max={5000}
              value={dailyCap}
              onChange={(e) => setDailyCap(e.target.value)}
              className="w-32"
            />
          </Field>
        </div>
        {preview ? (
          <p className="text-sm text-muted-foreground" data-testid="campaign-projection">
            {t("budget", { budget: preview.budget_per_day })}{" "}
            {preview.projected_finish
              ? t("projected", { at: format.dateTime(preview.projected_finish) })
              : t("never")}
          </p>
        ) : null}
      </fieldset>

      <Failure text={failure} />
      <div className="flex gap-2">
        <Button type="submit" disabled={!ready || busy}>
          {t("schedule")}
        </Button>
        <Button type="button" variant="outline" disabled={!ready || busy} onClick={() => void save(false)}>
          {t("save_draft")}
        </Button>
      </div>
    </form>
  );
}

function Field({ id, label, children }: { id: string; label: string; children: React.ReactNode }) {
  return (
    <div className="flex flex-col gap-1">
      <Label htmlFor={id}>{label}</Label>
      {children}
    </div>
  );
}

function VariantFields({
  id,
  label,
  value,
  onChange,
  picture,
}: {
  id: string;
  label: string;
  value: Texts;
  onChange: (next: Texts) => void;
  picture: PhotoUploads;
}) {
  const t = useTranslations("campaigns");
  return (
    <div className="grid gap-3 md:grid-cols-2">
      <div className="md:col-span-2">
        <PhotoPicker
          id={`campaign-${id}-picture`}
          label={t("picture", { variant: label })}
          uploads={picture}
        />
      </div>
      {(["en", "ms"] as const).map((lang) => (
        <div key={lang} className="flex flex-col gap-1">
          <Label htmlFor={`campaign-${id}-${lang}`}>{t(`text_${lang}`, { variant: label })}</Label>
          <textarea
            id={`campaign-${id}-${lang}`}
            value={value[lang]}
            maxLength={1000}
            required={lang === "en"}
            onChange={(e) => onChange({ ...value, [lang]: e.target.value })}
            className="min-h-24 rounded-md border border-input bg-background px-3 py-2 text-sm"
          />
        </div>
      ))}
    </div>
  );
}

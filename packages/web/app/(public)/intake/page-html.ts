import { type CustomField, DEVICE_CATEGORIES, MAX_PHOTOS, type PublicIntake } from "@/lib/intake-form";
import type { Locale } from "@/lib/locale";
import { attrs, Html, html, scriptJson } from "../_lib/html";
import type { translator } from "../_lib/locale";
import { type EnhanceConfig, enhance } from "./enhance";
import { INTAKE_CSS } from "./styles";

type T = ReturnType<typeof translator<"intake">>;

/** The largest photo the API takes (PHOTO_MAX_BYTES in core). */
const PHOTO_MAX_BYTES = 8 * 1024 * 1024;
const BRANDS = [
  "Apple",
  "Samsung",
  "Xiaomi",
  "Oppo",
  "Vivo",
  "Huawei",
  "Honor",
  "Realme",
  "Infinix",
  "Lenovo",
  "HP",
  "Dell",
  "Asus",
  "Acer",
  "Sony",
  "Nintendo",
];

export type PageContext = {
  locale: Locale;
  t: T;
  nonce: string;
  /** This page's path and query, for the language links to come back to. */
  here: string;
};

const idOf = (path: string) => `f-${path.replaceAll(".", "-").replaceAll("_", "-")}`;

function page(ctx: PageContext, title: string, top: Html, body: Html, script?: Html) {
  return html`<!DOCTYPE html>
<html lang="${ctx.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<meta name="theme-color" content="#ffffff" media="(prefers-color-scheme: light)">
<meta name="theme-color" content="#0f1a1f" media="(prefers-color-scheme: dark)">
<link rel="icon" href="/icons/icon.svg" type="image/svg+xml">
<style nonce="${ctx.nonce}">${new Html(INTAKE_CSS)}</style>
</head>
<body>
${top}
<main id="main">
${body}
</main>
${script ?? ""}
</body>
</html>`;
}

function languageLinks(ctx: PageContext) {
  const options: { locale: Locale; name: string }[] = [
    { locale: "en", name: "English" },
    { locale: "ms", name: "Bahasa Melayu" },
  ];
  return html`<nav class="langs" aria-label="${ctx.t("language")}">${options.map(
    (option) =>
      html`<a href="/language?to=${option.locale}&amp;next=${encodeURIComponent(ctx.here)}"${attrs({
        lang: option.locale,
        hreflang: option.locale,
        "aria-current": option.locale === ctx.locale ? "true" : undefined,
      })}>${option.locale === "en" ? "EN" : "BM"}<span class="sr-only"> ${option.name}</span></a>`,
  )}</nav>`;
}

function header(ctx: PageContext, shop?: PublicIntake["shop"]) {
  return html`<header class="top"><div class="top-in">
${shop?.logo_url ? html`<img class="logo" src="${shop.logo_url}" alt="" width="44" height="44">` : ""}
<div class="shop">${shop ? html`<p class="shop-name">${shop.name}</p>${shop.phone ? html`<p class="shop-phone">${shop.phone}</p>` : ""}` : ""}</div>
${languageLinks(ctx)}
</div></header>`;
}

/** Plain-words names of every path the API may name, in the page's language. */
function fieldLabels(t: T, locale: Locale, customFields: CustomField[]): Record<string, string> {
  const labels: Record<string, string> = {
    name: t("fields.name"),
    phone: t("fields.phone"),
    email: t("fields.email"),
    address: t("fields.address"),
    "device.category": t("fields.device_category"),
    "device.brand": t("fields.device_brand"),
    "device.model": t("fields.device_model"),
    "device.serial": t("fields.device_serial"),
    "device.imei": t("fields.device_imei"),
    problem: t("fields.problem"),
    accessories: t("fields.accessories"),
    condition: t("fields.condition"),
    passcode: t("fields.passcode"),
    photos: t("fields.photos"),
    photo_keys: t("fields.photos"),
    upload_session: t("fields.upload_session"),
    terms_accepted: t("fields.terms_accepted"),
    whatsapp_opt_in: t("fields.whatsapp_opt_in"),
    form_version: t("fields.form_version"),
    language: t("fields.language"),
    website: t("fields.website"),
  };
  for (const field of customFields) labels[`custom.${field.key}`] = field.label[locale];
  return labels;
}

type FieldOptions = {
  path: string;
  label: string;
  required: boolean;
  hint?: string;
  invalid: boolean;
  control: (common: Html) => Html;
  after?: Html;
};

/** One labelled field: its hint and its error slot are tied to the control by aria-describedby. */
function field(ctx: PageContext, options: FieldOptions) {
  const id = idOf(options.path);
  const describedBy = [options.hint ? `${id}-hint` : "", `${id}-error`].filter(Boolean).join(" ");
  const common = attrs({
    id,
    name: options.path,
    required: options.required,
    "aria-describedby": describedBy,
    "aria-invalid": options.invalid ? "true" : undefined,
  });
  return html`<div class="field" data-field="${options.path}">
<label for="${id}">${options.label}${options.required ? "" : html` <span class="opt">${ctx.t("optional")}</span>`}</label>
${options.hint ? html`<p class="hint" id="${id}-hint">${options.hint}</p>` : ""}
${options.control(common)}
${options.after ?? ""}
<p class="error" id="${id}-error"${attrs({ hidden: !options.invalid })}>${options.invalid ? ctx.t("errors.field") : ""}</p>
</div>`;
}

/** The summary of a failed form post, from `?error=&fields=`: only known codes and known fields are shown. */
function postError(ctx: PageContext, code: string, fields: string[], labels: Record<string, string>) {
  const t = ctx.t;
  const shown = fields.filter((path) => labels[path] ?? labels[path.split(".")[0]!]);
  const lead = fields.includes("upload_session")
    ? t("errors.expired")
    : code === "request.invalid"
      ? t("errors.request_invalid")
      : code === "photo.not_uploaded"
        ? t("errors.photo_not_uploaded")
        : code === "auth.rate_limited"
          ? t("errors.auth_rate_limited")
          : code === "internal"
            ? t("errors.internal")
            : t("errors.generic", { code: /^[a-z_.]{1,40}$/.test(code) ? code : "?" });
  return html`<p class="alert-title">${t("errors.title")}</p>
<p>${lead} ${t("errors.again")}</p>
${
  shown.length
    ? html`<p>${t("errors.check")}</p><ul>${shown.map(
        (path) =>
          html`<li><a href="#${idOf(path.startsWith("photo_keys") ? "photos" : path)}">${labels[path] ?? labels[path.split(".")[0]!]}</a></li>`,
      )}</ul>`
    : ""
}`;
}

export function intakePage(
  ctx: PageContext,
  data: PublicIntake,
  posted: { error: string | null; fields: string[] },
) {
  const { t, locale } = ctx;
  const { definition, version } = data.form;
  const optional = definition.optional_fields;
  const labels = fieldLabels(t, locale, definition.custom_fields);
  const failed = posted.error
    ? new Set(posted.fields.map((p) => (p.startsWith("photo_keys") ? "photos" : p)))
    : new Set<string>();
  if (failed.has("upload_session")) failed.add("photos");
  const invalid = (path: string) => failed.has(path);

  const text = (
    path: string,
    label: string,
    required: boolean,
    extra: {
      type?: string;
      autocomplete?: string;
      inputmode?: string;
      pattern?: string;
      hint?: string;
      list?: string;
      maxlength?: number;
    } = {},
  ) =>
    field(ctx, {
      path,
      label,
      required,
      hint: extra.hint,
      invalid: invalid(path),
      control: (common) =>
        html`<input${common}${attrs({
          type: extra.type ?? "text",
          autocomplete: extra.autocomplete ?? "off",
          inputmode: extra.inputmode,
          pattern: extra.pattern,
          list: extra.list,
          maxlength: extra.maxlength,
        })}>`,
    });
  const area = (path: string, label: string, required: boolean, hint?: string, maxlength = 500) =>
    field(ctx, {
      path,
      label,
      required,
      hint,
      invalid: invalid(path),
      control: (common) => html`<textarea${common}${attrs({ rows: 3, maxlength })}></textarea>`,
    });
  const when = (name: keyof typeof optional, render: (required: boolean) => Html) =>
    optional[name].enabled ? render(optional[name].required) : "";

  const custom = definition.custom_fields.map((f) => {
    const path = `custom.${f.key}`;
    const label = f.label[locale];
    if (f.kind === "checkbox")
      return html`<div class="field" data-field="${path}"><div class="check">
<input type="checkbox"${attrs({ id: idOf(path), name: path, required: f.required, "aria-describedby": `${idOf(path)}-error`, "aria-invalid": invalid(path) ? "true" : undefined })}>
<label for="${idOf(path)}">${label}${f.required ? "" : html` <span class="opt">${t("optional")}</span>`}</label>
</div><p class="error" id="${idOf(path)}-error"${attrs({ hidden: !invalid(path) })}>${invalid(path) ? t("errors.field") : ""}</p></div>`;
    if (f.kind === "select")
      return field(ctx, {
        path,
        label,
        required: f.required,
        invalid: invalid(path),
        control: (common) =>
          html`<select${common}><option value="">${t("choose")}</option>${(f.options ?? []).map(
            (o) => html`<option value="${o.value}">${o.label[locale]}</option>`,
          )}</select>`,
      });
    if (f.kind === "textarea") return area(path, label, f.required, undefined, 1000);
    return text(path, label, f.required, { maxlength: 1000 });
  });

  // With JavaScript the photos upload from inside the form (enhance.ts shows this field);
  // without it, from the storage form above the main one, and only their keys are posted.
  const photos = when(
    "photos",
    (required) =>
      html`<div data-js-photos hidden>${field(ctx, {
        path: "photos",
        label: t("fields.photos"),
        required,
        hint: t("hints.photos", { max: MAX_PHOTOS }),
        invalid: invalid("photos"),
        control: (common) =>
          html`<input type="file"${common} accept="image/jpeg,image/png,image/webp" capture="environment" multiple>`,
        after: html`<ul class="photos" id="photo-list" aria-live="polite"></ul><p class="hint" id="photo-message" role="status" hidden></p>`,
      })}</div>${data.photos.map((photo) => html`<input type="hidden" name="photo_keys" value="${photo.key}">`)}`,
  );
  const storageForm = when("photos", (required) =>
    data.photo_post || data.photos.length
      ? html`<noscript><section class="nojs-photos" aria-labelledby="nojs-photos-title">
<h2 id="nojs-photos-title">${t("fields.photos")}${required ? "" : html` <span class="opt">${t("optional")}</span>`}</h2>
<p class="hint">${t("photos.nojs_hint", { max: MAX_PHOTOS })}</p>
${data.photos.length ? html`<ul class="photos">${data.photos.map((photo, index) => html`<li><img src="${photo.url}" alt="${t("photos.nojs_alt", { n: index + 1 })}"><span class="ok">${t("photos.uploaded")}</span></li>`)}</ul>` : ""}
${
  data.photo_post
    ? html`<form method="post" action="${data.photo_post.url}" enctype="multipart/form-data">
${Object.entries(data.photo_post.fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<div class="field"><label for="f-nojs-photo">${t("photos.nojs_choose")}</label>
<input type="file" id="f-nojs-photo" name="file" accept="image/jpeg,image/png,image/webp" capture="environment" required></div>
<button type="submit" class="btn btn-secondary">${t("photos.nojs_upload")}</button>
</form>`
    : ""
}
</section></noscript>`
      : html``,
  );

  const agreement = (
    path: "terms_accepted" | "whatsapp_opt_in",
    label: string,
    required: boolean,
    hint?: string,
  ) =>
    html`<div class="check-field" data-field="${path}"><div class="check">
<input type="checkbox"${attrs({
      id: idOf(path),
      name: path,
      required,
      "aria-describedby": [hint ? `${idOf(path)}-hint` : "", `${idOf(path)}-error`].filter(Boolean).join(" "),
      "aria-invalid": invalid(path) ? "true" : undefined,
    })}>
<label for="${idOf(path)}">${label}</label>
</div>${hint ? html`<p class="hint" id="${idOf(path)}-hint">${hint}</p>` : ""}<p class="error" id="${idOf(path)}-error"${attrs({ hidden: !invalid(path) })}>${invalid(path) ? t("errors.field") : ""}</p></div>`;

  const config: EnhanceConfig = {
    locale,
    maxPhotos: MAX_PHOTOS,
    maxBytes: PHOTO_MAX_BYTES,
    labels,
    t: {
      submit: t("submit"),
      sending: t("sending"),
      uploading: t("photos.uploading", { percent: "{percent}" }),
      uploaded: t("photos.uploaded"),
      failed: t("photos.failed"),
      remove: t("photos.remove"),
      tooMany: t("photos.too_many", { max: "{max}" }),
      wrongType: t("photos.wrong_type", { name: "{name}" }),
      tooLarge: t("photos.too_large", { name: "{name}", mb: "{mb}" }),
      waiting: t("photos.waiting"),
      title: t("errors.title"),
      check: t("errors.check"),
      requestInvalid: t("errors.request_invalid"),
      photoNotUploaded: t("errors.photo_not_uploaded"),
      rateLimited: t("errors.auth_rate_limited"),
      rateLimitedMinutes: t("errors.rate_limited_minutes", { minutes: "{minutes}" }),
      internal: t("errors.internal"),
      network: t("errors.network"),
      generic: t("errors.generic", { code: "{code}" }),
      expired: t("errors.expired"),
      field: t("errors.field"),
      required: t("errors.required"),
    },
  };

  const body = html`<h1>${t("title")}</h1>
<p class="intro">${t("intro")}</p>
<div class="alert" id="form-errors" role="alert" tabindex="-1"${attrs({ hidden: !posted.error })}>${
    posted.error ? postError(ctx, posted.error, posted.fields, labels) : ""
  }</div>
${storageForm}
<form method="post" action="/api/public/intake" data-intake>
<input type="hidden" name="form_version" value="${version}">
<input type="hidden" name="upload_session" value="${data.upload_session}">
<input type="hidden" name="language" value="${locale}">
<div class="hp" aria-hidden="true"><label for="f-website">${t("honeypot")}</label><input type="text" id="f-website" name="website" value="" tabindex="-1" autocomplete="off"></div>
<fieldset><legend>${t("sections.you")}</legend>
${text("name", t("fields.name"), true, { autocomplete: "name", maxlength: 120 })}
${text("phone", t("fields.phone"), true, { type: "tel", autocomplete: "tel", inputmode: "tel", hint: t("hints.phone"), maxlength: 40 })}
${when("email", (required) => text("email", t("fields.email"), required, { type: "email", autocomplete: "email", maxlength: 254 }))}
${when("address", (required) => area("address", t("fields.address"), required))}
</fieldset>
<fieldset><legend>${t("sections.device")}</legend>
${field(ctx, {
  path: "device.category",
  label: t("fields.device_category"),
  required: true,
  invalid: invalid("device.category"),
  control: (common) =>
    html`<select${common}><option value="">${t("choose")}</option>${DEVICE_CATEGORIES.map(
      (c) => html`<option value="${c}">${t(`categories.${c}`)}</option>`,
    )}</select>`,
})}
${text("device.brand", t("fields.device_brand"), true, { list: "brands", maxlength: 60 })}
<datalist id="brands">${BRANDS.map((b) => html`<option value="${b}"></option>`)}</datalist>
${text("device.model", t("fields.device_model"), true, { maxlength: 80 })}
${when("serial", (required) => text("device.serial", t("fields.device_serial"), required, { maxlength: 80 }))}
${when("imei", (required) =>
  text("device.imei", t("fields.device_imei"), required, {
    inputmode: "numeric",
    pattern: "[0-9]{15}",
    hint: t("hints.device_imei"),
    maxlength: 15,
  }),
)}
${when("passcode", (required) => text("passcode", t("fields.passcode"), required, { hint: t("hints.passcode"), maxlength: 100 }))}
${when("accessories", (required) => area("accessories", t("fields.accessories"), required, t("hints.accessories")))}
${when("condition", (required) => area("condition", t("fields.condition"), required, t("hints.condition")))}
</fieldset>
<fieldset><legend>${t("sections.problem")}</legend>
${area("problem", t("fields.problem"), true, t("hints.problem"), 2000)}
${photos}
</fieldset>
${custom.length ? html`<fieldset><legend>${t("sections.more")}</legend>${custom}</fieldset>` : ""}
<fieldset><legend>${t("sections.agree")}</legend>
${agreement("terms_accepted", definition.terms_text[locale], true)}
${agreement("whatsapp_opt_in", definition.consent_text[locale], false, t("hints.whatsapp_opt_in"))}
</fieldset>
<button type="submit" class="btn">${t("submit")}</button>
</form>`;

  const script = html`<script nonce="${ctx.nonce}">(${new Html(enhance.toString())})(${scriptJson(config)});</script>`;
  return page(ctx, `${t("page_title")} · ${data.shop.name}`, header(ctx, data.shop), body, script);
}

/** When the form itself cannot be loaded: say so plainly, with a way to try again. */
export function unavailablePage(ctx: PageContext) {
  const { t } = ctx;
  return page(
    ctx,
    t("page_title"),
    header(ctx),
    html`<div class="alert" role="alert"><p class="alert-title">${t("unavailable.title")}</p><p>${t("unavailable.body")}</p></div>
<a class="btn" href="${ctx.here}">${t("unavailable.retry")}</a>`,
  );
}

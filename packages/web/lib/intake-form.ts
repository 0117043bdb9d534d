/**
 * The intake form as the API describes it (GET /api/public/intake, GET/PUT /api/intake-form).
 * The web app is a client of /api only, so these mirror packages/core/src/intake/form.ts.
 */
export const OPTIONAL_FIELDS = [
  "email",
  "address",
  "serial",
  "imei",
  "accessories",
  "condition",
  "passcode",
  "photos",
] as const;
export type OptionalField = (typeof OPTIONAL_FIELDS)[number];

export const CUSTOM_KINDS = ["text", "textarea", "select", "checkbox"] as const;
export type CustomKind = (typeof CUSTOM_KINDS)[number];

export const DEVICE_CATEGORIES = [
  "phone",
  "tablet",
  "laptop",
  "desktop",
  "watch",
  "console",
  "other",
] as const;

/** As many photos as one request may carry (MAX_PHOTOS in core). */
export const MAX_PHOTOS = 5;

export type Bilingual = { en: string; ms: string };
export type Toggle = { enabled: boolean; required: boolean };
export type CustomField = {
  key: string;
  label: Bilingual;
  kind: CustomKind;
  required: boolean;
  options?: { value: string; label: Bilingual }[];
};
export type Definition = {
  optional_fields: Record<OptionalField, Toggle>;
  custom_fields: CustomField[];
  consent_text: Bilingual;
  terms_text: Bilingual;
};

export type PublicIntake = {
  /** The texts come with the shop's name already filled in: exactly what the customer agrees to. */
  form: { version: number; definition: Definition };
  upload_session: string;
  /** Photos this filling already put in storage (the page without JavaScript). */
  photos: { key: string; url: string }[];
  /** A form that posts one photo straight to storage and comes back here; null when full. */
  photo_post: { url: string; fields: Record<string, string> } | null;
  shop: { name: string; phone: string; logo_url: string | null };
};

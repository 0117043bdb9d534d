/**
 * A repair request as the public intake form sends it, from a new customer at `phone` who opts
 * in to WhatsApp. No imports: browser tests use it too, and the dashboard's type check reads it.
 */
export function intakeRequest(
  form: { form: { version: number }; upload_session: string },
  phone: string,
  language: "en" | "ms" = "en",
) {
  return {
    form_version: form.form.version,
    language,
    name: "Siti Hajar",
    phone,
    device: { category: "phone", brand: "Xiaomi", model: "Redmi Note 13" },
    problem: "Does not charge",
    terms_accepted: true,
    whatsapp_opt_in: true,
    upload_session: form.upload_session,
  };
}

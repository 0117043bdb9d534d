import { createHmac } from "node:crypto";
import { eq } from "drizzle-orm";
import { jwtVerify, SignJWT } from "jose";
import * as z from "zod";
import { Blob } from "../blob/index";
import { customerTable } from "../customer/customer.sql";
import { Customer } from "../customer/index";
import { createTransaction } from "../db/transaction";
import { VisibleError } from "../error";
import { Link } from "../link/index";
import { log } from "../log";
import { Message } from "../message/index";
import { RateLimit } from "../ratelimit/index";
import { Template } from "../template/index";
import { addEvent, label, sealPasscode } from "../ticket/base";
import { workTicketTable } from "../ticket/ticket.sql";
import { useClock } from "../util/clock";
import { createId } from "../util/id";
import { type Issue, inputError } from "../util/issues";
import { authSecret } from "../util/keys";
import { byVersion, current, MAX_PHOTOS } from "./form";
import { intakeFormTable } from "./intake.sql";

export { current as currentForm, Definition, publish as publishForm } from "./form";
export * as Intake from "./index";

/** Intake submissions per client address per hour: enough for a busy counter, not for a bot. */
export const SUBMISSIONS_PER_IP_PER_HOUR = 20;
const UPLOAD_SESSION_HOURS = 3;
const PHOTO_TYPES = { "image/jpeg": "jpg", "image/png": "png", "image/webp": "webp" } as const;
export const PHOTO_MAX_BYTES = 8 * 1024 * 1024;

const uploadKey = () => new Uint8Array(createHmac("sha256", authSecret()).update("intake-upload").digest());

/**
 * A token for one filling of the form: photos it uploads live under intake/<nonce>/, and the
 * submission may only name photos under its own nonce. A key from another form is refused.
 */
export async function uploadSession(): Promise<string> {
  const now = Math.floor(useClock().now().getTime() / 1000);
  return new SignJWT({ nonce: createId() })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuedAt(now)
    .setExpirationTime(now + UPLOAD_SESSION_HOURS * 3600)
    .sign(uploadKey());
}

async function nonceOf(token: string | undefined, path: string): Promise<string> {
  try {
    const { payload } = await jwtVerify(token ?? "", uploadKey(), { currentDate: useClock().now() });
    return String(payload.nonce);
  } catch {
    throw new VisibleError(
      "photo.not_uploaded",
      `${path}: the form expired; reload it and add the photos again.`,
      { path },
    );
  }
}

export const PhotoUpload = z.object({
  upload_session: z.string().min(1),
  content_type: z.enum(
    Object.keys(PHOTO_TYPES) as [keyof typeof PHOTO_TYPES, ...(keyof typeof PHOTO_TYPES)[]],
  ),
});

/** A presigned PUT for one intake photo, under this form's nonce. */
export async function presignPhoto(input: z.input<typeof PhotoUpload>) {
  const { upload_session, content_type } = PhotoUpload.parse(input);
  const nonce = await nonceOf(upload_session, "upload_session");
  const key = `intake/${nonce}/${createId()}.${PHOTO_TYPES[content_type]}`;
  const url = await Blob.useStore().presignPut(key, { contentType: content_type, expiresIn: 900 });
  return { key, upload_url: url, max_bytes: PHOTO_MAX_BYTES };
}

/** Stores a photo sent with the form itself (the page without JavaScript posts the files). */
export async function storePostedPhoto(uploadSessionToken: string, file: { body: Uint8Array; type: string }) {
  const ext = PHOTO_TYPES[file.type as keyof typeof PHOTO_TYPES];
  if (!ext)
    throw new VisibleError("photo.not_uploaded", "photos: use JPEG, PNG or WebP photos.", { path: "photos" });
  if (file.body.byteLength > PHOTO_MAX_BYTES)
    throw new VisibleError("photo.not_uploaded", "photos: a photo is over 8 MB.", { path: "photos" });
  const nonce = await nonceOf(uploadSessionToken, "upload_session");
  const key = `intake/${nonce}/${createId()}.${ext}`;
  await Blob.useStore().put(key, file.body, { contentType: file.type });
  return key;
}

const optional = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    .optional()
    .transform((v) => v || undefined);

export const Submission = z.object({
  form_version: z.coerce.number().int().min(1),
  language: z.enum(["en", "ms"]).default("en"),
  name: z.string().trim().min(1, "Enter your name").max(120),
  phone: z.string().trim().min(1, "Enter your phone number"),
  email: optional(254).pipe(z.email().optional()),
  address: optional(500),
  device: Customer.DeviceInput.extend({
    serial: optional(80),
    imei: optional(15).pipe(
      z
        .string()
        .regex(/^\d{15}$/, "An IMEI has 15 digits")
        .optional(),
    ),
  }),
  problem: z.string().trim().min(3, "Tell us what is wrong").max(2000),
  accessories: optional(500),
  condition: optional(500),
  passcode: optional(100),
  custom: z.record(z.string(), z.union([z.string().max(1000), z.boolean()])).default({}),
  photo_keys: z.array(z.string().max(300)).max(MAX_PHOTOS).default([]),
  upload_session: z.string().optional(),
  terms_accepted: z.literal(true, "Accept the terms to continue"),
  whatsapp_opt_in: z.boolean().default(false),
  /** Honeypot: hidden from people; a bot fills it. */
  website: z.string().max(0, "Leave this empty").optional(),
});
export type Submission = z.infer<typeof Submission>;

export type Meta = { ip?: string; userAgent?: string };

const issue = (path: (string | number)[], message: string): Issue => ({ path, message });

/**
 * A customer's repair request, all in one transaction: the customer merged by phone, the
 * device matched by serial/IMEI or made, consents kept with their evidence, the form
 * answers kept as given, and the ticket opened (NEW) with its CREATED event. After commit,
 * and only if the customer opted in, the WhatsApp acknowledgement with the ticket number and
 * status link. Bad input is a 400 naming the field, and nothing is written.
 */
export async function submit(input: unknown, meta: Meta = {}) {
  const parsed = Submission.parse(input);
  const limit = await RateLimit.hit(`intake:ip:${meta.ip ?? "unknown"}`, SUBMISSIONS_PER_IP_PER_HOUR, 3600);
  if (!limit.allowed)
    throw new VisibleError("auth.rate_limited", "Too many repair requests from this address.", {
      retry_after: limit.retryAfterSeconds,
    });

  const form = (await byVersion(parsed.form_version)) ?? (await current());
  const { optional_fields: optionalFields, custom_fields: customFields } = form.definition;
  const phone = Customer.Identity.shape.phone.safeParse(parsed.phone);
  const issues: Issue[] = [];
  if (!phone.success) issues.push(issue(["phone"], "Not a valid phone number"));
  for (const field of ["email", "address", "accessories", "condition", "passcode"] as const)
    if (optionalFields[field].enabled && optionalFields[field].required && !parsed[field])
      issues.push(issue([field], "Required"));
  for (const field of ["serial", "imei"] as const)
    if (optionalFields[field].enabled && optionalFields[field].required && !parsed.device[field])
      issues.push(issue(["device", field], "Required"));
  if (optionalFields.photos.enabled && optionalFields.photos.required && !parsed.photo_keys.length)
    issues.push(issue(["photo_keys"], "Add at least one photo"));
  for (const field of customFields)
    if (
      field.required &&
      (parsed.custom[field.key] === undefined ||
        parsed.custom[field.key] === "" ||
        parsed.custom[field.key] === false)
    )
      issues.push(issue(["custom", field.key], "Required"));
  if (issues.length) throw inputError(issues);

  if (parsed.photo_keys.length) {
    const nonce = await nonceOf(parsed.upload_session, "upload_session");
    for (const [index, key] of parsed.photo_keys.entries()) {
      const stored = key.startsWith(`intake/${nonce}/`) ? await Blob.useStore().head(key) : undefined;
      if (!stored?.contentType?.startsWith("image/"))
        throw new VisibleError(
          "photo.not_uploaded",
          `photo_keys.${index}: that photo was not uploaded by this form.`,
          {
            path: `photo_keys.${index}`,
          },
        );
    }
  }

  const now = useClock().now();
  const source = `intake_form:v${form.version}`;
  const created = await createTransaction(async (tx) => {
    const customer = await Customer.upsertByPhone.force({
      phone: phone.data!,
      name: parsed.name,
      email: parsed.email,
      address: parsed.address,
      language: parsed.language,
    });
    const device = await Customer.matchOrCreateDevice(customer.id, parsed.device);
    const evidence = { ip: meta.ip, user_agent: meta.userAgent?.slice(0, 300), form_version: form.version };
    await Customer.recordConsent({
      customerId: customer.id,
      kind: "terms",
      granted: true,
      source,
      textShown: form.definition.terms_text[parsed.language],
      evidence,
    });
    if (parsed.whatsapp_opt_in)
      await Customer.recordConsent({
        customerId: customer.id,
        kind: "whatsapp",
        granted: true,
        source,
        textShown: form.definition.consent_text[parsed.language],
        evidence,
      });
    const [intake] = await tx
      .insert(intakeFormTable)
      .values({
        form_version: form.version,
        customer_id: customer.id,
        device_id: device.id,
        customer_snapshot: {
          name: parsed.name,
          phone: customer.phone,
          email: parsed.email ?? null,
          address: parsed.address ?? null,
        },
        device_snapshot: { ...parsed.device },
        answers: {
          problem: parsed.problem,
          accessories: parsed.accessories ?? null,
          condition: parsed.condition ?? null,
          has_passcode: Boolean(parsed.passcode),
          custom: parsed.custom,
          whatsapp_opt_in: parsed.whatsapp_opt_in,
          language: parsed.language,
        },
        photo_keys: parsed.photo_keys,
        terms_accepted_at: now,
        source_ip: meta.ip,
        user_agent: meta.userAgent?.slice(0, 300),
      })
      .returning();
    const [ticket] = await tx
      .insert(workTicketTable)
      .values({
        customer_id: customer.id,
        device_id: device.id,
        intake_form_id: intake!.id,
        problem: parsed.problem,
        device_passcode: parsed.passcode ? sealPasscode(parsed.passcode) : null,
      })
      .returning();
    await addEvent(ticket!.id, "CREATED", { photoKeys: parsed.photo_keys, data: { source } });
    // Re-read: the consent just recorded may have changed whatsapp_consent.
    const [fresh] = await tx.select().from(customerTable).where(eq(customerTable.id, customer.id));
    return { ticket: ticket!, customer: fresh!, device };
  });

  const token = await Link.signTicket(created.ticket.id);
  const statusUrl = Link.statusUrl(token);
  if (created.customer.whatsapp_consent === "opted_in") {
    const text = await Template.render("ack", created.customer.language, {
      customer_name: created.customer.name,
      ticket_number: label(created.ticket.number),
      device: `${created.device.brand} ${created.device.model}`,
      status_link: statusUrl,
    });
    // The ticket exists whatever happens to the message: a failed send is marked failed in
    // the ledger, and the customer still gets the confirmation page.
    await Message.send({
      to: created.customer.phone,
      text,
      lane: "tx",
      author: "system",
      ticket_id: created.ticket.id,
    }).catch((error: unknown) =>
      log.error("intake acknowledgement not queued", error, { ticket: label(created.ticket.number) }),
    );
  }
  return { ticket_number: label(created.ticket.number), status_url: statusUrl, status_token: token };
}

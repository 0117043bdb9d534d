import { randomInt } from "node:crypto";
import { and, asc, desc, eq, inArray, sql } from "drizzle-orm";
import * as z from "zod";
import { useActor } from "../actor";
import { Audit, actorId } from "../audit/index";
import { Upload } from "../blob/upload";
import { consentTable, customerTable } from "../customer/customer.sql";
import { createTransaction, rows, useTransaction } from "../db/transaction";
import { VisibleError } from "../error";
import { log } from "../log";
import { Message } from "../message/index";
import { waMessageTable } from "../message/message.sql";
import { toCsv } from "../report/csv";
import { Settings } from "../settings/index";
import { useClock } from "../util/clock";
import { fn } from "../util/fn";
import { startOfDay } from "../util/zone";
import {
  count,
  EXCLUSIONS,
  type Exclusion,
  Filter,
  lastVisitOf,
  latestDeviceOf,
  type Member,
  members,
  recentlyMessaged,
} from "./audience";
import { type CampaignVariant, campaignLogTable, campaignStatus, campaignTable } from "./campaign.sql";
import {
  dailyBudget,
  type Health,
  health,
  lastAllowedBefore,
  type Outcomes,
  projectFinish,
  release,
  type Throttle,
} from "./governor";
import { MessageText, PLACEHOLDERS, render } from "./text";

export * as Campaign from "./index";
export { tick } from "./job";
export { Filter, PLACEHOLDERS };

type Row = typeof campaignTable.$inferSelect;
export const Status = z.enum(campaignStatus.enumValues);

export const Variant = z.object({
  key: z.enum(["A", "B"]),
  /** Its share of the recipients, against the other variant's. */
  weight: z.number().int().min(1).max(99).default(50),
  text: z.object({ en: MessageText, ms: MessageText.optional() }),
  /** A picture uploaded to POST /api/campaigns/images, sent with the text as its caption. */
  image_key: z.string().min(1).max(300).optional(),
});

export const CreateInput = z.object({
  name: z.string().trim().min(1).max(120),
  audience: Filter.default({}),
  variants: z
    .array(Variant)
    .min(1)
    .max(2)
    .refine((v) => new Set(v.map((x) => x.key)).size === v.length, "Each variant needs its own key (A, B)"),
  /** The segment's own cap per day, under the number's budget. */
  daily_cap: z.number().int().min(1).max(5000).nullish(),
});
export const UpdateInput = CreateInput.partial();
export const ScheduleInput = z.object({
  /** When sending may start (the governor still waits for the quiet hours to end); now when left out. */
  at: z.iso.datetime({ offset: true }).optional(),
});
export const WinnerInput = z.object({ variant: z.enum(["A", "B"]) });
export const PreviewInput = CreateInput.pick({ audience: true, variants: true, daily_cap: true }).extend({
  /** How many recipients to show the message for (the first eligible ones). */
  samples: z.number().int().min(0).max(10).default(3),
});

const ExclusionCounts = z.object(
  Object.fromEntries(EXCLUSIONS.map((r) => [r, z.number().int()])) as Record<Exclusion, z.ZodNumber>,
);

export const View = z.object({
  id: z.uuid(),
  name: z.string(),
  status: Status,
  audience: Filter,
  variants: z.array(Variant),
  daily_cap: z.number().int().nullable(),
  winner: z.enum(["A", "B"]).nullable(),
  scheduled_at: z.string().nullable(),
  started_at: z.string().nullable(),
  completed_at: z.string().nullable(),
  next_send_at: z.string().nullable(),
  /** "owner", or the health signal that paused it: "failures", "restrictions", "opt_outs". */
  paused_reason: z.string().nullable(),
  created_at: z.string(),
  /** Recipients planned when it was scheduled, how many still wait, and how many were released. */
  progress: z.object({ recipients: z.number().int(), waiting: z.number().int(), released: z.number().int() }),
  excluded: ExclusionCounts,
  health: z.object({
    score: z.number().int(),
    risk: z.enum(["low", "medium", "high"]),
    pause: z.enum(["failures", "restrictions", "opt_outs"]).optional(),
  }),
});
export type View = z.infer<typeof View>;

const Counts = z.object({
  /** Released onto the bulk lane: sent + failed + cancelled + still_queued. */
  queued: z.number().int(),
  still_queued: z.number().int(),
  /** Handed to WhatsApp (delivered and read included). */
  sent: z.number().int(),
  delivered: z.number().int(),
  read: z.number().int(),
  replied: z.number().int(),
  opted_out: z.number().int(),
  failed: z.number().int(),
  /** Withdrawn before the gateway took it: the customer opted out meanwhile, or the campaign stopped. */
  cancelled: z.number().int(),
});
export const Metrics = z.object({
  campaign_id: z.uuid(),
  recipients: z.number().int(),
  waiting: z.number().int(),
  excluded: ExclusionCounts,
  total: Counts,
  variants: z.array(Counts.extend({ key: z.enum(["A", "B"]), recipients: z.number().int() })),
  /** The variant with the higher reply rate (then read rate), once both have sends; null before. */
  leader: z.enum(["A", "B"]).nullable(),
  health: View.shape.health,
});
export type Metrics = z.infer<typeof Metrics>;

export const Preview = z.object({
  total: z.number().int(),
  eligible: z.number().int(),
  excluded: ExclusionCounts,
  /** The number's budget today, and when this audience would be done at that pace (null: never). */
  budget_per_day: z.number().int(),
  projected_finish: z.string().nullable(),
  samples: z.array(
    z.object({
      customer_id: z.uuid(),
      name: z.string(),
      variant: z.enum(["A", "B"]),
      language: z.enum(["en", "ms"]),
      text: z.string(),
    }),
  ),
});

/** A reply, or a STOP, within this long of a campaign message counts as an answer to it. */
const REPLY_WINDOW = "3 days";

const notFound = () => new VisibleError("campaign.not_found", "No such campaign.");
const wrongState = (row: Pick<Row, "status">, action: string) =>
  new VisibleError("campaign.invalid_state", `A campaign that is ${row.status} cannot be ${action}.`, {
    status: row.status,
  });

async function locked(id: string) {
  const [row] = await useTransaction((tx) =>
    tx.select().from(campaignTable).where(eq(campaignTable.id, id)).for("update"),
  );
  if (!row) throw notFound();
  return row;
}

async function audit(id: string, action: string, diff?: Parameters<typeof Audit.record>[0]["diff"]) {
  await Audit.record({ entity: "campaign", entity_id: id, action, diff });
}

/** A new campaign, as a draft: nothing is sent until it is scheduled. */
/** Where the owner uploads a variant's picture (then names its key in the variant). */
export const presignImage = fn(Upload.UploadRequest, (file) =>
  Upload.presignForStaff(Upload.slots.campaignImage(), file),
);

/** Each variant's picture must be an upload of this slot, really in storage and really an image. */
async function checkImages(variants: z.output<typeof Variant>[]) {
  for (const [i, v] of variants.entries())
    if (v.image_key)
      await Upload.accept(Upload.slots.campaignImage(), v.image_key, `variants.${i}.image_key`);
}

export const create = async (input: z.input<typeof CreateInput>) => {
  const parsed = CreateInput.parse(input);
  await checkImages(parsed.variants);
  const actor = useActor();
  const id = await createTransaction(async (tx) => {
    const [row] = await tx
      .insert(campaignTable)
      .values({
        name: parsed.name,
        audience: parsed.audience,
        variants: parsed.variants,
        daily_cap: parsed.daily_cap ?? null,
        created_by: actor.type === "user" ? actorId(actor) : null,
      })
      .returning({ id: campaignTable.id });
    await audit(row!.id, "created", { name: { from: null, to: parsed.name } });
    return row!.id;
  });
  return get(id);
};

/** Changes a draft; a scheduled or sending campaign is paused or stopped instead. */
export const update = async (id: string, input: z.input<typeof UpdateInput>) => {
  const parsed = UpdateInput.parse(input);
  if (parsed.variants) await checkImages(parsed.variants);
  await createTransaction(async () => {
    const row = await locked(id);
    if (row.status !== "draft") throw wrongState(row, "edited");
    await useTransaction((tx) =>
      tx
        .update(campaignTable)
        .set({
          ...(parsed.name !== undefined ? { name: parsed.name } : {}),
          ...(parsed.audience !== undefined ? { audience: parsed.audience } : {}),
          ...(parsed.variants !== undefined ? { variants: parsed.variants } : {}),
          ...(parsed.daily_cap !== undefined ? { daily_cap: parsed.daily_cap } : {}),
        })
        .where(eq(campaignTable.id, id)),
    );
    await audit(id, "updated");
  });
  return get(id);
};

type Context = { throttle: Throttle; timeZone: string };

async function context(): Promise<Context> {
  const [throttle, shop] = await Promise.all([
    Settings.section("campaign_throttle"),
    Settings.section("shop"),
  ]);
  return { throttle, timeZone: shop.time_zone };
}

/** Days on which the shop's number sent campaign messages before today: the warm-up's step. */
async function sendingDays(now: Date, timeZone: string) {
  const [row] = await rows<{ days: number }>(sql`
    select count(distinct (m.created_at at time zone ${timeZone})::date)::int as days
    from ${waMessageTable} m
    where m.purpose = 'campaign' and m.direction = 'out' and m.status <> 'cancelled'
      and m.created_at < ${startOfDay(now, timeZone)}`);
  return row?.days ?? 0;
}

/** The number's recipients per rolling 24 h today (governor.ts, dailyBudget). */
async function budgetToday(ctx: Context, now: Date) {
  return dailyBudget(ctx.throttle, await sendingDays(now, ctx.timeZone));
}

/** Splits the eligible between the variants by weight, in a random order: the A/B test. */
function assign(eligible: Member[], variants: CampaignVariant[]): Map<string, string> {
  const shuffled = [...eligible];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  const total = variants.reduce((sum, v) => sum + v.weight, 0);
  const firstShare = Math.round((shuffled.length * variants[0]!.weight) / total);
  return new Map(
    shuffled.map((m, i) => [
      m.customer_id,
      (variants.length > 1 && i >= firstShare ? variants[1]! : variants[0]!).key,
    ]),
  );
}

/**
 * Who a draft would reach and what they would read: the eligible and excluded counts (with
 * reasons), the projected finish under today's budget, and the message for a few recipients.
 */
export const preview = async (input: z.input<typeof PreviewInput>): Promise<z.infer<typeof Preview>> => {
  const parsed = PreviewInput.parse(input);
  const now = useClock().now();
  const ctx = await context();
  const [list, budget, texts] = await Promise.all([
    members(parsed.audience, now, ctx.throttle.per_customer_days),
    budgetToday(ctx, now),
    textSettings(),
  ]);
  const counted = count(list);
  const eligible = list.filter((m) => !m.excluded);
  const variants = parsed.variants as CampaignVariant[];
  return Preview.parse({
    ...counted,
    budget_per_day: budget,
    projected_finish:
      projectFinish({
        now,
        throttle: ctx.throttle,
        timeZone: ctx.timeZone,
        budget,
        campaign_cap: parsed.daily_cap,
        waiting: counted.eligible,
      })?.toISOString() ?? null,
    samples: eligible.slice(0, parsed.samples).map((m, i) => {
      const variant = variants[i % variants.length]!;
      return {
        customer_id: m.customer_id,
        name: m.name,
        variant: variant.key,
        ...render(variant, m, texts.shop, texts.footer),
      };
    }),
  });
};

async function textSettings() {
  const [shop, templates] = await Promise.all([
    Settings.section("shop"),
    Settings.section("whatsapp_templates"),
  ]);
  return { shop, footer: templates.opt_out_footer, alertPhone: templates.alert_phone };
}

/**
 * Schedules a draft: its audience is resolved now into one row per customer (planned, with
 * its variant, or excluded with the reason), and the tick starts releasing at `at`.
 */
export const schedule = async (id: string, input: z.input<typeof ScheduleInput>) => {
  const { at } = ScheduleInput.parse(input);
  const now = useClock().now();
  const ctx = await context();
  await createTransaction(async (tx) => {
    const row = await locked(id);
    if (row.status !== "draft") throw wrongState(row, "scheduled");
    const list = await members(Filter.parse(row.audience), now, ctx.throttle.per_customer_days);
    const eligible = list.filter((m) => !m.excluded);
    if (!eligible.length)
      throw new VisibleError(
        "campaign.no_recipients",
        "Nobody in this audience may be sent a campaign.",
        count(list),
      );
    const variantOf = assign(eligible, row.variants);
    for (let i = 0; i < list.length; i += 1000)
      await tx.insert(campaignLogTable).values(
        list.slice(i, i + 1000).map((m) => ({
          campaign_id: id,
          customer_id: m.customer_id,
          phone: m.phone,
          variant: m.excluded ? null : variantOf.get(m.customer_id)!,
          status: m.excluded ? ("excluded" as const) : ("planned" as const),
          error: m.excluded,
          status_at: now,
        })),
      );
    const when = at ? new Date(at) : now;
    await tx
      .update(campaignTable)
      .set({ status: "scheduled", scheduled_at: when, next_send_at: null })
      .where(eq(campaignTable.id, id));
    await audit(id, "scheduled", { scheduled_at: { from: null, to: when.toISOString() } });
  });
  return get(id);
};

/**
 * Pauses a scheduled or sending campaign: what a tick already put on the bulk lane is
 * withdrawn (back to waiting), so nothing more goes out after this call.
 */
export const pause = async (id: string) => {
  await createTransaction(async () => {
    const row = await locked(id);
    if (row.status !== "sending" && row.status !== "scheduled") throw wrongState(row, "paused");
    await halt(row, "owner");
  });
  return get(id);
};

async function halt(row: Row, reason: string) {
  await withdraw(row.id, "planned", `campaign:paused`);
  await useTransaction((tx) =>
    tx
      .update(campaignTable)
      .set({ status: "paused", paused_reason: reason, next_send_at: null })
      .where(eq(campaignTable.id, row.id)),
  );
  await audit(row.id, "paused", {
    status: { from: row.status, to: "paused" },
    reason: { from: null, to: reason },
  });
}

/** Withdraws the campaign's unsent messages and sets their rows to `to` (waiting again, or cancelled). */
async function withdraw(campaignId: string, to: "planned" | "cancelled", reason: string) {
  const cancelled = await Message.cancelCampaignQueued(campaignId, reason);
  if (!cancelled.length) return;
  await useTransaction((tx) =>
    tx
      .update(campaignLogTable)
      .set({
        status: to,
        wa_message_id: null,
        status_at: useClock().now(),
        error: to === "cancelled" ? reason : null,
      })
      .where(
        and(
          eq(campaignLogTable.campaign_id, campaignId),
          inArray(
            campaignLogTable.wa_message_id,
            cancelled.map((m) => m.wa_message_id),
          ),
        ),
      ),
  );
}

/** Resumes a paused campaign on the next tick (a health pause too, once the owner has read why). */
export const resume = async (id: string) => {
  await createTransaction(async () => {
    const row = await locked(id);
    if (row.status !== "paused") throw wrongState(row, "resumed");
    const to = row.started_at ? "sending" : "scheduled";
    await useTransaction((tx) =>
      tx
        .update(campaignTable)
        .set({
          status: to,
          paused_reason: null,
          next_send_at: null,
          // A health pause was read and answered: judge the sends from now, or it pauses at once again.
          ...(row.paused_reason && row.paused_reason !== "owner" ? { health_since: useClock().now() } : {}),
        })
        .where(eq(campaignTable.id, id)),
    );
    await audit(id, "resumed", { status: { from: "paused", to } });
  });
  return get(id);
};

/** Stops a campaign for good: everyone still waiting is cancelled, and nothing unsent goes out. */
export const stop = async (id: string) => {
  await createTransaction(async () => {
    const row = await locked(id);
    if (row.status === "done" || row.status === "stopped") throw wrongState(row, "stopped");
    await withdraw(id, "cancelled", "campaign:stopped");
    const now = useClock().now();
    await useTransaction(async (tx) => {
      await tx
        .update(campaignLogTable)
        .set({ status: "cancelled", error: "campaign:stopped", status_at: now })
        .where(and(eq(campaignLogTable.campaign_id, id), eq(campaignLogTable.status, "planned")));
      await tx
        .update(campaignTable)
        .set({ status: "stopped", completed_at: now, next_send_at: null })
        .where(eq(campaignTable.id, id));
    });
    await audit(id, "stopped", { status: { from: row.status, to: "stopped" } });
  });
  return get(id);
};

/** Sends the chosen variant to everyone still waiting (the A/B test's winner to the rest). */
export const pickWinner = async (id: string, input: z.input<typeof WinnerInput>) => {
  const { variant } = WinnerInput.parse(input);
  await createTransaction(async (tx) => {
    const row = await locked(id);
    if (row.variants.length < 2) throw new VisibleError("campaign.invalid", "This campaign has one variant.");
    if (row.status === "done" || row.status === "stopped") throw wrongState(row, "changed");
    await tx.update(campaignTable).set({ winner: variant }).where(eq(campaignTable.id, id));
    await tx
      .update(campaignLogTable)
      .set({ variant })
      .where(and(eq(campaignLogTable.campaign_id, id), eq(campaignLogTable.status, "planned")));
    await audit(id, "winner_picked", { winner: { from: row.winner, to: variant } });
  });
  return get(id);
};

/** One row per message the campaign released, with what became of it. */
type Released = {
  log_id: string;
  variant: string;
  status: string;
  failure_reason: string | null;
  sent_at: Date | string | null;
  /** When the tick released it (the app's clock). */
  released_at: Date | string;
  replied: boolean;
  opted_out: boolean;
};

async function released(campaignId: string): Promise<Released[]> {
  return rows<Released>(sql`
    select l.id as log_id, l.variant, m.status, m.failure_reason, m.created_at as sent_at, l.status_at as released_at,
      exists (select 1 from ${waMessageTable} r where r.phone = m.phone and r.direction = 'in'
        and r.created_at > m.created_at and r.created_at < m.created_at + ${REPLY_WINDOW}::interval) as replied,
      exists (select 1 from ${consentTable} c where c.customer_id = l.customer_id and c.kind = 'whatsapp'
        and not c.granted and c.recorded_at > m.created_at
        and c.recorded_at < m.created_at + ${REPLY_WINDOW}::interval) as opted_out
    from ${campaignLogTable} l join ${waMessageTable} m on m.wa_message_id = l.wa_message_id
    where l.campaign_id = ${campaignId} and l.status = 'queued'`);
}

const SENT = new Set(["sent", "server_ack", "delivered", "read"]);

function tally(list: Released[]): z.infer<typeof Counts> {
  const c = {
    queued: list.length,
    still_queued: 0,
    sent: 0,
    delivered: 0,
    read: 0,
    replied: 0,
    opted_out: 0,
    failed: 0,
    cancelled: 0,
  };
  for (const r of list) {
    if (r.status === "queued") c.still_queued++;
    else if (r.status === "failed") c.failed++;
    else if (r.status === "cancelled") c.cancelled++;
    else if (SENT.has(r.status)) c.sent++;
    if (r.status === "delivered" || r.status === "read") c.delivered++;
    if (r.status === "read") c.read++;
    if (r.replied) c.replied++;
    if (r.opted_out) c.opted_out++;
  }
  return c;
}

/** The campaign's health, from its sends since `health_since` (all of them when unset). */
function healthOf(row: Pick<Row, "health_since">, list: Released[]): Health {
  const since = row.health_since;
  return health(outcomes(since ? list.filter((r) => new Date(r.released_at) >= since) : list));
}

function outcomes(list: Released[]): Outcomes {
  const t = tally(list);
  const reason = (r: Released) => r.failure_reason ?? "";
  return {
    sent: t.sent + t.failed,
    delivered: t.delivered,
    read: t.read,
    replied: t.replied,
    failed: t.failed,
    not_on_whatsapp: list.filter((r) => r.status === "failed" && /not on WhatsApp/i.test(reason(r))).length,
    restricted: list.filter((r) => r.status === "failed" && /^463\b|restricted/i.test(reason(r))).length,
    opted_out: t.opted_out,
  };
}

async function logCounts(campaignId: string) {
  const found = await rows<{ status: string; error: string | null; variant: string | null; n: number }>(sql`
    select status, error, variant, count(*)::int as n from ${campaignLogTable}
    where campaign_id = ${campaignId} group by status, error, variant`);
  const excluded = Object.fromEntries(EXCLUSIONS.map((r) => [r, 0])) as Record<Exclusion, number>;
  let recipients = 0;
  let waiting = 0;
  let releasedCount = 0;
  const byVariant = new Map<string, number>();
  for (const r of found) {
    if (r.status === "excluded") {
      if (r.error && r.error in excluded) excluded[r.error as Exclusion] += r.n;
      continue;
    }
    recipients += r.n;
    if (r.variant) byVariant.set(r.variant, (byVariant.get(r.variant) ?? 0) + r.n);
    if (r.status === "planned") waiting += r.n;
    if (r.status === "queued") releasedCount += r.n;
  }
  return { recipients, waiting, released: releasedCount, excluded, byVariant };
}

/** The live figures: what was released and what became of it, in all and per variant. */
export async function metrics(id: string): Promise<Metrics> {
  const row = await find(id);
  const [list, logs] = await Promise.all([released(id), logCounts(id)]);
  const variants = row.variants.map((v) => ({
    key: v.key as "A" | "B",
    recipients: logs.byVariant.get(v.key) ?? 0,
    ...tally(list.filter((r) => r.variant === v.key)),
  }));
  return Metrics.parse({
    campaign_id: id,
    recipients: logs.recipients,
    waiting: logs.waiting,
    excluded: logs.excluded,
    total: tally(list),
    variants,
    leader: leaderOf(variants),
    health: healthOf(row, list),
  });
}

/** The variant replied to most (by rate), then read most; null until both have had sends, or on a tie. */
function leaderOf(variants: { key: "A" | "B"; sent: number; replied: number; read: number }[]) {
  if (variants.length < 2 || variants.some((v) => v.sent === 0)) return null;
  const [a, b] = variants as [(typeof variants)[0], (typeof variants)[0]];
  const rate = (v: typeof a, field: "replied" | "read") => v[field] / v.sent;
  for (const field of ["replied", "read"] as const)
    if (rate(a, field) !== rate(b, field)) return rate(a, field) > rate(b, field) ? a.key : b.key;
  return null;
}

async function find(id: string) {
  const [row] = await useTransaction((tx) => tx.select().from(campaignTable).where(eq(campaignTable.id, id)));
  if (!row) throw notFound();
  return row;
}

function viewOf(row: Row, logs: Awaited<ReturnType<typeof logCounts>>, h: Health): View {
  const iso = (d: Date | null) => d?.toISOString() ?? null;
  return View.parse({
    id: row.id,
    name: row.name,
    status: row.status,
    audience: row.audience,
    variants: row.variants,
    daily_cap: row.daily_cap,
    winner: row.winner,
    scheduled_at: iso(row.scheduled_at),
    started_at: iso(row.started_at),
    completed_at: iso(row.completed_at),
    next_send_at: iso(row.next_send_at),
    paused_reason: row.paused_reason,
    created_at: row.created_at.toISOString(),
    progress: { recipients: logs.recipients, waiting: logs.waiting, released: logs.released },
    excluded: logs.excluded,
    health: h,
  });
}

export async function get(id: string): Promise<View> {
  const row = await find(id);
  const [logs, list] = await Promise.all([logCounts(id), released(id)]);
  return viewOf(row, logs, healthOf(row, list));
}

/** Every campaign, newest first. */
export async function list(): Promise<View[]> {
  const found = await useTransaction((tx) =>
    tx
      .select({ id: campaignTable.id })
      .from(campaignTable)
      .orderBy(desc(campaignTable.created_at))
      .limit(200),
  );
  const views: View[] = [];
  for (const { id } of found) views.push(await get(id));
  return views;
}

/** The CSV behind the metrics: one line per customer of the audience, excluded ones with the reason. */
export async function exportCsv(id: string): Promise<{ filename: string; csv: string }> {
  const row = await find(id);
  const found = await rows<{
    phone: string;
    name: string;
    variant: string | null;
    status: string;
    error: string | null;
    delivery: string | null;
    failure_reason: string | null;
    sent_at: Date | string | null;
    replied: boolean | null;
    opted_out: boolean | null;
  }>(sql`
    select l.phone, c.name, l.variant, l.status, l.error, m.status as delivery, m.failure_reason,
      m.created_at as sent_at,
      exists (select 1 from ${waMessageTable} r where m.wa_message_id is not null and r.phone = m.phone
        and r.direction = 'in' and r.created_at > m.created_at
        and r.created_at < m.created_at + ${REPLY_WINDOW}::interval) as replied,
      exists (select 1 from ${consentTable} k where m.wa_message_id is not null and k.customer_id = l.customer_id
        and k.kind = 'whatsapp' and not k.granted and k.recorded_at > m.created_at
        and k.recorded_at < m.created_at + ${REPLY_WINDOW}::interval) as opted_out
    from ${campaignLogTable} l
    join ${customerTable} c on c.id = l.customer_id
    left join ${waMessageTable} m on m.wa_message_id = l.wa_message_id and l.status = 'queued'
    where l.campaign_id = ${id}
    order by l.status, l.phone`);
  const yes = (b: boolean | null) => (b ? "yes" : "no");
  const csv = toCsv(
    ["phone", "name", "variant", "state", "delivery", "reason", "sent_at", "replied", "opted_out"],
    found.map((r) => [
      r.phone,
      r.name,
      r.variant,
      r.status,
      r.delivery,
      r.error ?? r.failure_reason,
      r.sent_at ? new Date(r.sent_at).toISOString() : null,
      yes(r.replied),
      yes(r.opted_out),
    ]),
  );
  const slug =
    row.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "") || "campaign";
  return { filename: `campaign-${slug}.csv`, csv };
}

/**
 * The governor's tick (every minute, like the outbox sweep; the job is `tick` in job.ts): each
 * scheduled campaign whose time has come starts; each sending one is checked for health (and
 * pauses itself, telling the owner, past a threshold), then releases what the governor allows
 * onto the bulk lane. A campaign with nobody left waiting is done.
 */
export async function runTick() {
  const now = useClock().now();
  const due = await useTransaction((tx) =>
    tx
      .select({ id: campaignTable.id })
      .from(campaignTable)
      .where(
        sql`${campaignTable.status} = 'sending' or (${campaignTable.status} = 'scheduled' and ${campaignTable.scheduled_at} <= ${now})`,
      )
      .orderBy(asc(campaignTable.created_at)),
  );
  for (const { id } of due) {
    try {
      await step(id, now);
    } catch (error) {
      // One campaign's trouble does not hold the others back; the next tick tries again.
      log.error("campaign tick failed", error, { campaign_id: id });
    }
  }
}

async function step(id: string, now: Date) {
  const ctx = await context();
  await createTransaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(campaignTable)
      .where(eq(campaignTable.id, id))
      .for("update", { skipLocked: true });
    if (!row || (row.status !== "sending" && row.status !== "scheduled")) return;
    if (row.status === "scheduled") {
      await tx
        .update(campaignTable)
        .set({ status: "sending", started_at: now })
        .where(eq(campaignTable.id, id));
      await audit(id, "started", { status: { from: "scheduled", to: "sending" } });
    }
    const h = healthOf(row, await released(id));
    if (h.pause) {
      await halt({ ...row, status: "sending" }, h.pause);
      await alertOwner(row.name, h.pause);
      return;
    }
    const logs = await logCounts(id);
    if (logs.waiting === 0) {
      await tx
        .update(campaignTable)
        .set({ status: "done", completed_at: now, next_send_at: null })
        .where(eq(campaignTable.id, id));
      await audit(id, "done", { status: { from: "sending", to: "done" } });
      return;
    }
    const [budget, [sent]] = await Promise.all([
      budgetToday(ctx, now),
      rows<{ last_24h: number; today: number }>(sql`
        select count(distinct m.phone) filter (where m.created_at > ${new Date(now.getTime() - 24 * 3600_000)})::int as last_24h,
          count(*) filter (where m.campaign_id = ${id} and m.created_at >= ${startOfDay(now, ctx.timeZone)})::int as today
        from ${waMessageTable} m
        where m.purpose = 'campaign' and m.direction = 'out' and m.status <> 'cancelled'
          and m.created_at >= ${new Date(now.getTime() - 48 * 3600_000)}`),
    ]);
    const decision = release({
      now,
      throttle: ctx.throttle,
      timeZone: ctx.timeZone,
      next_send_at: row.next_send_at,
      budget,
      sent_last_24h: sent?.last_24h ?? 0,
      campaign_cap: row.daily_cap,
      campaign_sent_today: sent?.today ?? 0,
      waiting: logs.waiting,
      random: Math.random,
    });
    console.log(
      "DECISION",
      now.toISOString(),
      JSON.stringify(decision),
      budget,
      JSON.stringify(sent),
      logs.waiting,
      JSON.stringify(ctx.throttle),
    );
    if (decision.count) await releaseNext(row, decision.count, now, ctx.throttle.per_customer_days);
    await tx
      .update(campaignTable)
      .set({ next_send_at: decision.next_send_at })
      .where(eq(campaignTable.id, id));
  });
}

/**
 * Puts the next `n` waiting recipients' messages in the ledger on the bulk lane (the outbox:
 * in the tick's transaction). Consent is read again here: a customer who opted out since the
 * campaign was scheduled is cancelled, never sent; so is one another campaign reached meanwhile
 * (one campaign message per customer per period holds across campaigns running together).
 */
async function releaseNext(row: Row, n: number, now: Date, perCustomerDays: number) {
  const texts = await textSettings();
  const next = await rows<{
    log_id: string;
    variant: string;
    customer_id: string;
    phone: string;
    name: string;
    language: "en" | "ms";
    consent: string;
    recently: boolean;
    device: string | null;
    last_visit: Date | string | null;
  }>(sql`
    select l.id as log_id, l.variant, ${customerTable.id} as customer_id, ${customerTable.phone} as phone,
      ${customerTable.name} as name, ${customerTable.language} as language, ${customerTable.whatsapp_consent} as consent,
      ${recentlyMessaged(customerTable.phone, lastAllowedBefore(now, perCustomerDays), row.id)} as recently,
      ${latestDeviceOf(customerTable.id)} as device, ${lastVisitOf(customerTable.id)} as last_visit
    from ${campaignLogTable} l join ${customerTable} on ${customerTable.id} = l.customer_id
    where l.campaign_id = ${row.id} and l.status = 'planned'
    order by l.id limit ${n}
    for update of l skip locked`);
  for (const r of next) {
    if (r.consent !== "opted_in" || r.recently) {
      const reason =
        r.consent === "opted_out"
          ? "opted_out"
          : r.consent !== "opted_in"
            ? "no_opt_in"
            : "recently_messaged";
      await useTransaction((tx) =>
        tx
          .update(campaignLogTable)
          .set({ status: "cancelled", error: reason, status_at: now })
          .where(eq(campaignLogTable.id, r.log_id)),
      );
      continue;
    }
    const variant = row.variants.find((v) => v.key === (row.winner ?? r.variant)) ?? row.variants[0]!;
    const { text } = render(
      variant,
      {
        name: r.name,
        language: r.language,
        device: r.device,
        last_visit: r.last_visit ? new Date(r.last_visit) : null,
      },
      texts.shop,
      texts.footer,
    );
    const message = await Message.send({
      to: r.phone,
      text,
      ...(variant.image_key ? { media_key: variant.image_key } : {}),
      lane: "bulk",
      author: "system",
      purpose: "campaign",
      campaign_id: row.id,
    });
    await useTransaction((tx) =>
      tx
        .update(campaignLogTable)
        .set({ status: "queued", wa_message_id: message.wa_message_id, status_at: now })
        .where(eq(campaignLogTable.id, r.log_id)),
    );
  }
}

const PAUSE_WORDS: Record<NonNullable<Health["pause"]>, string> = {
  failures: "too many messages failed",
  restrictions: "WhatsApp is restricting messages from this number (error 463)",
  opt_outs: "too many customers replied STOP",
};

/** Tells the owner (settings whatsapp_templates.alert_phone) that a campaign paused itself, and why. */
async function alertOwner(name: string, reason: NonNullable<Health["pause"]>) {
  const { alertPhone } = await textSettings();
  if (!alertPhone) return;
  await Message.send({
    to: alertPhone,
    text: `Campaign "${name}" paused itself: ${PAUSE_WORDS[reason]}. Open the campaign to see its health before resuming.`,
    author: "system",
    purpose: "owner_alert",
  });
}

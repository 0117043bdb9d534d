import { tick as campaignTick } from "@wapos/core/campaign/job";
import { log } from "@wapos/core/log";
import { Maintenance } from "@wapos/core/maintenance/index";
import { sweepOutbox } from "@wapos/core/message/outbox";
import { Queue, type QueuePort } from "@wapos/core/queue/index";
import { fireDue } from "@wapos/core/scheduler/local";
import { slaCheck } from "@wapos/core/ticket/jobs";
import { useClock } from "@wapos/core/util/clock";

/** 03:00 in Kuala Lumpur (UTC+8, no daylight saving) is 19:00 UTC, the shop's quietest hour. */
const PRUNE_HOUR_UTC = 19;

export function nextPruneTime(now: Date): Date {
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), PRUNE_HOUR_UTC));
  if (at <= now) at.setUTCDate(at.getUTCDate() + 1);
  return at;
}

/** Makes sure the next daily housekeeping run is scheduled (named by its date, so repeating is harmless). */
export async function scheduleMaintenance() {
  const at = nextPruneTime(useClock().now());
  await Maintenance.prune.scheduleAt(`maintenance.prune.${at.toISOString().slice(0, 10)}`, at, {});
}

/** Straight onto the einvoice queue, as infra/jobs.ts's daily schedule does; one key per hour. */
export async function consolidateCheck() {
  const hour = useClock().now().toISOString().slice(0, 13);
  await Queue.send(
    "einvoice",
    { v: 1, type: "consolidate_check" },
    { key: `einvoice.consolidate_check.${hour}` },
  );
}

/**
 * The local stand-in for EventBridge Scheduler's clock: every `intervalMs` it sends the due
 * schedules to their queues. Ticks never overlap.
 */
export function startScheduleTicker(port: QueuePort, intervalMs = 1000) {
  let running: Promise<unknown> = Promise.resolve();
  let ticks = 0;
  const timer = setInterval(() => {
    running = running.then(async () => {
      try {
        await fireDue((message) => port.send(message));
        // Once an hour (and on the first tick), plan the next housekeeping run and see whether
        // last month needs consolidating; every ten minutes, look for tickets past their ETA
        // (EventBridge runs these in AWS); every minute, re-send outbound messages whose queue
        // send a crash or a refusing queue left undone, and let campaigns release their next messages.
        if (ticks % 3600 === 0) await scheduleMaintenance();
        if (ticks % 60 === 0) await sweepOutbox.enqueue({});
        if (ticks % 60 === 0) await campaignTick.enqueue({});
        if (ticks % 600 === 0) await slaCheck.enqueue({});
        if (ticks % 3600 === 0) await consolidateCheck();
        ticks++;
      } catch (error) {
        log.error("local scheduler tick failed", error);
      }
    });
  }, intervalMs);
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}

import { undelivered } from "./message/events";
import { onUndelivered } from "./ticket/call-customer";

/**
 * Every in-process event subscription, in one place (see core/src/event). Each entry point
 * that can raise an event calls this once at start: the queue consumers, the staff API and
 * the gateway. Campaigns subscribe to message.undelivered here when they are built.
 */
export function subscribeAll() {
  undelivered.subscribe(onUndelivered);
}

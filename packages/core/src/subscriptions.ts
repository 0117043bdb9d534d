import { type Undelivered, undelivered } from "./message/events";

/**
 * A ticket's "call the customer" flag, raised when its notice did not arrive. The ticket module
 * loads with the first such event, not with every entry point that might raise one: most never
 * do, and a Lambda's cold start should not pay for them.
 */
const raiseCallCustomer = async (event: Undelivered) =>
  (await import("./ticket/call-customer")).onUndelivered(event);

/**
 * Every in-process event subscription, in one place (see core/src/event). Each entry point
 * that can raise an event calls this once at start: the queue consumers, the staff API and
 * the gateway. Campaigns subscribe to message.undelivered here when they are built.
 */
export function subscribeAll() {
  undelivered.subscribe(raiseCallCustomer);
}

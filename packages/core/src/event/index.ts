export * as Event from "./index";

type Handler<T> = (payload: T) => Promise<void>;

export type Definition<T> = {
  name: string;
  /** Adds a handler; adding the same one twice keeps one. */
  subscribe: (handler: Handler<T>) => void;
  /**
   * Runs every handler, in the order they subscribed, in the caller's context: inside its
   * transaction when there is one, so what a subscriber writes commits or rolls back with the
   * change that raised the event. A handler that throws fails the publisher (a receipt is then
   * retried by SQS), so subscribers must be idempotent.
   */
  publish: (payload: T) => Promise<void>;
};

/**
 * A typed in-process event: the module that owns a fact declares it, and modules that react
 * subscribe, so the owner never imports them (the message ledger knows nothing of tickets or
 * campaigns). Subscriptions are made in one place, core/src/subscriptions.ts, which every
 * entry point calls once.
 */
export function define<T>(name: string): Definition<T> {
  const handlers = new Set<Handler<T>>();
  return {
    name,
    subscribe: (handler) => {
      handlers.add(handler);
    },
    publish: async (payload) => {
      for (const handler of handlers) await handler(payload);
    },
  };
}

import * as z from "zod";
import { needs } from "../env/index";
import { QUEUE_NAMES, type QueueName } from "./contracts";

/** QUEUE_URL_WA_OUTBOUND_TX and so on: set by the infra in AWS and by the local runtime. */
export const queueUrlVariable = (queue: QueueName) => `QUEUE_URL_${queue.toUpperCase().replaceAll("-", "_")}`;

/**
 * The queue URLs a process sends to (and, for the gateway, consumes itself). A Lambda consumer
 * needs no URL for the queue it is triggered by: the event source mapping reads it.
 */
export function queueEnv(send: readonly QueueName[], consume: readonly QueueName[] = []) {
  const names = QUEUE_NAMES.filter((name) => send.includes(name) || consume.includes(name));
  return z.object(
    Object.fromEntries(
      names.map((name) => [
        queueUrlVariable(name),
        needs(z.url(), {
          ...(send.includes(name) ? { send: name } : {}),
          ...(consume.includes(name) ? { consume: name } : {}),
        }),
      ]),
    ),
  );
}

/** Every queue URL, optional: what the SQS adapter reads when asked for a queue. */
export const AnyQueueEnv = z.object(
  Object.fromEntries(QUEUE_NAMES.map((name) => [queueUrlVariable(name), z.url().optional()])),
);

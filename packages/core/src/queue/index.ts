import type { z } from "zod";
import { afterCommit, createTransaction } from "../db/transaction";
import { VisibleError } from "../error";
import { log, useCorrelationId } from "../log";
import { createId } from "../util/id";
import { lazyPort } from "../util/lazy";
import { CONTRACTS, type QueueName } from "./contracts";
import { processedMessageTable } from "./queue.sql";

export * from "./contracts";
export * as Queue from "./index";

export type SendOptions = {
  /** Idempotency key: a consumer acts once per key. Make it deterministic when a retry could send again. */
  key?: string;
  delaySeconds?: number;
};

export type OutgoingMessage = {
  queue: QueueName;
  body: unknown;
  key: string;
  correlationId?: string;
  delaySeconds?: number;
};

/** A received message in the shape Lambda's SQS event records use (minus the event source fields). */
export type ReceivedMessage = {
  queue: QueueName;
  messageId: string;
  receiptHandle: string;
  body: string;
  md5OfBody: string;
  attributes: Record<string, string>;
  messageAttributes: Record<string, { dataType: string; stringValue?: string }>;
};

export type QueueStats = {
  visible: number;
  inFlight: number;
  deadLetterTargetArn?: string;
  maxReceiveCount?: number;
  /** Messages waiting in the queue's dead-letter queue: ones its consumer could never handle. */
  deadLetters?: number;
};

/**
 * The queue port: one adapter talks to SQS (AWS, LocalStack or the local endpoint alike).
 * Lambda consumers only send; the gateway and the local runtime also receive.
 */
export interface QueuePort {
  send(message: OutgoingMessage): Promise<{ messageId: string }>;
  receive(
    queue: QueueName,
    options: { max: number; waitSeconds: number; visibilityTimeout?: number },
  ): Promise<ReceivedMessage[]>;
  /** Deletes a message that was handled. */
  remove(queue: QueueName, receiptHandle: string): Promise<void>;
  /** Makes a message visible again after `delaySeconds` (0: at once). */
  release(queue: QueueName, receiptHandle: string, delaySeconds?: number): Promise<void>;
  stats(queue: QueueName): Promise<QueueStats>;
}

let port: QueuePort | undefined;

export function usePort(): QueuePort {
  // SQS, its SDK loaded when the first message is sent or counted.
  port ??= lazyPort(async () => (await import("./sqs")).createSqsQueue());
  return port;
}

/** Replaces the queue adapter for this process (local runtime, tests). */
export function setPort(next: QueuePort | undefined) {
  port = next;
}

/**
 * Validates `body` against the queue's contract and sends it after the current transaction
 * commits (at once when there is none). Returns the key the consumer will deduplicate on.
 */
export async function send<Q extends QueueName>(
  queue: Q,
  body: z.input<(typeof CONTRACTS)[Q]>,
  options: SendOptions = {},
): Promise<{ key: string }> {
  const parsed = CONTRACTS[queue].parse(body);
  const message: OutgoingMessage = {
    queue,
    body: parsed,
    key: options.key ?? createId(),
    correlationId: useCorrelationId(),
    delaySeconds: options.delaySeconds,
  };
  await afterCommit(() => sendNow(message));
  return { key: message.key };
}

async function sendNow(message: OutgoingMessage) {
  try {
    const { messageId } = await usePort().send(message);
    log.debug("queue message sent", { queue: message.queue, key: message.key, message_id: messageId });
  } catch (error) {
    throw new VisibleError("queue.unavailable", `Could not send to ${message.queue}`, {
      cause: error instanceof Error ? error.message : String(error),
    });
  }
}

/**
 * Runs `work` in one transaction with recording `key` as processed for `queue`. When the key
 * is already recorded, does nothing and returns false: a redelivered message acts once.
 */
export async function once(queue: QueueName, key: string, work: () => Promise<void>): Promise<boolean> {
  return createTransaction(async (tx) => {
    const inserted = await tx
      .insert(processedMessageTable)
      .values({ queue, message_key: key })
      .onConflictDoNothing()
      .returning({ key: processedMessageTable.message_key });
    if (inserted.length === 0) return false;
    await work();
    return true;
  });
}

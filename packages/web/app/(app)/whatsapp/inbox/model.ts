import type {
  GetInboxThreadsByIdCustomerResponse,
  GetInboxThreadsByIdResponse,
  GetInboxThreadsResponse,
  PostInboxThreadsByIdLinksResponse,
  PostInboxThreadsByIdReplyResponse,
} from "@/lib/api/staff";

/** Shapes of the staff inbox API (packages/functions/src/api/inbox.ts), from the generated types. */
export type ThreadList = GetInboxThreadsResponse;
export type Thread = ThreadList["threads"][number];
export type Conversation = GetInboxThreadsByIdResponse;
export type CustomerSide = GetInboxThreadsByIdCustomerResponse;
export type Replied = PostInboxThreadsByIdReplyResponse;
export type CustomerLink = PostInboxThreadsByIdLinksResponse;

export const THREADS_PATH = "/inbox/threads";
export const threadPath = (id: string) => `${THREADS_PATH}/${encodeURIComponent(id)}`;

/**
 * New customer messages show within this long, without reloading: the list and the open chat
 * are asked again at this interval (SWR skips hidden tabs).
 */
export const POLL_MS = 3000;

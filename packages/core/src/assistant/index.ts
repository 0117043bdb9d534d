export { answerFromRecords, type Reply } from "./answer";
export * as Assistant from "./index";
export { answerMessage, modelConfig } from "./model";
export { ANSWERING_LEASE_MS, answerQuestion, type Outcome } from "./reply";
export { type Decision, RESEND_AFTER_MS, RESEND_WITHIN_MS, route, sweepQuestions } from "./router";
export { commandOf, handBack, pause } from "./takeover";
export { TryInput, TryReply, tryReply } from "./try";

import { Logger } from "@aws-lambda-powertools/logger";
import { createContext } from "./util/context";
import { createId } from "./util/id";
import { redact, redactText } from "./util/redact";

/**
 * The id that ties one request to everything it causes: it arrives as `x-correlation-id`
 * (or is made at the edge), rides on queue messages as an attribute and is set again by
 * each consumer.
 */
const CorrelationContext = createContext<{ correlationId: string }>("correlation");

export function withCorrelation<R>(correlationId: string | undefined, cb: () => R): R {
  return CorrelationContext.with({ correlationId: correlationId || createId() }, cb);
}

export function useCorrelationId(): string | undefined {
  return CorrelationContext.maybe()?.correlationId;
}

/**
 * The current unit of work (one HTTP request, one queue message, one gateway event), as an
 * object to key per-request memos on; undefined outside any.
 */
export const useUnitOfWork = (): object | undefined => CorrelationContext.maybe();

const logger = new Logger({ serviceName: "wa-pos-crm" });

type Extra = Record<string, unknown>;

/**
 * Structured JSON logs. The correlation id is added per call from async context rather
 * than with appendKeys, because the local runtime serves many requests in one process.
 * Everything logged goes through `redact` (util/redact.ts): phones masked; names, emails,
 * addresses, NRIC, passwords, link tokens and SQL values (an error's `detail` and `params`)
 * removed, so a careless call or a driver's error cannot leak them.
 */
function withContext(extra?: Extra): Extra {
  const correlationId = useCorrelationId();
  const safe = redact(extra ?? {}) as Extra;
  return correlationId ? { correlation_id: correlationId, ...safe } : safe;
}

export const log = {
  debug: (message: string, extra?: Extra) => logger.debug(redactText(message), withContext(extra)),
  info: (message: string, extra?: Extra) => logger.info(redactText(message), withContext(extra)),
  warn: (message: string, extra?: Extra) => logger.warn(redactText(message), withContext(extra)),
  error: (message: string, error: unknown, extra?: Extra) =>
    logger.error(redactText(message), { ...withContext(extra), error: redact(error) }),
};

/** Changes the level at run time: tests raise it to DEBUG to read what would be written. */
export const setLogLevel = (level: "DEBUG" | "INFO" | "WARN" | "ERROR" | "SILENT") =>
  logger.setLogLevel(level);

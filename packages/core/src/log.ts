import { Logger } from "@aws-lambda-powertools/logger";
import { createContext } from "./util/context";
import { createId } from "./util/id";

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
 * Never pass phone numbers unmasked, tokens or secrets.
 */
function withContext(extra?: Extra): Extra {
  const correlationId = useCorrelationId();
  return correlationId ? { correlation_id: correlationId, ...extra } : { ...extra };
}

export const log = {
  debug: (message: string, extra?: Extra) => logger.debug(message, withContext(extra)),
  info: (message: string, extra?: Extra) => logger.info(message, withContext(extra)),
  warn: (message: string, extra?: Extra) => logger.warn(message, withContext(extra)),
  error: (message: string, error: unknown, extra?: Extra) =>
    logger.error(message, { ...withContext(extra), error: error instanceof Error ? error : String(error) }),
};

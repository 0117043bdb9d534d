import { randomBytes } from "node:crypto";
import path from "node:path";
import { SQSClient } from "@aws-sdk/client-sqs";
import { createS3Client, ensureBucket } from "@wapos/core/blob/s3";
import { configFromEnv, createDb, setDb } from "@wapos/core/db/index";
import { migrate } from "@wapos/core/db/migrate";
import { log } from "@wapos/core/log";
import { Queue, type QueueName } from "@wapos/core/queue/index";
import { createSqsQueue, queueUrlVariable } from "@wapos/core/queue/sqs";
import { User } from "@wapos/core/user/index";
import { gatewayOptions } from "@wapos/wa-gateway/mode";
import { startGateway } from "@wapos/wa-gateway/start";
import { createApi } from "../api/index";
import { handler as aiHandler } from "../consumers/ai";
import { handler as einvoiceHandler } from "../consumers/einvoice";
import { handler as jobsHandler } from "../consumers/jobs";
import { handler as waInboundHandler } from "../consumers/wa-inbound";
import { checkLocalHosted, loadLocalEnv, provideLocal } from "../env/local";
import { createPublicApi } from "../public/index";
import type { SqsHandler } from "../queue/consumer";
import { createQueues, startLocalS3, startLocalSqs } from "./aws";
import { ensureLocalKeys } from "./keys";
import { startNext } from "./next";
import { startPoller } from "./poller";
import { startScheduleTicker } from "./scheduler";
import { startHttpServer } from "./server";

/**
 * `npm start`: the whole product on one machine. Everything AWS would run is started here
 * against local stand-ins, and the same handlers are called the way Lambda calls them.
 */
const env = loadLocalEnv();
const port = env.PORT;
const host = env.HOST;
const dataDir = path.resolve(env.DATA_DIR);
const publicUrl = `http://localhost:${port}`;
const stops: { name: string; stop: () => Promise<unknown> }[] = [];

/** The queues Lambda consumes in AWS (the gateway reads the outbound ones itself). */
const LAMBDA_CONSUMERS: Partial<Record<QueueName, SqsHandler>> = {
  "wa-inbound": waInboundHandler,
  jobs: jobsHandler,
  einvoice: einvoiceHandler,
  ai: aiHandler,
};

async function main() {
  // Customer links (status page, approval) point at the dashboard's origin unless told otherwise.
  const publicBaseUrl = env.PUBLIC_BASE_URL ?? publicUrl;
  let storagePublicUrl = env.STORAGE_PUBLIC_URL;
  let s3Endpoint = env.AWS_ENDPOINT_URL_S3;
  provideLocal({
    DATA_DIR: dataDir,
    AWS_REGION: env.AWS_REGION,
    BUCKET_NAME: env.BUCKET_NAME,
    WA_MODE: env.WA_MODE,
    PUBLIC_BASE_URL: publicBaseUrl,
    GATEWAY_TOKEN: env.GATEWAY_TOKEN ?? randomBytes(18).toString("base64url"),
    ...ensureLocalKeys(dataDir, env),
  });

  const db = await createDb(configFromEnv());
  setDb(db);
  stops.push({ name: "database", stop: () => db.close() });
  await migrate(db);
  const where =
    db.config.driver === "pglite" ? `PGlite in ${db.config.dataDir}` : `${db.config.driver} (DATABASE_URL)`;
  log.info(`database ready: ${where}, migrations applied`);
  const firstAdmin = await User.ensureFirstAdmin({ email: env.ADMIN_EMAIL, password: env.ADMIN_PASSWORD });

  if (!env.AWS_ENDPOINT_URL_SQS && !env.AWS_ENDPOINT_URL) {
    const sqs = await startLocalSqs(env.LOCAL_SQS_PORT);
    provideLocal({ AWS_ENDPOINT_URL_SQS: sqs.endpoint });
    stops.push({ name: "local SQS", stop: sqs.stop });
    log.info(`local SQS endpoint on ${sqs.endpoint} (in memory)`);
  }
  if (!env.AWS_ENDPOINT_URL_S3 && !env.AWS_ENDPOINT_URL) {
    // s3rver accepts only its own fixed key; the local SQS endpoint takes any.
    provideLocal({ AWS_ACCESS_KEY_ID: "S3RVER", AWS_SECRET_ACCESS_KEY: "S3RVER" });
    const s3 = await startLocalS3({
      directory: path.join(dataDir, "s3"),
      bucket: env.BUCKET_NAME,
      port: env.LOCAL_S3_PORT,
      allowOrigins: [publicUrl, `http://127.0.0.1:${port}`],
    });
    // Browsers and phones reach storage through this origin's /storage/ (server.ts), never s3rver's port.
    storagePublicUrl ??= `${publicBaseUrl}/storage`;
    s3Endpoint = s3.endpoint;
    provideLocal({ AWS_ENDPOINT_URL_S3: s3.endpoint, STORAGE_PUBLIC_URL: storagePublicUrl });
    stops.push({ name: "local S3", stop: s3.stop });
    log.info(`local S3 endpoint on ${s3.endpoint} (files in ${path.join(dataDir, "s3")})`);
  }
  await ensureBucket(createS3Client(), env.BUCKET_NAME);

  const sqsClient = new SQSClient({});
  const urls = await createQueues(sqsClient);
  provideLocal(
    Object.fromEntries(
      Object.entries(urls).map(([queue, url]) => [queueUrlVariable(queue as QueueName), url]),
    ),
  );
  // Everything the hosted processes read is in place: check it all before serving anything.
  const hosted = checkLocalHosted();
  const queuePort = createSqsQueue({ client: sqsClient });
  Queue.setPort(queuePort);
  log.info(`queues ready: ${Object.keys(urls).join(", ")} (each with a dead-letter queue)`);

  const gateway = await startGateway({
    ...gatewayOptions(env),
    printQr: true,
    port: env.WA_GATEWAY_PORT,
    controlToken: hosted.GATEWAY_TOKEN,
  });
  provideLocal({ WA_GATEWAY_URL: `http://127.0.0.1:${gateway.port}` });
  stops.push({ name: "WhatsApp gateway", stop: gateway.stop });
  log.info(
    `WhatsApp gateway running (${gateway.gateway.transport.mode}), control on 127.0.0.1:${gateway.port}`,
  );

  for (const [queue, handler] of Object.entries(LAMBDA_CONSUMERS)) {
    const poller = startPoller({
      port: queuePort,
      queue: queue as QueueName,
      queueArn: `arn:aws:sqs:${env.AWS_REGION}:000000000000:${queue}`,
      handler,
    });
    stops.push({ name: `${queue} consumer`, stop: poller.stop });
  }
  const ticker = startScheduleTicker(queuePort);
  stops.push({ name: "scheduler", stop: ticker.stop });
  log.info(
    `consumers polling ${Object.keys(LAMBDA_CONSUMERS).join(", ")}; local scheduler firing due schedules`,
  );

  const web = env.SKIP_WEB === "1" ? undefined : await startNext({ hostname: host, port });
  if (web) stops.push({ name: "dashboard", stop: web.close });
  const server = await startHttpServer({
    host,
    port,
    api: createApi(),
    publicApi: createPublicApi(),
    web: web?.handle,
    storage: storagePublicUrl ? s3Endpoint : undefined,
  });
  stops.push({ name: "HTTP server", stop: server.close });

  console.log(
    [
      "",
      `  WA-POS-CRM is running at http://localhost:${server.port}`,
      `    dashboard        http://localhost:${server.port}/`,
      `    staff API        http://localhost:${server.port}/api  (health: /api/health, spec: /api/openapi.json)`,
      `    public API       http://localhost:${server.port}/api/public`,
      ...(firstAdmin
        ? [
            `    first admin      ${firstAdmin.user.email}`,
            firstAdmin.generatedPassword
              ? `    password         ${firstAdmin.generatedPassword}  (temporary, shown this once: log in and choose your own)`
              : "    password         the ADMIN_PASSWORD you set",
          ]
        : []),
      "  Press Ctrl-C to stop.",
      "",
    ].join("\n"),
  );
}

const STOP_TIMEOUT_MS = 5000;
let stopping = false;
async function shutdown(signal: string, exitCode = 0) {
  if (stopping) return;
  stopping = true;
  log.info(`stopping (${signal})`);
  // Reverse order of start: stop taking requests first, close the database last. A part
  // that does not stop in time is reported and left behind rather than hanging Ctrl-C.
  let clean = true;
  for (const { name, stop } of stops.reverse()) {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<"timeout">((resolve) => {
      timer = setTimeout(() => resolve("timeout"), STOP_TIMEOUT_MS);
    });
    try {
      if ((await Promise.race([stop(), timeout])) === "timeout") {
        clean = false;
        log.warn(`${name} did not stop within ${STOP_TIMEOUT_MS / 1000} s`);
      } else log.debug(`${name} stopped`);
    } catch (error) {
      clean = false;
      log.error(`could not stop ${name} cleanly`, error);
    } finally {
      clearTimeout(timer);
    }
  }
  if (clean && exitCode === 0) log.info("stopped cleanly");
  process.exit(exitCode);
}

process.once("SIGINT", () => void shutdown("SIGINT"));
process.once("SIGTERM", () => void shutdown("SIGTERM"));

main().catch(async (error: unknown) => {
  log.error("start failed", error);
  await shutdown("start failure", 1);
});

/**
 * A complete environment as the deploy gives a Lambda (placeholder values, nothing real):
 * the env tests start each handler with it, and `npm run bench` imports each bundle with it,
 * since a handler now refuses to start without its variables.
 */
export const EXAMPLE_DEPLOYED_ENV: Record<string, string> = {
  DATABASE_URL: "postgres://u:p@ep-x.ap-southeast-1.aws.neon.tech/shop",
  DATABASE_DRIVER: "neon",
  AUTH_SECRET: "a".repeat(40),
  SETTINGS_KEY: "s".repeat(40),
  PUBLIC_BASE_URL: "https://kedai.example",
  BUCKET_NAME: "wa-pos-crm-media",
  QUEUE_URL_WA_INBOUND: "https://sqs.ap-southeast-1.amazonaws.com/1/wa-inbound",
  QUEUE_URL_WA_OUTBOUND_TX: "https://sqs.ap-southeast-1.amazonaws.com/1/wa-outbound-tx",
  QUEUE_URL_WA_OUTBOUND_BULK: "https://sqs.ap-southeast-1.amazonaws.com/1/wa-outbound-bulk",
  QUEUE_URL_JOBS: "https://sqs.ap-southeast-1.amazonaws.com/1/jobs",
  QUEUE_URL_EINVOICE: "https://sqs.ap-southeast-1.amazonaws.com/1/einvoice",
  QUEUE_URL_AI: "https://sqs.ap-southeast-1.amazonaws.com/1/ai",
  SCHEDULER_GROUP: "prod-wa-pos-crm",
  SCHEDULER_ROLE_ARN: "arn:aws:iam::1:role/scheduler",
  QUEUE_ARN_JOBS: "arn:aws:sqs:ap-southeast-1:1:jobs",
  QUEUE_ARN_EINVOICE: "arn:aws:sqs:ap-southeast-1:1:einvoice",
  WA_MODE: "baileys",
};

import type { SSTConfig } from "sst";
import { Api } from "./infra/api";
import { LAMBDA_NODEJS } from "./infra/bundling";
import { Gateway } from "./infra/gateway";
import { Jobs } from "./infra/jobs";
import { Queues } from "./infra/queues";
import { Storage } from "./infra/storage";

export default {
  config() {
    return { name: "wa-pos-crm", region: process.env.AWS_REGION ?? "ap-southeast-1" };
  },
  stacks(app) {
    app.setDefaultFunctionProps({
      runtime: "nodejs22.x",
      architecture: "arm_64",
      memorySize: "1024 MB",
      // HTTP API integrations stop at 30 s, and SQS consumers need a timeout below the visibility timeout.
      timeout: "30 seconds",
      logRetention: "one_month",
      nodejs: LAMBDA_NODEJS,
    });
    app.stack(Storage).stack(Queues).stack(Jobs).stack(Api).stack(Gateway);
    // The dashboard (NextjsSite, infra/web.ts) is added with the web issue: it needs OpenNext downloads.
  },
} satisfies SSTConfig;

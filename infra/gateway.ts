import {
  Duration,
  aws_ec2 as ec2,
  aws_ecs as ecs,
  type aws_secretsmanager as secretsmanager,
} from "aws-cdk-lib";
import { Service, type StackContext, use } from "sst/constructs";
import { GatewayEnv } from "../packages/wa-gateway/src/env";
import { environmentFor, type Provided, permissionsFor } from "./env";
import { Queues, queueUrls } from "./queues";
import { Storage } from "./storage";

const PORT = 3001;

export function Gateway({ stack }: StackContext) {
  const { bucket, secrets } = use(Storage);
  const { queues } = use(Queues);
  // Exactly what the gateway's env schema (packages/wa-gateway/src/env.ts) asks for.
  const provided: Provided = {
    values: { WA_MODE: "baileys", PORT: String(PORT), BUCKET_NAME: bucket.bucketName, ...queueUrls(queues) },
    secrets,
    queues,
    bucket,
  };
  const { environment, secrets: containerSecrets } = environmentFor("wa-gateway", GatewayEnv, provided, true);

  // The task only dials out (WhatsApp, SQS, S3, Postgres): public subnets and a public IP spare a NAT gateway.
  const vpc = new ec2.Vpc(stack, "Vpc", {
    maxAzs: 2,
    natGateways: 0,
    subnetConfiguration: [{ name: "public", subnetType: ec2.SubnetType.PUBLIC }],
  });

  const service = new Service(stack, "WaGateway", {
    // The build context is the repo root because the image also needs the core workspace.
    path: ".",
    file: "packages/wa-gateway/Dockerfile",
    port: PORT,
    cpu: "0.5 vCPU",
    memory: "1 GB",
    logRetention: "one_month",
    scaling: { cpuUtilization: false, memoryUtilization: false, requestsPerContainer: false },
    environment,
    // Includes sending to wa-outbound-tx: the gateway tells the owner when the connection drops.
    permissions: permissionsFor("wa-gateway", GatewayEnv, provided),
    cdk: {
      vpc,
      applicationLoadBalancer: false,
      fargateService: {
        // A WhatsApp session allows one socket: the old task stops before the new one starts.
        desiredCount: 1,
        minHealthyPercent: 0,
        maxHealthyPercent: 100,
        circuitBreaker: { rollback: true },
        assignPublicIp: true,
        vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      },
      container: {
        // ECS reads the secrets when the task starts; they never appear in the task definition.
        // SETTINGS_KEY seals the WhatsApp session's keys in the database.
        secrets: Object.fromEntries(
          Object.entries(containerSecrets).map(([name, secret]) => [
            name,
            ecs.Secret.fromSecretsManager(secret as secretsmanager.ISecret),
          ]),
        ),
        healthCheck: {
          command: [
            "CMD",
            "node",
            "-e",
            `fetch("http://127.0.0.1:${PORT}/health").then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))`,
          ],
          interval: Duration.seconds(30),
          timeout: Duration.seconds(5),
          retries: 3,
          startPeriod: Duration.seconds(60),
        },
      },
    },
  });
  return { service };
}

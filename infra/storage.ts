import { SecretValue, aws_secretsmanager as secretsmanager } from "aws-cdk-lib";
import { Bucket, type StackContext } from "sst/constructs";

/**
 * The app's secrets live in Secrets Manager as "<app>/<stage>/<NAME>", created once per stage
 * before the first deploy (see docs/deploy.md): DATABASE_URL, AUTH_SECRET (signs sessions),
 * SETTINGS_KEY (encrypts secrets kept in settings). Lambdas get them through CloudFormation
 * dynamic references resolved at deploy time, so no SDK call (and no SSM or Secrets Manager
 * client in the bundle) is needed at cold start; changing one takes a redeploy.
 */
export const SECRET_NAMES = ["DATABASE_URL", "AUTH_SECRET", "SETTINGS_KEY"] as const;
export type SecretName = (typeof SECRET_NAMES)[number];
export const secretName = (app: string, stage: string, name: SecretName) => `${app}/${stage}/${name}`;

export function Storage({ stack, app }: StackContext) {
  const bucket = new Bucket(stack, "Media", {
    blockPublicACLs: true,
    // Browsers upload and download straight to S3 with presigned URLs; the signature is the guard.
    cors: [
      {
        allowedMethods: ["GET", "PUT", "HEAD"],
        allowedOrigins: ["*"],
        allowedHeaders: ["*"],
        exposedHeaders: ["ETag"],
        maxAge: "1 hour",
      },
    ],
    cdk: { bucket: { enforceSSL: true } },
  });
  const secrets = Object.fromEntries(
    SECRET_NAMES.map((name) => {
      const full = secretName(app.name, stack.stage, name);
      return [
        name,
        {
          secret: secretsmanager.Secret.fromSecretNameV2(stack, `Secret${name}`, full),
          /** `{{resolve:secretsmanager:…}}`: CloudFormation puts the value in at deploy time. */
          reference: SecretValue.secretsManager(full).unsafeUnwrap(),
        },
      ];
    }),
  ) as Record<SecretName, { secret: secretsmanager.ISecret; reference: string }>;
  stack.addOutputs({ BucketName: bucket.bucketName });
  return { bucket, secrets };
}

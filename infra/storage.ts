import { SecretValue, aws_secretsmanager as secretsmanager } from "aws-cdk-lib";
import { Bucket, type StackContext } from "sst/constructs";

/**
 * The database URL lives in Secrets Manager as "<app>/<stage>/DATABASE_URL", created once per
 * stage before the first deploy (see docs/deploy.md). Lambdas get it through a CloudFormation
 * dynamic reference resolved at deploy time, so no SDK call (and no SSM client in the bundle)
 * is needed at cold start; changing it takes a redeploy.
 */
export const databaseUrlSecretName = (app: string, stage: string) => `${app}/${stage}/DATABASE_URL`;

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
  const secretName = databaseUrlSecretName(app.name, stack.stage);
  const databaseUrl = {
    secret: secretsmanager.Secret.fromSecretNameV2(stack, "DatabaseUrl", secretName),
    /** `{{resolve:secretsmanager:…}}`: CloudFormation puts the value in at deploy time. */
    reference: SecretValue.secretsManager(secretName).unsafeUnwrap(),
  };
  stack.addOutputs({ BucketName: bucket.bucketName });
  return { bucket, databaseUrl };
}

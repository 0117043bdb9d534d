import { Api as HttpApi, type StackContext, use } from "sst/constructs";
import { useBackendDefaults } from "./backend";
import { Jobs } from "./jobs";

export function Api({ stack }: StackContext) {
  useBackendDefaults(stack, use(Jobs).scheduler);
  const api = new HttpApi(stack, "Http", {
    routes: {
      "ANY /api/public/{proxy+}": "packages/functions/src/public/lambda.handler",
      "ANY /api/{proxy+}": "packages/functions/src/api/lambda.handler",
    },
  });
  stack.addOutputs({ ApiUrl: api.url });
  return { api };
}

import { Function as Fn, Api as HttpApi, type StackContext, use } from "sst/constructs";
import { HANDLERS, type HandlerName } from "../packages/functions/src/lambda/handlers";
import { lambdaProps, lambdaProvided } from "./backend";
import { Jobs } from "./jobs";

/** The HTTP API: each route goes to the handler (HANDLERS) that serves it; a handler may serve several. */
export function Api({ stack }: StackContext) {
  const provided = lambdaProvided(stack, use(Jobs).scheduler);
  const routes = Object.fromEntries(
    (Object.keys(HANDLERS) as HandlerName[]).flatMap((name) => {
      const { trigger } = HANDLERS[name];
      if (!("routes" in trigger)) return [];
      const fn = new Fn(stack, `${name}-handler`, lambdaProps(name, provided));
      return trigger.routes.map((route) => [route, { function: fn }]);
    }),
  );
  const api = new HttpApi(stack, "Http", { routes });
  stack.addOutputs({ ApiUrl: api.url });
  return { api };
}

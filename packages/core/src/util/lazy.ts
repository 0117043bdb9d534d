/**
 * `load` run on the first call and its promise shared by every later one; a load that fails is
 * run again by the next call rather than failing for the life of the process.
 */
export function loadOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => {
    if (!loaded) {
      loaded = load();
      loaded.catch(() => {
        loaded = undefined;
      });
    }
    return loaded;
  };
}

/**
 * A port whose adapter is imported on first use instead of at cold start: the AWS SDK clients
 * behind the queue, blob and scheduler ports are a third of a handler's code, and a request
 * that needs none of them never parses them. Every method of `T` must return a promise.
 */
export function lazyPort<T extends object>(load: () => Promise<T>): T {
  const real = loadOnce(load);
  return new Proxy({} as T, {
    get: (_target, method) =>
      // Not a thenable: `await port` must not call into it.
      method === "then"
        ? undefined
        : async (...args: unknown[]) => {
            const port = await real();
            return (port[method as keyof T] as (...a: unknown[]) => unknown).apply(port, args);
          },
  });
}

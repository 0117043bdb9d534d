import { AsyncLocalStorage } from "node:async_hooks";

/** A typed AsyncLocalStorage: values set at an entry point and read anywhere below it. */
export function createContext<T>(name: string) {
  const storage = new AsyncLocalStorage<T>();
  return {
    with<R>(value: T, cb: () => R): R {
      return storage.run(value, cb);
    },
    use(): T {
      const value = storage.getStore();
      if (value === undefined) throw new Error(`No ${name} context is set`);
      return value;
    },
    maybe(): T | undefined {
      return storage.getStore();
    },
  };
}

import { Env } from "../src/env/index";

// No entry point loads the environment in a test: core reads the test process's own, live.
Env.set(process.env);

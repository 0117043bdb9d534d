import { loadProcessEnv } from "@wapos/core/env/process";
import { LambdaEnv } from "./lambda";

/** The jobs consumer: follow-ups, SLA checks, delivery checks, housekeeping. */
export const JobsEnv = LambdaEnv;

export const loadJobsEnv = () => loadProcessEnv("jobs consumer", JobsEnv);

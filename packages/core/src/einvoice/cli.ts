import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import type { DbHandle } from "../db/index";
import { verify } from "./signature/signature";

// `npm run einvoice -- <command> …`: e-invoice tools for operators and support (bin.ts runs it).
// Exit codes: 0 done/valid, 1 the document failed a check, 2 wrong usage or unreadable input.

/** Where a command writes, and where the paths it is given start: the process's own, or a test's. */
export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  cwd: string;
}

interface Command {
  usage: string;
  summary: string;
  run: (args: string[], io: CliIo) => number | Promise<number>;
}

/** Wrong arguments or an unreadable file: reported with the usage text, exit code 2. */
class UsageError extends Error {}

const COMMANDS = new Map<string, Command>([
  [
    "verify",
    {
      usage: "verify FILE",
      summary: "check the v1.1 signature of a signed UBL JSON document",
      run: verifyCommand,
    },
  ],
  [
    "validate",
    {
      usage: "validate FILE [--at ISO-TIME]",
      summary: "check a UBL JSON document against LHDN's rules (issue-time rules as of --at, default now)",
      run: validateCommand,
    },
  ],
  [
    "export",
    {
      usage: "export INVOICE [--xml] [--out FILE]",
      summary: "write an invoice's document (by number or id): as submitted, or built and signed now",
      run: exportCommand,
    },
  ],
]);

function option(args: string[], name: string): { value?: string; rest: string[] } {
  const at = args.indexOf(name);
  if (at === -1) return { rest: args };
  const value = args[at + 1];
  if (!value || value.startsWith("--")) throw new UsageError(`${name} needs a value`);
  return { value, rest: [...args.slice(0, at), ...args.slice(at + 2)] };
}

const line = (stream: CliIo["stdout"], text: string) => stream.write(`${text}\n`);

async function validateCommand(args: string[], io: CliIo): Promise<number> {
  const { value: at, rest } = option(args, "--at");
  const [file, ...extra] = rest;
  if (!file || extra.length > 0) throw new UsageError("validate takes exactly one FILE");
  const now = at ? new Date(at) : new Date();
  if (Number.isNaN(now.getTime())) throw new UsageError(`--at ${at} is not a time`);
  let document: unknown;
  try {
    document = JSON.parse(read(file, io));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    line(io.stdout, `FAILED: ${file} is not JSON (${(error as Error).message})`);
    return 1;
  }
  const { validateDocument } = await import("./validation/validate");
  const { ok, issues } = validateDocument(document, { now });
  line(io.stdout, ok ? "OK" : `FAILED: ${issues.filter((i) => i.severity === "error").length} error(s)`);
  for (const issue of issues)
    line(
      io.stdout,
      `  ${issue.severity === "error" ? "ERROR" : "warn "} ${issue.code} at ${issue.path}\n        ${issue.message.en}`,
    );
  return ok ? 0 : 1;
}

/** The database a command opened (export), for the process running it to close: see closeDatabase. */
let opened: Promise<DbHandle> | undefined;

async function exportCommand(args: string[], io: CliIo): Promise<number> {
  const { value: out, rest: afterOut } = option(args, "--out");
  const xml = afterOut.includes("--xml");
  const [invoice, ...extra] = afterOut.filter((arg) => arg !== "--xml");
  if (!invoice || extra.length > 0) throw new UsageError("export takes exactly one INVOICE (number or id)");
  const [{ Einvoice }, { exportOne }, { useDbHandle }] = await Promise.all([
    import("./index"),
    import("./flow/export"),
    import("../db/index"),
  ]);
  opened = useDbHandle();
  try {
    const id = /^[0-9a-f-]{36}$/i.test(invoice) ? invoice : (await Einvoice.byNumber(invoice)).id;
    const file = await exportOne(id);
    const text = xml ? file.xml : file.json;
    if (out) writeFileSync(resolve(io.cwd, out), text);
    else line(io.stdout, text);
    return 0;
  } catch (error) {
    const { VisibleError } = await import("../error");
    if (!(error instanceof VisibleError)) throw error;
    line(io.stderr, `einvoice export: ${error.message}`);
    return 1;
  }
}

function verifyCommand(args: string[], io: CliIo): number {
  const [file, ...extra] = args;
  if (!file || extra.length > 0) throw new UsageError("verify takes exactly one FILE");
  const result = verify(read(file, io));
  const failed = result.checks.filter((check) => !check.ok).map((check) => check.name);
  line(io.stdout, result.ok ? "OK" : `FAILED: ${failed.join(", ")}`);
  for (const check of result.checks) {
    line(
      io.stdout,
      `  ${check.ok ? "ok  " : "FAIL"} ${check.name}${check.detail ? `: ${check.detail}` : ""}`,
    );
  }
  return result.ok ? 0 : 1;
}

function read(file: string, io: CliIo): string {
  try {
    return readFileSync(resolve(io.cwd, file), "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
}

function usage(io: CliIo, problem?: string): number {
  if (problem) line(io.stderr, `einvoice: ${problem}`);
  line(io.stderr, "usage: npm run einvoice -- <command>");
  for (const command of COMMANDS.values())
    line(io.stderr, `  ${command.usage.padEnd(36)} ${command.summary}`);
  return 2;
}

/** Closes the database a command opened, if any: its pool would keep a command-line process alive. */
export async function closeDatabase() {
  await (await opened)?.close();
  opened = undefined;
}

/** Runs one command (`argv` without the program name) and returns its exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...args] = argv;
  const command = name === undefined ? undefined : COMMANDS.get(name);
  if (!command) return usage(io, name === undefined ? undefined : `unknown command: ${name}`);
  try {
    return await command.run(args, io);
  } catch (error) {
    if (error instanceof UsageError) return usage(io, error.message);
    throw error;
  }
}

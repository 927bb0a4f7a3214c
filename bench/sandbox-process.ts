/**
 * The sandbox ERPs in their own process, exactly as `npm run sandbox` starts them (src/sandbox-main.ts, ts-node
 * transpile-only), on ephemeral ports (SANDBOX_PORT=0) with a fresh data directory. The connection block it prints
 * is what a gateway config needs. Upstream calls are counted from the T100 sandbox's own call log (`calls` in its
 * SQLite file, one row per call that reached dispatch), read from the bench process — nothing sits in between.
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';

export interface SandboxProcess {
  readonly pid: number;
  /** `connections:` as printed: id → connection record (the T100 one is `t100`). */
  readonly connections: Record<string, Record<string, unknown>>;
  readonly t100BaseUrl: string;
  /** The T100 sandbox's call log. */
  readonly t100Calls: CallCounter;
  stop(): Promise<void>;
}

/**
 * `npm run bench` runs the bench compiled (dist-bench/, built with the gateway by its prebench step: an output folder
 * of its own, since two incremental builds sharing one folder can each leave the other's files stale), and every server
 * it starts from the same build, as `npm start` and `npm run sandbox` run: no transpiler hook is loaded (ts-node's
 * pulls in node:repl, hence node:domain, which wraps every EventEmitter emit). Started from TypeScript under
 * ts-node instead, it starts its servers the same way.
 */
export const COMPILED = __filename.endsWith('.js');
/** Where the code runs from: dist-bench/ when compiled, the repository otherwise. */
export const CODE_ROOT = path.join(__dirname, '..');
/** The repository (package.json, tsconfig files, bench/results). */
export const REPO_ROOT = COMPILED ? path.join(__dirname, '../..') : CODE_ROOT;
/** A module of the project as this bench runs it: `src/main` → dist-bench/src/main.js or src/main.ts. */
export const codeFile = (module: string): string => path.join(CODE_ROOT, `${module}${COMPILED ? '.js' : '.ts'}`);
/** Node's arguments for a server: none for the build; ts-node's transpile-only hook for TypeScript. */
export const TS_NODE_ARGS: readonly string[] = COMPILED ? [] : ['-r', 'ts-node/register/transpile-only'];

export async function startSandboxProcess(): Promise<SandboxProcess> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gw-bench-sandbox-'));
  const child = tracked(spawn(process.execPath, [...TS_NODE_ARGS, codeFile('src/sandbox-main')], {
    cwd: REPO_ROOT,
    env: { ...process.env, SANDBOX_PORT: '0', SANDBOX_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
  }));
  const output = await new Promise<string>((resolve, reject) => {
    let text = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      if (/admin \(documents, faults\): \S+/.test(text)) resolve(text);
    });
    child.stderr!.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
    });
    child.once('exit', (code) => reject(new Error(`npm run sandbox exited with ${code}: ${text.slice(-800)}`)));
  });
  const connections: Record<string, Record<string, unknown>> = {};
  for (const found of output.matchAll(/^ {2}(\w+): (\{.*\})$/gm)) connections[found[1]] = JSON.parse(found[2]) as Record<string, unknown>;
  const t100BaseUrl = String(connections.t100?.baseUrl ?? '');
  if (!t100BaseUrl) throw new Error(`npm run sandbox printed no t100 connection: ${output.slice(0, 500)}`);
  const t100Calls = new CallCounter(path.join(dataDir, 't100-sandbox.sqlite'));
  return {
    pid: child.pid!,
    connections,
    t100BaseUrl,
    t100Calls,
    async stop() {
      t100Calls.close();
      await stopChild(child);
    },
  };
}

const running = new Set<ChildProcess>();
// A bench that fails half-way leaves no server behind (children without an IPC channel do not notice it went).
process.once('exit', () => {
  for (const child of running) child.kill('SIGTERM');
});

/** Tracked until it exits, so an exiting bench stops it. */
export function tracked(child: ChildProcess): ChildProcess {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** SIGTERM, then wait for the exit (SIGKILL after 5 s). */
export async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

/** What a forked server tells the bench once it listens; `failed` when it could not start. */
export type ServerMessage = { type: 'ready'; url: string; [extra: string]: unknown } | { type: 'failed'; error: string };

/**
 * Forks `file` (compiled, or under ts-node; with an IPC channel) as a server the bench measures from outside, and waits for its
 * `ready` message: the process and what it said.
 */
export async function forkServer(file: string, name: string, env: NodeJS.ProcessEnv, execArgv: readonly string[] = TS_NODE_ARGS): Promise<{ child: ChildProcess; ready: Extract<ServerMessage, { type: 'ready' }> }> {
  const child = tracked(
    fork(file, [], {
      cwd: REPO_ROOT,
      // BENCH_CPU_PROF_DIR: each forked server writes a V8 CPU profile there when it stops (node --cpu-prof).
      execArgv: [...execArgv, ...(process.env.BENCH_CPU_PROF_DIR ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF_DIR}`] : [])],
      env: { ...process.env, ...env, NODE_ENV: 'production' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  const ready = await new Promise<Extract<ServerMessage, { type: 'ready' }>>((resolve, reject) => {
    const listener = (message: ServerMessage): void => {
      if (message.type === 'failed') reject(new Error(`${name}: ${message.error}`));
      if (message.type !== 'ready') return;
      child.off('message', listener);
      resolve(message);
    };
    child.on('message', listener);
    child.once('exit', (code) => reject(new Error(`${name} process exited with ${code}`)));
  });
  return { child, ready };
}

/**
 * A forked server's entry point: run `main`, and if it cannot start, tell the bench why (forkServer reports it) rather
 * than only exiting.
 */
export function runForked(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    process.send?.({ type: 'failed', error: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  });
}

/** In the forked server: stop on SIGTERM or when the bench goes away (no orphan keeps its port), then say ready. */
export function serveUntilStopped(server: { url: string; stop(): Promise<void> }, extra: Record<string, unknown> = {}): void {
  const stop = (): void => {
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('disconnect', stop);
  process.send!({ type: 'ready', url: server.url, ...extra });
}

/** Counts rows of a sandbox's call log (read-only; the sandbox writes in WAL mode, so readers never block it). */
export class CallCounter {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file, { readonly: true, fileMustExist: true });
  }

  /** The id of the latest call (a mark to count from). */
  mark(): number {
    return (this.db.prepare('SELECT COALESCE(MAX(id), 0) AS id FROM calls').get() as { id: number }).id;
  }

  /** Calls after `mark`, by service name. */
  since(mark: number): Record<string, number> {
    const rows = this.db.prepare('SELECT service, COUNT(*) AS n FROM calls WHERE id > ? GROUP BY service').all(mark) as { service: string; n: number }[];
    return Object.fromEntries(rows.map((row) => [row.service, row.n]));
  }

  close(): void {
    this.db.close();
  }
}

/**
 * A gateway as a process of its own (`src/main.ts` on a config file), for tests that kill one with SIGKILL, and the
 * small HTTP and polling helpers those tests share.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';

const ROOT = path.join(__dirname, '../..');

export interface GatewayProcess {
  readonly process: ChildProcess;
  /** The /graphql URL it logged. */
  readonly url: string;
  /** Its instance id (the owner of the sagas it runs), as logged at start. */
  readonly instance: string;
  /** Every line it wrote, stdout and stderr. */
  readonly lines: string[];
}

/** Start `src/main.ts` on a config file, and wait for its "gateway listening" line (URL and instance are in it). */
export function startGatewayProcess(configFile: string, env: Readonly<Record<string, string>> = {}): Promise<GatewayProcess> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, ...env, GATEWAY_CONFIG: configFile, LOG_LEVEL: 'info', TS_NODE_TRANSPILE_ONLY: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`gateway did not start:\n${lines.join('\n')}`)), 20_000);
    let buffered = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const parts = buffered.split('\n');
      buffered = parts.pop() ?? '';
      for (const line of parts) {
        lines.push(line);
        if (line.includes('"gateway listening"')) {
          clearTimeout(timer);
          const { url, instance } = JSON.parse(line) as { url: string; instance: string };
          resolve({ process: child, url, instance, lines });
        }
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => lines.push(chunk.toString('utf8')));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code}:\n${lines.join('\n')}`));
    });
  });
}

/** A GraphQL request whose answer must have no errors. */
export async function graphql<T>(url: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
  const body = (await response.json()) as { data: T; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

/** Ask `probe` until it answers something, or fail after `ms`. */
export async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

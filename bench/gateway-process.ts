/**
 * The gateway in its own process for the bench, configured like any deployment: GATEWAY_CONFIG names a config
 * file whose `connections` are the block `npm run sandbox` printed. Run directly (forked, with an IPC channel), it
 * starts the gateway with logging off (as the bench always measured it), sends `{ type: 'ready', url }`, answers
 * `{ type: 'memory' }` with its memory after a forced GC (it runs with --expose-gc), and stops on SIGTERM.
 */
import 'reflect-metadata';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfigFile } from '../src/config';
import { startGateway } from '../src/server';
import { forkServer, runForked, serveUntilStopped, stopChild, TS_NODE_ARGS } from './sandbox-process';

export interface GatewayProcess {
  readonly pid: number;
  readonly url: string;
  /** process.memoryUsage() of the gateway after a forced GC. */
  memoryAfterGc(): Promise<NodeJS.MemoryUsage>;
  stop(): Promise<void>;
}

type Message = { type: 'ready'; url: string } | { type: 'memory'; usage: NodeJS.MemoryUsage };

export async function startGatewayProcess(connections: Record<string, Record<string, unknown>>): Promise<GatewayProcess> {
  const dataDir = mkdtempSync(path.join(tmpdir(), 'gw-bench-gateway-'));
  const configFile = path.join(dataDir, 'gateway.json');
  // JSON is YAML: loadConfigFile reads it as any config file.
  writeFileSync(configFile, JSON.stringify({ port: 0, host: '127.0.0.1', dataDir, defaultConnection: 't100', connections }, null, 2));
  const { child, ready } = await forkServer(__filename, 'gateway', { GATEWAY_CONFIG: configFile }, ['--expose-gc', ...TS_NODE_ARGS]);
  const url = ready.url;
  return {
    pid: child.pid!,
    url,
    memoryAfterGc: () =>
      new Promise((resolve) => {
        const listener = (message: Message): void => {
          if (message.type !== 'memory') return;
          child.off('message', listener);
          resolve(message.usage);
        };
        child.on('message', listener);
        child.send({ type: 'memory' });
      }),
    stop: () => stopChild(child),
  };
}

async function main(): Promise<void> {
  const gateway = await startGateway({ config: loadConfigFile(process.env.GATEWAY_CONFIG!), logger: pino({ level: 'silent' }) });
  process.on('message', (message: { type: string }) => {
    if (message.type !== 'memory') return;
    global.gc?.();
    process.send!({ type: 'memory', usage: process.memoryUsage() });
  });
  serveUntilStopped({ url: gateway.url, stop: () => gateway.close() });
}

if (require.main === module) runForked(main);

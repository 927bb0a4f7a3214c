/**
 * The gateway in its own process for the bench, configured like any deployment: GATEWAY_CONFIG names a config
 * file whose `connections` are the block `npm run sandbox` printed. Run directly (forked, with an IPC channel), it
 * starts the gateway with logging off (as the bench always measured it), sends `{ type: 'ready', url }`, answers
 * `{ type: 'memory' }` with its memory after a forced GC (it runs with --expose-gc), and stops on SIGTERM.
 */
import 'reflect-metadata';
import { fork } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfigFile } from '../src/config';
import { startGateway } from '../src/server';
import { stopChild, tracked, TS_NODE_ARGS } from './sandbox-process';

export interface GatewayProcess {
  readonly pid: number;
  readonly url: string;
  readonly configFile: string;
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
  const child = tracked(fork(__filename, [], {
    cwd: path.join(__dirname, '..'),
    execArgv: ['--expose-gc', ...TS_NODE_ARGS],
    env: { ...process.env, GATEWAY_CONFIG: configFile, NODE_ENV: 'production' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  }));
  const url = await new Promise<string>((resolve, reject) => {
    child.on('message', (message: Message) => {
      if (message.type === 'ready') resolve(message.url);
    });
    child.once('exit', (code) => reject(new Error(`gateway process exited with ${code}`)));
  });
  return {
    pid: child.pid!,
    url,
    configFile,
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
  const stop = (): void => {
    gateway.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  // The bench went away without stopping us: no orphan keeps the port.
  process.once('disconnect', stop);
  process.send!({ type: 'ready', url: gateway.url });
}

if (require.main === module) void main();

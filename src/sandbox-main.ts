/**
 * `npm run sandbox`: the sandbox ERPs alone, so several gateway instances — or an MES team's own tests — share one
 * set of ERPs. Each registered family's sandbox listens on its own port; one admin port serves `/sandbox/...`
 * (documents, faults) for all of them. Prints each base URL and a `connections:` block to paste into a gateway
 * config. Settings: SANDBOX_HOST (127.0.0.1), SANDBOX_PORT (admin, 4100; ERPs on the ports after it; 0 for
 * ephemeral ports), SANDBOX_DATA_DIR (./data/sandbox).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import express from 'express';
import pino from 'pino';
import { startSandboxes } from './erps';
import { sandboxAdminRouter } from './server/sandbox-admin';

async function main(): Promise<void> {
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });
  const host = process.env.SANDBOX_HOST ?? '127.0.0.1';
  const adminPort = Number(process.env.SANDBOX_PORT ?? 4100);
  if (!Number.isInteger(adminPort) || adminPort < 0 || adminPort > 65535) {
    logger.fatal('SANDBOX_PORT must be a port number (0 for ephemeral ports)');
    process.exit(2);
  }
  const dataDir = path.resolve(process.env.SANDBOX_DATA_DIR ?? './data/sandbox');
  // The ERPs on the ports after the admin port (ephemeral ones when it is 0).
  const { sandboxes, connections } = await startSandboxes({ dataDir, host, port: (index) => (adminPort === 0 ? 0 : adminPort + 1 + index) });
  const app = express();
  app.disable('x-powered-by');
  app.use('/sandbox', sandboxAdminRouter(sandboxes));
  app.use((req, res) => {
    res.status(404).json({ error: `No route ${req.method} ${req.path}` });
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(adminPort, host, resolve));
  const admin = `http://${host}:${(server.address() as AddressInfo).port}/sandbox`;
  logger.info({ admin, dataDir, sandboxes: sandboxes.map(({ id, erp, baseUrl }) => ({ id, erp, baseUrl })) }, 'sandbox ERPs listening');
  // For people: the block a gateway config needs to use these ERPs.
  const yaml = Object.entries(connections)
    .map(([id, connection]) => `  ${id}: ${JSON.stringify(connection)}`)
    .join('\n');
  process.stdout.write(`\nconnections:\n${yaml}\n\nadmin (documents, faults): ${admin}\n\n`);
  const stop = (): void => {
    server.close();
    Promise.all(sandboxes.map((sandbox) => sandbox.close())).then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

void main();

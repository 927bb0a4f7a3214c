/**
 * The peer gateway (bench/peer/, GraphQL Mesh + Hive Gateway, built separately) in its own process, like the
 * gateway and the naive server, so its RSS is its own and it does not share the load generator's event loop.
 * bench/peer/index.ts is loaded with require() so the bench builds and runs while that folder is absent.
 */
import { fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { stopChild, tracked, TS_NODE_ARGS } from './sandbox-process';

/** What bench/peer/index.ts exports. */
interface PeerModule {
  startPeerGateway(options: { sandboxUrl: string }): Promise<{ url: string; stop(): Promise<void> }>;
  /** The nested query in the peer's own schema, when it differs from the gateway's text. */
  PEER_NESTED_QUERY?: string;
}

export const PEER_ENTRY = path.join(__dirname, 'peer', 'index.ts');

export function peerBuilt(): boolean {
  return existsSync(PEER_ENTRY);
}

/** `sandboxUrl`: the T100 sandbox's base URL (`http://127.0.0.1:PORT/wtopprd`). */
export async function startPeerProcess(sandboxUrl: string): Promise<{ pid: number; url: string; nestedQuery?: string; stop(): Promise<void> }> {
  const child = tracked(
    fork(__filename, [], {
      cwd: path.join(__dirname, '..'),
      execArgv: [...TS_NODE_ARGS],
      env: { ...process.env, PEER_SANDBOX_URL: sandboxUrl, NODE_ENV: 'production' },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  const ready = await new Promise<{ url: string; nestedQuery?: string }>((resolve, reject) => {
    child.on('message', (message: { type: string; url?: string; nestedQuery?: string; error?: string }) => {
      if (message.type === 'ready') resolve({ url: message.url!, ...(message.nestedQuery ? { nestedQuery: message.nestedQuery } : {}) });
      if (message.type === 'failed') reject(new Error(message.error));
    });
    child.once('exit', (code) => reject(new Error(`peer gateway process exited with ${code}`)));
  });
  return { pid: child.pid!, url: ready.url.replace(/\/+$/, ''), ...(ready.nestedQuery ? { nestedQuery: ready.nestedQuery } : {}), stop: () => stopChild(child) };
}

async function main(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const peerModule = require(PEER_ENTRY) as PeerModule;
  const peer = await peerModule.startPeerGateway({ sandboxUrl: process.env.PEER_SANDBOX_URL! });
  const stop = (): void => {
    peer.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', stop);
  process.once('disconnect', stop);
  process.send!({ type: 'ready', url: peer.url, nestedQuery: peerModule.PEER_NESTED_QUERY });
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.send?.({ type: 'failed', error: error instanceof Error ? error.message : String(error) });
    process.exit(1);
  });
}

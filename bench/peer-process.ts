/**
 * The peer gateway (bench/peer/, GraphQL Mesh + Hive Gateway, built separately) in its own process, like the
 * gateway and the naive server, so its RSS is its own and it does not share the load generator's event loop.
 * bench/peer/index.ts is loaded with require() so the bench builds and runs while that folder is absent.
 */
import { existsSync } from 'node:fs';
import { codeFile, forkServer, runForked, serveUntilStopped, stopChild } from './sandbox-process';

/** What bench/peer/index.ts exports. */
interface PeerModule {
  startPeerGateway(options: { sandboxUrl: string }): Promise<{ url: string; stop(): Promise<void> }>;
  /** The nested query in the peer's own schema, when it differs from the gateway's text. */
  PEER_NESTED_QUERY?: string;
}

export const PEER_ENTRY = codeFile('bench/peer/index');

export function peerBuilt(): boolean {
  return existsSync(PEER_ENTRY);
}

/** `sandboxUrl`: the T100 sandbox's base URL (`http://127.0.0.1:PORT/wtopprd`). */
export async function startPeerProcess(sandboxUrl: string): Promise<{ pid: number; url: string; nestedQuery?: string; stop(): Promise<void> }> {
  const { child, ready } = await forkServer(__filename, 'peer gateway', { PEER_SANDBOX_URL: sandboxUrl });
  const nestedQuery = typeof ready.nestedQuery === 'string' ? ready.nestedQuery : undefined;
  return { pid: child.pid!, url: ready.url.replace(/\/+$/, ''), ...(nestedQuery ? { nestedQuery } : {}), stop: () => stopChild(child) };
}

async function main(): Promise<void> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const peerModule = require(PEER_ENTRY) as PeerModule;
  const peer = await peerModule.startPeerGateway({ sandboxUrl: process.env.PEER_SANDBOX_URL! });
  serveUntilStopped(peer, { nestedQuery: peerModule.PEER_NESTED_QUERY });
}

if (require.main === module) runForked(main);

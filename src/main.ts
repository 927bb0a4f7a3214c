/**
 * `npm start`: with GATEWAY_CONFIG, the gateway in front of the configured ERPs; without, the gateway plus the
 * embedded sandbox ERPs. A bad config stops the process with a message naming the bad key.
 */
import 'reflect-metadata';
import pino from 'pino';
import { requestIdMixin } from './observability/request-context';
import { ConfigError, loadConfigFile } from './config';
import { startEmbedded } from './embedded';
import { startGateway, type RunningGateway } from './server';

async function main(): Promise<void> {
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'info', mixin: requestIdMixin });
  let gateway: RunningGateway;
  try {
    gateway = process.env.GATEWAY_CONFIG
      ? await startGateway({ config: loadConfigFile(process.env.GATEWAY_CONFIG), logger })
      : await startEmbedded({ logger });
  } catch (error) {
    if (error instanceof ConfigError) {
      logger.fatal(error.message);
      process.exit(2);
    }
    throw error;
  }
  if (!process.env.GATEWAY_CONFIG) logger.info(`sandbox mode: GraphiQL at ${gateway.url}/graphql`);
  const stop = (signal: string): void => {
    logger.info({ signal }, 'shutting down');
    gateway.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}

void main();

/**
 * Runs one shift against a running gateway and prints what it booked:
 *   GATEWAY_URL     gateway base URL (default http://localhost:4000)
 *   GATEWAY_API_KEY API key, when the gateway is configured with apiKeys
 *   SHIFT_ID        the shift; run again with the same id and every step replays (default: a new id per run)
 *   CONNECTION      gateway connection (default: the gateway's routing)
 */
import { GatewayClient, UserErrorsError } from './client';
import { runShift, summarize, type ShiftResult } from './shift';

export async function main(env: NodeJS.ProcessEnv = process.env, log: (line: string) => void = console.log): Promise<ShiftResult> {
  const url = env.GATEWAY_URL ?? 'http://localhost:4000';
  const shiftId = env.SHIFT_ID ?? `shift-${new Date().toISOString().replace(/[-:.]/g, '').slice(0, 15)}-${process.pid}`;
  const client = new GatewayClient({ url, apiKey: env.GATEWAY_API_KEY });
  log(`shift ${shiftId} against ${url}/graphql`);
  const result = await runShift(client, { shiftId, connection: env.CONNECTION });
  log(summarize(result));
  log(
    `work order ${result.workOrderNo}: material issued on ${result.issuingNoteNo}, work reported on ${result.workReportNo}, ` +
      `${result.stockIns.filter((stockIn) => stockIn.status === 'POSTED').length} stock-in(s) posted, ${result.reversedStockInNo} reversed`,
  );
  return result;
}

if (require.main === module) {
  main().catch((error: unknown) => {
    if (error instanceof UserErrorsError) {
      console.error(`refused: ${error.message}`);
      for (const problem of error.userErrors) console.error(`  ${problem.code}${problem.docNo ? ` ${problem.docNo}` : ''}: ${problem.message}${problem.erp ? ` (ERP ${problem.erp.code ?? ''} ${problem.erp.message})` : ''}`);
    } else {
      console.error(error);
    }
    process.exitCode = 1;
  });
}

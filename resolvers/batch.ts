/**
 * Batch booking for MES (design §2): `create<Type>Batch`, `createAndApprove<Type>Batch`, `createAndPost<Type>Batch`.
 * Items run independently, each under its own idempotency key, at most a few at a time per connection (the ERP,
 * not the gateway, is the scarce resource); the answer is one payload per item, in the order of the items.
 */
import { BadUserInputError } from '../src/errors';

export const MAX_BATCH_ITEMS = 100;
/** Items of one batch in flight at once against one connection. */
export const BATCH_CONCURRENCY_PER_CONNECTION = 4;

export interface BatchItem<Input> {
  readonly idempotencyKey: string;
  readonly connection?: string | null;
  readonly input: Input;
}

/** Refuses a batch the request itself gets wrong (too many items, a blank key): a top-level BAD_USER_INPUT. */
export function checkBatch<Input>(items: readonly BatchItem<Input>[]): void {
  if (items.length > MAX_BATCH_ITEMS) throw new BadUserInputError('items', `A batch takes at most ${MAX_BATCH_ITEMS} items, got ${items.length}`);
  items.forEach((item, index) => {
    if (item.idempotencyKey.trim() === '') throw new BadUserInputError(`items[${index}].idempotencyKey`, 'Every batch item needs a non-empty idempotencyKey');
  });
}

/**
 * Run `work` for every item, at most `limit` at a time within each group (connection), and answer in item order.
 * `work` must not throw for an item's own failure (it answers a payload with userErrors).
 */
export async function runGrouped<Item, Result>(
  items: readonly Item[],
  groupOf: (item: Item) => string,
  limit: number,
  work: (item: Item, index: number) => Promise<Result>,
): Promise<Result[]> {
  const results = new Array<Result>(items.length);
  const queues = new Map<string, number[]>();
  items.forEach((item, index) => {
    const group = groupOf(item);
    const queue = queues.get(group);
    if (queue) queue.push(index);
    else queues.set(group, [index]);
  });
  const lanes: Promise<void>[] = [];
  for (const queue of queues.values()) {
    for (let lane = 0; lane < Math.min(limit, queue.length); lane++) {
      lanes.push(
        (async () => {
          for (let index = queue.shift(); index !== undefined; index = queue.shift()) results[index] = await work(items[index], index);
        })(),
      );
    }
  }
  await Promise.all(lanes);
  return results;
}

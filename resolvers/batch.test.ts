import { runGrouped } from './batch';

describe('runGrouped', () => {
  it('answers in item order while running at most the limit at a time within each group', async () => {
    const inFlight = new Map<string, number>();
    const peak = new Map<string, number>();
    const items = Array.from({ length: 23 }, (_, index) => ({ group: index % 3 === 0 ? 'a' : 'b', value: index }));
    const results = await runGrouped(items, (item) => item.group, 4, async (item) => {
      inFlight.set(item.group, (inFlight.get(item.group) ?? 0) + 1);
      peak.set(item.group, Math.max(peak.get(item.group) ?? 0, inFlight.get(item.group)!));
      // Later items finish first, so answers in item order cannot come from completion order.
      await new Promise((resolve) => setTimeout(resolve, 30 - item.value));
      inFlight.set(item.group, inFlight.get(item.group)! - 1);
      return item.value * 10;
    });
    expect(results).toEqual(items.map((item) => item.value * 10));
    expect(peak.get('a')).toBe(4);
    expect(peak.get('b')).toBe(4);
  });

  it('answers an empty batch with no results', async () => {
    expect(await runGrouped([], () => 'a', 4, async () => 1)).toEqual([]);
  });
});

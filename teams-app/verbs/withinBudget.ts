/** The outcome of waiting a limited time for something that may take longer. */
export type Budgeted<T> = { done: true; value: T } | { done: false; later: Promise<T> };

/**
 * Waits for `work` at most `ms`. Teams abandons a card action that does not answer within a few
 * seconds, so slow calls to Microsoft 365 answer "still working" and finish in the background.
 */
export async function withinBudget<T>(work: Promise<T>, ms: number): Promise<Budgeted<T>> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  try {
    const first = await Promise.race([work.then((value) => ({ value })), timeout]);
    return first === 'timeout' ? { done: false, later: work } : { done: true, value: first.value };
  } finally {
    clearTimeout(timer);
  }
}

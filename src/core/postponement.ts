import { AsyncLocalStorage } from 'node:async_hooks';

const scope = new AsyncLocalStorage<{ postponed: boolean }>();

/**
 * Runs the work of one delivery and tells whether part of it was postponed: the database could
 * not be reached, the person was told their message is kept, and the delivery must be worked
 * again later (by whoever kept it: the inbox at the channel boundary).
 */
export async function trackPostponement<T>(work: () => Promise<T>): Promise<{ result: T; postponed: boolean }> {
  const state = { postponed: false };
  const result = await scope.run(state, work);
  return { result, postponed: state.postponed };
}

/** Called where work that could not reach the database is answered "kept, done when it is back". */
export function postpone(): void {
  const state = scope.getStore();
  if (state) state.postponed = true;
}

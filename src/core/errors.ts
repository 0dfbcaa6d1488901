import { mongo } from 'mongoose';

/**
 * An error a user can cause. `code` is an i18n catalogue key under `errors.` (e.g.
 * `ticket.illegal_transition` → `errors.ticket.illegal_transition`); `params` fill it in.
 * Channels translate it for the person who caused it; nothing is stored when one is thrown.
 */
export class DomainError extends Error {
  override name = 'DomainError';
  constructor(
    readonly code: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
  }
}

export function isDomainError(err: unknown): err is DomainError {
  return err instanceof DomainError;
}

/** The database could not be reached: the message is kept and retried, and the user is told. */
export function isDatabaseUnavailable(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  // Network errors include a pool cleared after a server stopped answering (hung, not refused).
  if (
    err instanceof mongo.MongoNetworkError ||
    err instanceof mongo.MongoServerSelectionError ||
    err instanceof mongo.MongoNotConnectedError ||
    err instanceof mongo.MongoTopologyClosedError
  )
    return true;
  const name = err.name;
  return (
    name === 'MongoNetworkError' ||
    name === 'MongoServerSelectionError' ||
    name === 'MongoNotConnectedError' ||
    name === 'MongoTopologyClosedError' ||
    name === 'MongoNetworkTimeoutError' ||
    name === 'MongoPoolClearedError' ||
    name === 'MongoPoolClosedError' ||
    /buffering timed out|ECONNREFUSED|connection .* closed|Client must be connected|client was closed|force closed/i.test(
      err.message,
    )
  );
}

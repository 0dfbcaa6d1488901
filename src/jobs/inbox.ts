import type { Inbox } from '../channels/inbox';
import type { SweepJob } from './scheduler';

export const INBOX_PRUNE = 'inbox.prune';

/** Every ten minutes: settled deliveries older than a day leave the inbox, which stays bounded. */
export function inboxJobs(inbox: Inbox): SweepJob[] {
  return [{ name: INBOX_PRUNE, every: '10 minutes', run: () => inbox.prune() }];
}

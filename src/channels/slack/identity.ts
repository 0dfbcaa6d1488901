import type { Policy } from '../../config';
import type { Actor, People, Person } from '../../core/people';
import type { Logger } from '../../observability/logger';
import type { SlackApi, SlackUser } from './api';

const MAX_MENTIONS = 5;

/** A small in-memory cache with expiry; in-flight look-ups are shared, failures are not kept. */
class Expiring<V> {
  private readonly entries = new Map<string, { value: Promise<V>; expires: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly max: number,
  ) {}

  get(key: string, load: () => Promise<V>): Promise<V> {
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) return hit.value;
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value as string);
    const value = load();
    this.entries.set(key, { value, expires: now + this.ttlMs });
    value.catch(() => this.entries.delete(key));
    return value;
  }
}

/**
 * Slack user → core person. Name, e-mail and locale come from `users.info` (cached); the role
 * always comes from the policy: Slack user ids in `agents`, or membership of a user group in
 * `agentGroups` (read with `usergroups.users.list`, cached too).
 */
export class SlackIdentity {
  private readonly users: Expiring<SlackUser>;
  private readonly groups: Expiring<ReadonlySet<string>>;
  private readonly agentGroups: string[];

  constructor(
    private readonly deps: { api: SlackApi; people: People; policy: Policy; logger: Logger; ttlMs?: number },
  ) {
    const ttl = deps.ttlMs ?? 10 * 60_000;
    this.users = new Expiring(ttl, 5000);
    this.groups = new Expiring(ttl, 100);
    this.agentGroups = deps.policy.agentGroups.filter((g) => g.platform === 'slack').map((g) => g.id);
  }

  async actor(userId: string): Promise<Actor> {
    return { person: await this.person(userId), channel: 'slack' };
  }

  async person(userId: string): Promise<Person> {
    const [user, groups] = await Promise.all([this.user(userId), this.groupsOf(userId)]);
    return this.deps.people.identify({
      platform: 'slack',
      platformId: userId,
      name: user?.name,
      email: user?.email,
      locale: user?.locale,
      groups,
    });
  }

  /**
   * People named in a message (`@slack:U123` once parsed) become known to the core, so a verb such
   * as `assign INC-42 @sam` can resolve them. A few per message: mentions are not a directory.
   */
  async mentioned(text: string): Promise<void> {
    const ids = new Set([...text.matchAll(/@slack:([UW][A-Z0-9]{2,20})\b/g)].map((m) => m[1]));
    await Promise.all([...ids].slice(0, MAX_MENTIONS).map((id) => this.person(id)));
  }

  /** The Slack profile, or null when Slack cannot tell (the person is still known by id). */
  user(userId: string): Promise<SlackUser | null> {
    return this.users
      .get(userId, () => this.deps.api.userInfo(userId))
      .catch((err: Error) => {
        this.deps.logger.warn({ user: userId, err: err.message }, 'slack users.info failed; identifying by id only');
        return null;
      });
  }

  private async groupsOf(userId: string): Promise<string[]> {
    const memberships = await Promise.all(
      this.agentGroups.map(async (group) => {
        const members = await this.groups
          .get(group, async () => new Set(await this.deps.api.groupMembers(group)))
          .catch((err: Error) => {
            this.deps.logger.warn({ group, err: err.message }, 'slack usergroups.users.list failed');
            return new Set<string>();
          });
        return members.has(userId) ? group : null;
      }),
    );
    return memberships.filter((g): g is string => g !== null);
  }
}

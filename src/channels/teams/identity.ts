import { TeamsInfo, type TurnContext } from 'botbuilder';
import type { Policy } from '../../config';
import type { Actor, People } from '../../core/people';
import type { Logger } from '../../observability/logger';
import type { InboundActivity } from './activity';

/** Teams user → core person: the AAD object id is the identity (the Teams `29:` id is per app). */
export function platformIdOf(from: InboundActivity['from']): string {
  return from.aadObjectId ?? from.id;
}

export const personKeyOf = (from: InboundActivity['from']) => `teams:${platformIdOf(from)}`;

/**
 * Who wrote: name and locale from the activity; the role always from the policy, either by AAD
 * object id (`agents`) or by membership of a team listed in `agentGroups` (TeamsInfo, cached).
 */
export class TeamsIdentity {
  private readonly agentTeams: string[];
  private readonly memberships = new Map<string, { member: boolean; expires: number }>();
  private readonly ttlMs: number;

  constructor(private readonly deps: { people: People; policy: Policy; logger: Pick<Logger, 'warn'>; ttlMs?: number }) {
    this.agentTeams = deps.policy.agentGroups.filter((g) => g.platform === 'teams').map((g) => g.id);
    this.ttlMs = deps.ttlMs ?? 10 * 60_000;
  }

  async actor(context: TurnContext, activity: InboundActivity): Promise<Actor> {
    const person = await this.deps.people.identify({
      platform: 'teams',
      platformId: platformIdOf(activity.from),
      name: activity.from.name,
      locale: activity.locale,
      groups: await this.teamsOf(context, activity),
    });
    return { person, channel: 'teams' };
  }

  /** The agent teams this person belongs to. A channel message proves membership of its own team. */
  private async teamsOf(context: TurnContext, activity: InboundActivity): Promise<string[]> {
    const here = activity.channelData?.team?.id;
    const found = await Promise.all(
      this.agentTeams.map(async (team) =>
        team === here || (await this.isMember(context, team, activity.from)) ? team : null,
      ),
    );
    return found.filter((team): team is string => team !== null);
  }

  private async isMember(context: TurnContext, team: string, from: InboundActivity['from']): Promise<boolean> {
    const key = `${team}|${platformIdOf(from)}`;
    const cached = this.memberships.get(key);
    const now = Date.now();
    if (cached && cached.expires > now) return cached.member;
    try {
      await TeamsInfo.getTeamMember(context, team, platformIdOf(from));
      this.remember(key, true, now);
      return true;
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      if (status === 404 || status === 403 || status === 400) {
        this.remember(key, false, now);
        return false;
      }
      this.deps.logger.warn(
        { team, err: (err as Error).message },
        'teams membership look-up failed; not an agent for this message',
      );
      return false;
    }
  }

  private remember(key: string, member: boolean, now: number): void {
    if (this.memberships.size > 5000) this.memberships.delete(this.memberships.keys().next().value as string);
    this.memberships.set(key, { member, expires: now + this.ttlMs });
  }
}

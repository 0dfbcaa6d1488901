import type { Policy } from '../../config';
import { DomainError, isDomainError } from '../errors';
import { isAgent, toRef, type Actor, type People, type PersonRef } from '../people';
import {
  isMember,
  namesPlatform,
  newMember,
  refuseClosed,
  requireEditable,
  uniquePeople,
  type Crisis,
  type CrisisResult,
  type CrisisRole,
  type Invocation,
  type StepFailure,
} from './model';
import { voice, type CrisisPresenter } from './presenter';
import type { CrisisReactions } from './reactions';
import type { RoomSteps } from './roomSteps';
import type { CrisisMutation, CrisisService } from './service';

/**
 * Who is in the cell: roles are held by agents (`crisis role`), anyone else is invited to follow
 * (`crisis invite`); whoever joins is on the record, in the room when it is on their platform, and
 * hears their part.
 */
export class CrisisMembers {
  constructor(
    private readonly deps: {
      policy: Policy;
      people: People;
      records: CrisisService;
      roomSteps: RoomSteps;
      presenter: CrisisPresenter;
      reactions: CrisisReactions;
    },
  ) {}

  /** Gives a role to an agent (they join the cell if needed); someone who is not an agent can only be invited. */
  async assignRole(inv: Invocation, reference: Crisis, role: CrisisRole, who: string): Promise<CrisisResult> {
    const crisis0 = requireEditable(inv.actor, reference, 'role');
    if (!this.deps.policy.crisis.roles.includes(role))
      throw new DomainError('crisis.unknown_role', { role, roles: this.deps.policy.crisis.roles.join(', ') });
    const person = toRef(
      await this.deps.people.resolveAgent(who, namesPlatform(inv.actor, crisis0)).catch((err: unknown) => {
        if (isDomainError(err) && err.code === 'ticket.not_an_agent')
          throw new DomainError('crisis.role_needs_agent', { person: err.params.user, number: crisis0.number });
        throw err;
      }),
    );
    let crisis = await this.deps.records.mutate(crisis0.number, (c, now): CrisisMutation => {
      refuseClosed(c);
      const joining = !isMember(c, person.key);
      return {
        set: {
          roles: { ...c.roles, [role]: person },
          ...(joining ? { members: [...c.members, newMember(person, now)] } : {}),
        },
        timeline: [
          { author: toRef(inv.actor.person), kind: 'role', data: { role, person: person.name } },
          ...(joining
            ? [{ author: toRef(inv.actor.person), kind: 'member' as const, data: { person: person.name } }]
            : []),
        ],
      };
    });
    const invited = await this.deps.roomSteps.inviteMissing(crisis);
    crisis = invited.crisis;
    const failures = invited.failures;
    await this.deps.reactions.tellMembers(crisis, [person.key], `role:${role}:${crisis.rev}`);
    if (role === 'commander') await this.deps.roomSteps.refreshTopic(crisis);
    const replies = await this.deps.reactions.announce(crisis, inv, (t) =>
      t('crisis.role_set', { person: person.name, role: this.deps.presenter.role(t, role), number: crisis.number }),
    );
    return { crisis, replies: [...replies, ...this.deps.presenter.stepWarnings(voice(inv.actor).t, crisis, failures)] };
  }

  /**
   * Adds someone to the cell without a role. An agent takes part; anyone else (a manager, the owner
   * of an affected service) follows: reads the room and marks their own actions done, nothing more.
   */
  async invite(inv: Invocation, reference: Crisis, who: string): Promise<CrisisResult> {
    const crisis0 = requireEditable(inv.actor, reference, 'invite');
    const found = await this.deps.people.resolve(who, namesPlatform(inv.actor, crisis0));
    const person = toRef(found);
    const { t } = voice(inv.actor);
    if (isMember(crisis0, person.key))
      return {
        crisis: crisis0,
        replies: [{ text: t('crisis.already_member', { person: person.name, number: crisis0.number }) }],
      };
    const follower = !isAgent(found);
    const added = await this.add(inv.actor, crisis0, [person], follower ? [person.key] : []);
    const replies = await this.deps.reactions.announce(added.crisis, inv, (tt) =>
      tt(follower ? 'crisis.follower_added' : 'crisis.member_added', { person: person.name, number: crisis0.number }),
    );
    return {
      crisis: added.crisis,
      replies: [...replies, ...this.deps.presenter.stepWarnings(t, added.crisis, added.failures)],
    };
  }

  /** New members join the record, the room (same platform) and hear their role (followers: that they follow). */
  async add(
    actor: Actor,
    crisis: Crisis,
    people: PersonRef[],
    followers: string[] = [],
  ): Promise<{ crisis: Crisis; failures: StepFailure[] }> {
    const joining = uniquePeople(people).filter((p) => !isMember(crisis, p.key));
    if (!joining.length) return { crisis, failures: [] };
    let updated = await this.deps.records.mutate(crisis.number, (c, now) => {
      const fresh = joining.filter((p) => !isMember(c, p.key));
      if (!fresh.length) return null;
      return {
        set: { members: [...c.members, ...fresh.map((p) => newMember(p, now))] },
        timeline: fresh.map((p) => ({
          author: toRef(actor.person),
          kind: 'member' as const,
          data: { person: p.name },
        })),
      };
    });
    const invited = await this.deps.roomSteps.inviteMissing(updated);
    updated = invited.crisis;
    await this.deps.reactions.tellMembers(
      updated,
      joining.map((p) => p.key),
      'joined',
      new Set(followers),
    );
    return { crisis: updated, failures: invited.failures };
  }
}

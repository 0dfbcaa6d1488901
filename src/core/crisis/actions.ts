import type { Policy } from '../../config';
import { DomainError } from '../errors';
import { isAgent, toRef, type People } from '../people';
import type { CrisisMembers } from './members';
import {
  isMember,
  namesPlatform,
  refuseClosed,
  requireEditable,
  requireMember,
  runsTheCell,
  type Crisis,
  type CrisisResult,
  type Invocation,
  type StepFailure,
} from './model';
import { voice, type CrisisPresenter } from './presenter';
import type { CrisisReactions } from './reactions';
import type { CrisisService } from './service';

/** The cell's action list: `crisis action` (an owner who is not in the cell joins it) and `crisis done`. */
export class CrisisActions {
  constructor(
    private readonly deps: {
      policy: Policy;
      people: People;
      records: CrisisService;
      members: CrisisMembers;
      presenter: CrisisPresenter;
      reactions: CrisisReactions;
    },
  ) {}

  async addAction(
    inv: Invocation,
    reference: Crisis,
    input: { text: string; owner?: string; due?: Date },
  ): Promise<CrisisResult> {
    const crisis0 = requireEditable(inv.actor, reference, 'action');
    const found = input.owner
      ? await this.deps.people.resolve(input.owner, namesPlatform(inv.actor, crisis0))
      : undefined;
    const owner = found ? toRef(found) : undefined;
    const author = toRef(inv.actor.person);
    let n = 0;
    let crisis = await this.deps.records.mutate(crisis0.number, (c, now) => {
      refuseClosed(c);
      n = Math.max(0, ...c.actions.map((a) => a.n)) + 1;
      return {
        set: {
          actions: [
            ...c.actions,
            { n, text: input.text, owner, due: input.due, done: false, createdAt: now, createdBy: author },
          ],
        },
        timeline: [{ author, kind: 'action', text: input.text, data: { n, ...(owner ? { owner: owner.name } : {}) } }],
      };
    });
    let failures: StepFailure[] = [];
    if (found && owner && !isMember(crisis, owner.key))
      ({ crisis, failures } = await this.deps.members.add(
        inv.actor,
        crisis,
        [owner],
        isAgent(found) ? [] : [owner.key],
      ));
    const replies = await this.deps.reactions.announce(crisis, inv, (t, locale) =>
      t('crisis.action_added', {
        n,
        text: input.text,
        owner: owner?.name ?? t('crisis.nobody'),
        due: input.due ? this.deps.presenter.when(locale, input.due) : t('crisis.none'),
      }),
    );
    return { crisis, replies: [...replies, ...this.deps.presenter.stepWarnings(voice(inv.actor).t, crisis, failures)] };
  }

  /** Agents of the cell mark any action done; a follower only the actions they own. */
  async completeAction(inv: Invocation, reference: Crisis, n: number): Promise<CrisisResult> {
    const crisis0 = requireMember(inv.actor, reference);
    refuseClosed(crisis0);
    const by = toRef(inv.actor.person);
    const crisis = await this.deps.records.mutate(crisis0.number, (c, now) => {
      refuseClosed(c);
      const action = c.actions.find((a) => a.n === n);
      if (!action) throw new DomainError('crisis.action_not_found', { number: c.number, n });
      if (!runsTheCell(inv.actor) && action.owner?.key !== by.key)
        throw action.owner
          ? new DomainError('crisis.not_action_owner', { number: c.number, n, owner: action.owner.name })
          : new DomainError('crisis.unowned_action', { number: c.number, n });
      if (action.done) throw new DomainError('crisis.action_already_done', { number: c.number, n });
      return {
        set: { actions: c.actions.map((a) => (a.n === n ? { ...a, done: true, doneAt: now, doneBy: by } : a)) },
        timeline: [{ author: by, kind: 'action_done', text: action.text, data: { n } }],
      };
    });
    const action = crisis.actions.find((a) => a.n === n)!;
    const replies = await this.deps.reactions.announce(crisis, inv, (t) =>
      t('crisis.action_done', { n, text: action.text, person: by.name }),
    );
    return { crisis, replies };
  }
}

import type { Connection } from 'mongoose';
import type { Platform, Policy } from '../../config';
import { toLocale, type Locale } from '../../i18n';
import type { Clock } from '../clock';
import { DomainError } from '../errors';
import { isAgent, personModel, type Person, type Role } from './model';

export interface IdentityHint {
  platform: Platform;
  platformId: string;
  name?: string;
  email?: string;
  /** The platform's locale for this person (`fr-FR`, `en-US`...). */
  locale?: string;
  /** Platform groups the person belongs to (Slack user groups, Teams teams) for agent roles. */
  groups?: string[];
}

/** Turns platform users into people with a role from the policy. */
export class People {
  private readonly model;

  constructor(private readonly deps: { connection: Connection; policy: Policy; clock: Clock }) {
    this.model = personModel(deps.connection);
  }

  private roleFor(hint: IdentityHint): Pick<Person, 'role' | 'team' | 'level'> & { locale?: Locale; name?: string } {
    const { policy } = this.deps;
    const agent = policy.agents.find((a) => a.platform === hint.platform && a.id === hint.platformId);
    if (agent)
      return { role: agent.role, team: agent.team, level: agent.level, locale: agent.locale, name: agent.name };
    const group = policy.agentGroups.find((g) => g.platform === hint.platform && hint.groups?.includes(g.id));
    if (group) return { role: 'agent' as Role, team: group.team, level: group.level };
    return { role: 'employee' };
  }

  /** Records (or refreshes) a person from what the platform told us; role always from the policy. */
  async identify(hint: IdentityHint): Promise<Person> {
    const key = `${hint.platform}:${hint.platformId}`;
    const fromPolicy = this.roleFor(hint);
    const existing = await this.model.findOne({ key }).lean();
    const locale =
      toLocale(hint.locale) ??
      fromPolicy.locale ??
      (existing?.locale as Locale | undefined) ??
      this.deps.policy.locale.default;
    const person: Person = {
      key,
      platform: hint.platform,
      platformId: hint.platformId,
      name: hint.name ?? fromPolicy.name ?? existing?.name ?? hint.platformId,
      email: hint.email ?? existing?.email,
      locale,
      role: fromPolicy.role,
      team: fromPolicy.team,
      level: fromPolicy.level,
    };
    await this.model.updateOne(
      { key },
      {
        $set: { ...person, lastSeenAt: this.deps.clock.now() },
        ...(person.team ? {} : { $unset: { team: 1, level: 1 } }),
      },
      { upsert: true },
    );
    return person;
  }

  async findByKey(key: string): Promise<Person | null> {
    const doc = await this.model.findOne({ key: String(key) }).lean();
    return doc ? stripDoc(doc) : null;
  }

  /** Finds a person named in a command: `platform:id`, a bare platform id, or a display name. */
  async resolve(reference: string, platform: Platform): Promise<Person> {
    const ref = String(reference).trim().replace(/^@/, '');
    const key = ref.includes(':') ? ref : `${platform}:${ref}`;
    const byKey = await this.findByKey(key);
    if (byKey) return byKey;
    const agent = this.deps.policy.agents.find((a) => `${a.platform}:${a.id}` === key);
    if (agent) return this.identify({ platform: agent.platform, platformId: agent.id });
    const escaped = ref.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const byName = await this.model
      .find({ platform, name: new RegExp(`^${escaped}$`, 'i') })
      .limit(2)
      .lean();
    if (byName.length === 1) return stripDoc(byName[0]);
    throw new DomainError('ticket.unknown_user', { user: ref });
  }

  async resolveAgent(reference: string, platform: Platform): Promise<Person> {
    const person = await this.resolve(reference, platform);
    if (!isAgent(person)) throw new DomainError('ticket.not_an_agent', { user: person.name });
    return person;
  }

  async setLocale(key: string, locale: Locale): Promise<void> {
    await this.model.updateOne({ key }, { $set: { locale } });
  }
}

function stripDoc(doc: Person): Person {
  const { key, platform, platformId, name, email, locale, role, team, level } = doc;
  return { key, platform, platformId, name, email, locale, role, team, level };
}

import type { Connection } from 'mongoose';
import type { Platform, Policy } from '../../config';
import { upsertOne } from '../../db/upsert';
import { toLocale, type Locale } from '../../i18n';
import type { Clock } from '../clock';
import { DomainError, isDatabaseUnavailable } from '../errors';
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

/** People kept in memory to answer during a database outage; about 1 KB each. */
const MAX_REMEMBERED = 10_000;
/** `lastSeenAt` is kept to this precision: a person writing again sooner costs no write. */
const LAST_SEEN_PRECISION_MS = 10 * 60_000;
const STORED_FIELDS = ['platform', 'platformId', 'name', 'email', 'locale', 'role', 'team', 'level'] as const;

/** Turns platform users into people with a role from the policy. */
export class People {
  private readonly model;
  private readonly recent = new Map<string, Person>();

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

  /**
   * Records (or refreshes) a person from what the platform told us; role always from the policy.
   * With the database unreachable the person is still known, from the platform, the policy and
   * the last time we saw them: what they wrote can then be kept for retry and answered in their
   * language, instead of failing before anything is kept. The record is written on their next
   * message.
   */
  async identify(hint: IdentityHint): Promise<Person> {
    const key = `${hint.platform}:${hint.platformId}`;
    const fromPolicy = this.roleFor(hint);
    let existing: (Partial<Person> & { lastSeenAt?: Date }) | null;
    try {
      existing = await this.model.findOne({ key }).lean();
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
      return this.remember(this.build(key, hint, fromPolicy, this.recent.get(key) ?? null));
    }
    const person = this.build(key, hint, fromPolicy, existing);
    // One round trip per message, not two: nothing to write when the record says it all already.
    const now = this.deps.clock.now();
    const fresh =
      existing?.lastSeenAt && now.getTime() - new Date(existing.lastSeenAt).getTime() < LAST_SEEN_PRECISION_MS;
    if (fresh && STORED_FIELDS.every((f) => (existing?.[f] ?? undefined) === (person[f] ?? undefined)))
      return this.remember(person);
    try {
      // A new person's first messages often come together: each one upserts the same record.
      await upsertOne(
        this.model,
        { key },
        {
          $set: { ...person, lastSeenAt: now },
          ...(person.team ? {} : { $unset: { team: 1, level: 1 } }),
        },
      );
    } catch (err) {
      if (!isDatabaseUnavailable(err)) throw err;
    }
    return this.remember(person);
  }

  private build(
    key: string,
    hint: IdentityHint,
    fromPolicy: ReturnType<People['roleFor']>,
    existing: Partial<Pick<Person, 'locale' | 'name' | 'email'>> | null,
  ): Person {
    return {
      key,
      platform: hint.platform,
      platformId: hint.platformId,
      name: hint.name ?? fromPolicy.name ?? existing?.name ?? hint.platformId,
      email: hint.email ?? existing?.email,
      locale:
        toLocale(hint.locale) ??
        fromPolicy.locale ??
        (existing?.locale as Locale | undefined) ??
        this.deps.policy.locale.default,
      role: fromPolicy.role,
      team: fromPolicy.team,
      level: fromPolicy.level,
    };
  }

  /** Keeps the people seen most recently in memory, oldest dropped first. */
  private remember(person: Person): Person {
    this.recent.delete(person.key);
    this.recent.set(person.key, person);
    if (this.recent.size > MAX_REMEMBERED) this.recent.delete(this.recent.keys().next().value as string);
    return person;
  }

  async findByKey(key: string): Promise<Person | null> {
    const doc = await this.model.findOne({ key: String(key) }).lean();
    return doc ? stripDoc(doc) : null;
  }

  /**
   * A person as they stand now, for access checks made without a message from them (a dashboard
   * session): the stored record, with the role the policy gives today. An agent named in the
   * policy has that entry's role; someone named nowhere in it is an employee, even if the record
   * still says otherwise (the policy changed since). A group member keeps the stored role: group
   * membership is only known from the platform, and is read again each time they write to the bot.
   */
  async current(key: string): Promise<Person | null> {
    const person = await this.findByKey(key);
    if (!person) return null;
    const named = this.deps.policy.agents.find((a) => a.platform === person.platform && a.id === person.platformId);
    if (named) return { ...person, role: named.role, team: named.team, level: named.level };
    const byGroup = this.deps.policy.agentGroups.some((g) => g.platform === person.platform);
    return byGroup ? person : { ...person, role: 'employee', team: undefined, level: undefined };
  }

  /**
   * Finds a person named in a command: `platform:id`, a bare platform id, or a name. A name may be
   * typed without its accents or case, or as a first name alone ("agnes" for Agnès Morel), as long
   * as it names one person.
   */
  async resolve(reference: string, platform: Platform): Promise<Person> {
    const ref = String(reference).trim().replace(/^@/, '');
    const key = ref.includes(':') ? ref : `${platform}:${ref}`;
    const byKey =
      (await this.findByKey(key)) ?? (key !== key.toLowerCase() ? await this.findByKey(key.toLowerCase()) : null);
    if (byKey) return byKey;
    const agents = this.deps.policy.agents.filter((a) => a.platform === platform || `${a.platform}:${a.id}` === key);
    const agent =
      agents.find((a) => `${a.platform}:${a.id}`.toLowerCase() === key.toLowerCase()) ??
      only(agents.filter((a) => a.name && namesMatch(a.name, ref)));
    if (agent) return this.identify({ platform: agent.platform, platformId: agent.id });
    const escaped = ref.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const byName = await this.model
      .find({ platform, name: new RegExp(`^${escaped}(?:$|\\s)`, 'i') })
      .limit(10)
      .lean();
    const named = only(byName.filter((p) => namesMatch(p.name, ref)));
    if (named) return stripDoc(named);
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

/** The one element of a list, or undefined when there are none or several. */
function only<T>(list: T[]): T | undefined {
  return list.length === 1 ? list[0] : undefined;
}

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .trim();
}

/** "Agnès Morel" is named by "agnes morel" and by "Agnes"; "Sam" does not name "Samantha Ray". */
function namesMatch(name: string, typed: string): boolean {
  const full = fold(name);
  const want = fold(typed);
  return want.length > 0 && (full === want || full.split(/\s+/)[0] === want);
}

function stripDoc(doc: Person): Person {
  const { key, platform, platformId, name, email, locale, role, team, level } = doc;
  return { key, platform, platformId, name, email, locale, role, team, level };
}

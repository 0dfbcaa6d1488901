import { Schema, type Connection, type Model } from 'mongoose';
import { LOCAL_PLATFORM, PLATFORMS, type Platform, type SupportLevel } from '../../config';
import type { Locale } from '../../i18n';

export type Role = 'employee' | 'agent' | 'lead' | 'manager';

/** Someone the desk talks to, on one platform. `key` is `platform:id` (e.g. `slack:U024BE7LH`). */
export interface Person {
  key: string;
  platform: Platform;
  platformId: string;
  name: string;
  email?: string;
  locale: Locale;
  role: Role;
  team?: string;
  level?: SupportLevel;
}

/** Who does something, and through which channel (recorded in every history event). */
export interface Actor {
  person: Person;
  channel: Platform | 'system';
}

/** The identity stored inside tickets, crises and surveys: enough to reach the person again. */
export interface PersonRef {
  key: string;
  platform: Platform;
  name: string;
  locale: Locale;
}

export const personRefSchema = new Schema<PersonRef>(
  {
    key: { type: String, required: true },
    platform: { type: String, required: true },
    name: { type: String, required: true },
    locale: { type: String, required: true },
  },
  { _id: false },
);

const personSchema = new Schema<Person & { lastSeenAt: Date }>(
  {
    key: { type: String, required: true, unique: true },
    platform: { type: String, required: true, enum: PLATFORMS },
    platformId: { type: String, required: true },
    name: { type: String, required: true },
    email: { type: String },
    locale: { type: String, required: true, enum: ['fr', 'en'] },
    role: { type: String, required: true, enum: ['employee', 'agent', 'lead', 'manager'] },
    team: { type: String },
    level: { type: String, enum: ['L1', 'L2', 'L3'] },
    lastSeenAt: { type: Date, required: true },
  },
  { collection: 'people', timestamps: true },
);
personSchema.index({ platform: 1, name: 1 });

export function personModel(connection: Connection): Model<Person & { lastSeenAt: Date }> {
  return (connection.models.Person as Model<Person & { lastSeenAt: Date }>) ?? connection.model('Person', personSchema);
}

export function toRef(person: Person): PersonRef {
  return { key: person.key, platform: person.platform, name: person.name, locale: person.locale };
}

export const SYSTEM_PERSON: Person = {
  key: 'system:helpdesk',
  platform: LOCAL_PLATFORM,
  platformId: 'helpdesk',
  name: 'Helpdesk',
  locale: 'en',
  role: 'manager',
};
export const SYSTEM_ACTOR: Actor = { person: SYSTEM_PERSON, channel: 'system' };

export function isAgent(person: Pick<Person, 'role'>): boolean {
  return person.role !== 'employee';
}

import type { Policy } from '../../config';
import { LOCALES, t, type Locale } from '../../i18n';

/** The console page's own words (headings, title, accessible names), in one language. */
export interface ConsoleLabels {
  pageTitle: string;
  personas: string;
  rooms: string;
  directMessages: string;
  bot: string;
  message: string;
  conversation: string;
  menu: string;
  /** What a button that needs a few words asks for (`ticket.assign` → "Assign to…"), by action id. */
  inputs: Record<string, string>;
}

export interface Persona {
  id: string;
  name: string;
  locale: Locale;
  agent: boolean;
  title: string;
  /** What the persona is ("Team lead · Service Desk · L1"), in each language the page can show. */
  subtitle: Record<Locale, string>;
  /** The page's words in the persona's language: the page follows whoever is chosen. */
  labels: ConsoleLabels;
}

function labelsFor(locale: Locale): ConsoleLabels {
  const say = (key: string) => t(locale, `console.${key}`);
  return {
    pageTitle: say('page_title'),
    personas: say('personas'),
    rooms: say('rooms'),
    directMessages: say('direct_messages'),
    bot: say('bot'),
    message: say('message'),
    conversation: say('conversation'),
    menu: say('menu'),
    inputs: {
      'ticket.assign': say('inputs.assign'),
      'ticket.escalate': say('inputs.escalate'),
      'ticket.resolve': say('inputs.resolve'),
    },
  };
}

const inEveryLocale = (text: (locale: Locale) => string) =>
  Object.fromEntries(LOCALES.map((l) => [l, text(l)])) as Record<Locale, string>;

/** Two employees (one per language) plus every console agent of the policy. */
export function personas(policy: Policy): Persona[] {
  const employee = (id: string, name: string, locale: Locale, title: string): Persona => ({
    id,
    name,
    locale,
    agent: false,
    title,
    subtitle: inEveryLocale((l) => t(l, 'console.roles.employee')),
    labels: labelsFor(locale),
  });
  const employees = [
    employee('alice', 'Alice Martin', 'en', 'Employee'),
    employee('bertrand', 'Bertrand Petit', 'fr', 'Employé'),
  ];
  const teamName = new Map(policy.teams.map((team) => [team.id, team.name]));
  const agents = policy.agents
    .filter((a) => a.platform === 'console')
    .map((a): Persona => {
      const locale = a.locale ?? policy.locale.default;
      return {
        id: a.id,
        name: a.name,
        locale,
        agent: true,
        title: `${a.role} · ${a.team} · ${a.level}`,
        subtitle: inEveryLocale(
          (l) => `${t(l, `console.roles.${a.role}`)} · ${teamName.get(a.team) ?? a.team} · ${a.level}`,
        ),
        labels: labelsFor(locale),
      };
    });
  return [...employees, ...agents];
}

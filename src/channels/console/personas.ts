import type { Policy } from '../../config';
import type { Locale } from '../../i18n';

export interface Persona {
  id: string;
  name: string;
  locale: Locale;
  agent: boolean;
  title: string;
}

/** Two employees (one per language) plus every console agent of the policy. */
export function personas(policy: Policy): Persona[] {
  const employees: Persona[] = [
    { id: 'alice', name: 'Alice Martin', locale: 'en', agent: false, title: 'Employee' },
    { id: 'bertrand', name: 'Bertrand Petit', locale: 'fr', agent: false, title: 'Employé' },
  ];
  const agents = policy.agents
    .filter((a) => a.platform === 'console')
    .map((a) => ({
      id: a.id,
      name: a.name,
      locale: a.locale ?? policy.locale.default,
      agent: true,
      title: `${a.role} · ${a.team} · ${a.level}`,
    }));
  return [...employees, ...agents];
}

import { csat } from './csat';
import { slack } from './slack';
import { reports } from './reports';
import { teams } from './teams';
import { sla } from './sla';
import { crisis } from './crisis';
import { problem } from './problem';

/**
 * Domain catalogues, each under its own top-level key (`slack.*`, `csat.*`...). A domain adds its
 * file here; keeping them apart lets domains grow without editing one shared file.
 */
export const modules: Record<string, { en: object; fr: object }> = {
  reports,
  csat,
  slack,
  teams,
  sla,
  crisis,
  problem,
};

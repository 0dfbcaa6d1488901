import type { Surveys } from '../core/csat';
import type { SweepJob } from './scheduler';

/**
 * The survey sweeps (DESIGN.md §5). Each reads only what is due through an indexed date and claims
 * every item atomically, so any number of processes can run them; tests call `run(now)` directly.
 */
export function surveyJobs(surveys: Pick<Surveys, 'csat' | 'nps'>): SweepJob[] {
  return [
    { name: 'csat.send', every: '1 minute', run: (now) => surveys.csat.sendDue(now) },
    { name: 'csat.remind', every: '5 minutes', run: (now) => surveys.csat.remindDue(now) },
    { name: 'csat.expire', every: '1 hour', run: (now) => surveys.csat.expireDue(now) },
    { name: 'nps.survey', every: '1 hour', run: (now) => surveys.nps.run(now) },
  ];
}

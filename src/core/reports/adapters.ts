import type { SurveyResults } from '../csat';
import { UNASSIGNED, UNCATEGORISED } from './service';
import type { CsatResultsSource, NpsResultsSource } from './sources';

/**
 * The CSAT/NPS domain's published results (`surveys.results`) as report sources. Group keys are
 * mapped onto the ones reports use for tickets (no agent → `unassigned`, no category → `uncategorised`).
 */
export function surveySources(results: Pick<SurveyResults, 'csatResults' | 'npsResults'>): {
  csat: CsatResultsSource;
  nps: NpsResultsSource;
} {
  return {
    csat: {
      async csatResults(range, groupBy) {
        const r = await results.csatResults({ from: range.from, to: range.to, groupBy, commentLimit: 0 });
        const none = groupBy === 'category' ? UNCATEGORISED : UNASSIGNED;
        return {
          overall: { sent: r.overall.sent, distribution: r.overall.distribution },
          groups: Object.fromEntries(
            r.groups.map((g) => [g.key ?? none, { sent: g.sent, distribution: g.distribution }]),
          ),
        };
      },
    },
    nps: {
      async npsResults(range) {
        const r = await results.npsResults({ from: range.from, to: range.to, commentLimit: 0 });
        return { distribution: Object.fromEntries(r.distribution.map((count, score) => [score, count])) };
      },
    },
  };
}

import { csatSurveyModel, type CsatSurvey } from '../../../src/core/csat';
import { startTestHelpdesk, type TestHelpdesk } from '../../support/helpdesk';
import { DAY, HOUR, job, polls, resolvedTicket, seeded } from './support';

const SEED = 2026;
const SAMPLING_RATE = 0.5;
const COOLDOWN_DAYS = 3;
const STEP = 12 * HOUR;

describe('CSAT anti-fatigue: sampling and per-requester cool-down', () => {
  let h: TestHelpdesk;
  beforeAll(async () => {
    h = await startTestHelpdesk({
      policy: (p) => ({
        ...p,
        surveys: {
          ...p.surveys,
          csat: { ...p.surveys.csat, samplingRate: SAMPLING_RATE, cooldownDays: COOLDOWN_DAYS },
        },
      }),
      extend: (options) => ({ ...options, random: seeded(SEED) }),
    });
  });
  afterAll(() => h.close());

  it('over 100 resolved tickets for one requester, only sampled tickets are polled, never twice within the cool-down', async () => {
    const carol = await h.actor('console', 'carol', { name: 'Carol Diaz', locale: 'en' });
    const dave = await h.actor('console', 'dave', { name: 'Dave Roy', locale: 'en' });
    const sam = await h.actor('console', 'sam');
    const resolutions: { requester: 'carol' | 'dave'; number: string; step: number }[] = [];

    // A ticket resolved every 12 hours for 50 days; the send sweep runs every 12 hours.
    for (let step = 0; step < 100; step++) {
      resolutions.push({
        requester: 'carol',
        number: await resolvedTicket(h, carol, sam, `problem number ${step}`),
        step,
      });
      // Dave is another requester: Carol's cool-down must not hold his polls back.
      if (step % 10 === 5)
        resolutions.push({
          requester: 'dave',
          number: await resolvedTicket(h, dave, sam, `dave's problem ${step}`),
          step,
        });
      h.clock.advance(STEP);
      await job(h, 'csat.send')();
    }

    // What the policy says should happen, replayed with the same random sequence.
    const draws = seeded(SEED);
    const lastSent: Record<string, number | undefined> = {};
    const expected = resolutions.map(({ requester, step }) => {
      if (draws() >= SAMPLING_RATE) return 'skipped:sampling';
      const sentAt = step + 1; // the sweep after the resolution
      const last = lastSent[requester];
      if (last !== undefined && (sentAt - last) * STEP < COOLDOWN_DAYS * DAY) return 'skipped:cooldown';
      lastSent[requester] = sentAt;
      return 'sent';
    });

    const stored = await csatSurveyModel(h.connection).find().lean<CsatSurvey[]>();
    const byTicket = new Map(stored.map((s) => [s.ticketNumber, s]));
    expect(stored).toHaveLength(resolutions.length);
    const actual = resolutions.map(({ number }) => {
      const s = byTicket.get(number)!;
      return s.status === 'skipped' ? `skipped:${s.skipReason}` : s.status;
    });
    expect(actual).toEqual(expected);

    const carolSurveys = resolutions.filter((r) => r.requester === 'carol').map((r) => byTicket.get(r.number)!);
    const sampledOut = carolSurveys.filter((s) => s.skipReason === 'sampling').length;
    expect(sampledOut).toBeGreaterThan(30);
    expect(sampledOut).toBeLessThan(70);
    expect(carolSurveys.filter((s) => s.skipReason === 'cooldown').length).toBeGreaterThan(0);

    // What Carol actually received: one poll per sent survey, at least COOLDOWN_DAYS apart.
    const sentTimes = carolSurveys
      .filter((s) => s.status === 'sent')
      .map((s) => s.sentAt!.getTime())
      .sort((a, b) => a - b);
    expect(sentTimes.length).toBeGreaterThan(5);
    sentTimes.slice(1).forEach((at, i) => expect(at - sentTimes[i]).toBeGreaterThanOrEqual(COOLDOWN_DAYS * DAY));
    const received = await polls(h, 'dm:carol');
    expect(received).toHaveLength(sentTimes.length);
    const skippedNumbers = new Set(carolSurveys.filter((s) => s.status === 'skipped').map((s) => s.ticketNumber));
    expect(received.some((m) => skippedNumbers.has(m.ticketNumber!))).toBe(false);

    // Dave was polled while Carol was cooling down.
    const daveSent = resolutions.filter((r) => r.requester === 'dave' && byTicket.get(r.number)!.status === 'sent');
    expect(daveSent.length).toBeGreaterThan(0);
    expect(await polls(h, 'dm:dave')).toHaveLength(daveSent.length);
  }, 180_000);
});

describe('CSAT sweeps racing (two processes on one database)', () => {
  let h: TestHelpdesk;
  beforeAll(async () => {
    h = await startTestHelpdesk({
      policy: (p) => ({
        ...p,
        surveys: { ...p.surveys, csat: { ...p.surveys.csat, samplingRate: 1, cooldownDays: COOLDOWN_DAYS } },
      }),
    });
  });
  afterAll(() => h.close());

  it('concurrent sweeps send each poll once, and one poll per cool-down to a requester with several due', async () => {
    const erin = await h.actor('console', 'erin', { name: 'Erin Blake', locale: 'en' });
    const fran = await h.actor('console', 'fran', { name: 'Fran Okoye', locale: 'en' });
    const sam = await h.actor('console', 'sam');
    const erinTickets = [];
    for (let i = 0; i < 3; i++) erinTickets.push(await resolvedTicket(h, erin, sam, `erin's problem ${i}`));
    const franTicket = await resolvedTicket(h, fran, sam, "fran's only problem");
    h.clock.advance(2 * HOUR);

    await Promise.all([job(h, 'csat.send')(), job(h, 'csat.send')(), job(h, 'csat.send')()]);

    expect(await polls(h, 'dm:fran', franTicket)).toHaveLength(1);
    expect(await polls(h, 'dm:erin')).toHaveLength(1);
    const erinSurveys = await csatSurveyModel(h.connection)
      .find({ 'requester.key': 'console:erin' })
      .lean<CsatSurvey[]>();
    expect(erinSurveys.map((s) => (s.status === 'skipped' ? `skipped:${s.skipReason}` : s.status)).sort()).toEqual([
      'sent',
      'skipped:cooldown',
      'skipped:cooldown',
    ]);

    // Two reminder sweeps at once: one reminder.
    h.clock.advance(DAY + HOUR);
    await Promise.all([job(h, 'csat.remind')(), job(h, 'csat.remind')()]);
    expect(await polls(h, 'dm:fran', franTicket)).toHaveLength(2);
  });
});

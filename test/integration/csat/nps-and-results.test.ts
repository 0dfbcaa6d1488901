import { npsCampaignModel, npsResponseModel, type NpsResponse } from '../../../src/core/csat';
import type { Actor } from '../../../src/core/people';
import { consoleAct, consoleSay, startTestHelpdesk, type TestHelpdesk } from '../../support/helpdesk';
import { DAY, HOUR, MINUTE, job, polls, resolvedTicket, room, seeded } from './support';

describe('NPS: a periodic 0–10 survey to a sample of recent requesters', () => {
  let h: TestHelpdesk;
  beforeAll(async () => {
    h = await startTestHelpdesk({ extend: (options) => ({ ...options, random: seeded(7) }) });
  });
  afterAll(() => h.close());

  const npsPolls = async (persona: string) =>
    (await room(h, `dm:${persona}`)).filter((m) => m.actions?.some((a) => a.id === 'nps.score'));
  const click = (actor: Actor, value: string) => h.helpdesk.assistant.handleAction({ actor, id: 'nps.score', value });

  it('given 6 promoters, 2 passives and 2 detractors, the NPS is +40, with the "why?" comments', async () => {
    const sam = await h.actor('console', 'sam');
    const oldie = await h.actor('console', 'oldie', { name: 'Old Timer' });
    await h.helpdesk.tickets.open(oldie, { description: 'a problem long ago' });
    h.clock.advance(100 * DAY);

    const employees: Actor[] = [];
    for (let i = 0; i < 10; i++) {
      employees.push(await h.actor('console', `emp${i}`, { name: `Employee ${i}`, locale: i % 2 ? 'fr' : 'en' }));
      await h.helpdesk.tickets.open(employees[i], { description: `problem of employee ${i}` });
    }
    await h.helpdesk.tickets.open(sam, { description: 'an agent can be a requester too' });

    const started = h.clock.now();
    await job(h, 'nps.survey')();
    await job(h, 'nps.survey')();
    const campaigns = await npsCampaignModel(h.connection).find().lean();
    expect(campaigns).toHaveLength(1);
    expect(campaigns[0]).toMatchObject({ seq: 1, eligible: 11, invited: 10 });
    for (let i = 0; i < 10; i++) {
      const received = await npsPolls(`emp${i}`);
      expect(received).toHaveLength(1);
      expect(received[0].actions!.map((a) => a.label)).toEqual([
        '0',
        '1',
        '2',
        '3',
        '4',
        '5',
        '6',
        '7',
        '8',
        '9',
        '10',
      ]);
    }
    expect((await npsPolls('emp1'))[0].text).toMatch(/^Recommanderiez-vous le support informatique/);
    expect(await npsPolls('sam')).toHaveLength(0); // agents do not rate their own desk
    expect(await npsPolls('oldie')).toHaveLength(0); // not a recent requester

    const scores = [10, 9, 9, 10, 9, 10, 7, 8, 6, 0];
    for (let i = 0; i < 10; i++) {
      h.clock.advance(MINUTE);
      const value = (await npsPolls(`emp${i}`))[0].actions!.find((a) => a.label === String(scores[i]))!.value;
      const reply = await click(employees[i], value);
      expect(reply[0].text).toContain(
        i % 2 ? `Votre note de ${scores[i]}/10 est enregistrée.` : `Your score of ${scores[i]}/10 is recorded.`,
      );
    }
    const why = await h.helpdesk.assistant.handleMessage({
      actor: employees[9],
      text: 'Nobody called me back',
      place: 'direct',
    });
    expect(why[0].text).toBe('Merci pour cette explication, elle nous aide à progresser.');

    // A changed answer replaces the first one.
    const oneValue = (await npsPolls('emp9'))[0].actions!.find((a) => a.label === '1')!.value;
    expect((await click(employees[9], oneValue))[0].text).toContain('Votre note est maintenant 1/10');
    expect(await npsResponseModel(h.connection).countDocuments({ 'person.key': 'console:emp9' })).toBe(1);
    // Someone who was not invited cannot answer for someone who was.
    const stranger = await h.actor('console', 'zoe', { locale: 'en' });
    expect((await click(stranger, oneValue))[0].text).toBe(
      'This survey was sent to someone else; only they can answer it. Nothing was recorded.',
    );

    const results = await h.helpdesk.surveys.results.npsResults({
      from: started,
      to: new Date(h.clock.now().getTime() + 1),
    });
    expect(results).toMatchObject({
      invited: 10,
      answered: 10,
      responseRate: 1,
      promoters: 6,
      passives: 2,
      detractors: 2,
      score: 40,
    });
    expect(results.distribution).toEqual([0, 1, 0, 0, 0, 0, 1, 1, 1, 3, 3]);
    expect(results.comments).toEqual([
      { score: 1, category: 'detractor', comment: 'Nobody called me back', at: expect.any(Date) },
    ]);
  });

  it("runs again only after the period, to that period's requesters; unanswered invitations expire", async () => {
    const emp1 = await h.actor('console', 'emp1');
    h.clock.advance(50 * DAY);
    await h.helpdesk.tickets.open(emp1, { description: 'a new problem' });
    await job(h, 'nps.survey')();
    expect(await npsCampaignModel(h.connection).countDocuments()).toBe(1);

    h.clock.advance(41 * DAY);
    await job(h, 'nps.survey')();
    expect(await npsCampaignModel(h.connection).find().sort({ seq: 1 }).lean()).toMatchObject([
      { seq: 1 },
      { seq: 2, eligible: 1, invited: 1 },
    ]);
    const [, second] = await npsPolls('emp1');
    expect(second).toBeDefined();
    expect(await npsPolls('emp2')).toHaveLength(1);

    h.clock.advance(15 * DAY);
    await job(h, 'nps.survey')();
    const stored = await npsResponseModel(h.connection)
      .findOne({ 'person.key': 'console:emp1', status: { $ne: 'answered' } })
      .lean<NpsResponse>();
    expect(stored).toMatchObject({ status: 'expired' });
    const late = await click(emp1, second.actions![9].value);
    expect(late[0].text).toBe('Cette enquête a expiré. Merci quand même !');
  });
});

describe('NPS sample: at most sampleSize employees among the recent requesters', () => {
  let h: TestHelpdesk;
  beforeAll(async () => {
    h = await startTestHelpdesk({
      policy: (p) => ({ ...p, surveys: { ...p.surveys, nps: { ...p.surveys.nps, sampleSize: 4 } } }),
      extend: (options) => ({ ...options, random: seeded(11) }),
    });
  });
  afterAll(() => h.close());

  it('invites a random sample of 4 out of 12 requesters, each once', async () => {
    for (let i = 0; i < 12; i++)
      await h.helpdesk.tickets.open(await h.actor('console', `req${i}`), { description: `problem ${i}` });
    await h.helpdesk.scheduler.runNow('nps.survey');
    const invited = await npsResponseModel(h.connection).find().lean<NpsResponse[]>();
    expect(invited).toHaveLength(4);
    expect(new Set(invited.map((r) => r.person.key)).size).toBe(4);
    expect(invited.every((r) => /^console:req\d+$/.test(r.person.key) && r.status === 'sent')).toBe(true);
    const reached = [];
    for (let i = 0; i < 12; i++)
      if ((await room(h, `dm:req${i}`)).some((m) => m.actions?.some((a) => a.id === 'nps.score')))
        reached.push(`console:req${i}`);
    expect(reached.sort()).toEqual(invited.map((r) => r.person.key).sort());
  });
});

describe('published results: csatResults and npsResults', () => {
  let h: TestHelpdesk;
  beforeAll(async () => {
    h = await startTestHelpdesk();
  });
  afterAll(() => h.close());

  it('gives average, distribution, response rate and comments, per agent, category, team and week', async () => {
    const alice = await h.actor('console', 'alice', { name: 'Alice Martin', locale: 'en' });
    const sam = await h.actor('console', 'sam');
    const agnes = await h.actor('console', 'agnes');
    const answer = async (number: string, score: number, comment?: string) => {
      h.clock.advance(MINUTE);
      const [poll] = await polls(h, 'dm:alice', number);
      await consoleAct(h.url, 'alice', 'csat.score', poll.actions![score - 1].value);
      if (comment) await consoleSay(h.url, 'alice', comment);
    };

    // Week of Monday 2 March (Paris): four polls, three answers.
    const t1 = await resolvedTicket(h, alice, sam, 'wifi drops', 'network');
    const t2 = await resolvedTicket(h, alice, sam, 'dead mouse', 'hardware');
    const t3 = await resolvedTicket(h, alice, agnes, 'vpn slow', 'network');
    const t4 = await resolvedTicket(h, alice, agnes, 'a question');
    h.clock.advance(HOUR + MINUTE);
    await job(h, 'csat.send')();
    await answer(t1, 5, 'Great, fixed in minutes');
    await answer(t2, 4);
    await answer(t3, 2, 'Took three days');
    void t4;
    // Week of 9 March: two polls, one answer; one more ticket resolved but not yet polled.
    h.clock.set('2026-03-10T09:00:00Z');
    const t5 = await resolvedTicket(h, alice, sam, 'vpn again', 'network');
    await resolvedTicket(h, alice, agnes, 'screen flickers', 'hardware');
    h.clock.advance(HOUR + MINUTE);
    await job(h, 'csat.send')();
    await answer(t5, 3);
    await resolvedTicket(h, alice, sam, 'not polled yet', 'network');

    const range = { from: new Date('2026-03-01T23:00:00Z'), to: new Date('2026-03-15T23:00:00Z') };
    const { results } = h.helpdesk.surveys;
    const all = await results.csatResults(range);
    expect(all.overall).toEqual({
      sent: 6,
      answered: 4,
      responseRate: 0.6667,
      average: 3.5,
      distribution: { 1: 0, 2: 1, 3: 1, 4: 1, 5: 1 },
    });
    expect(all.groups).toEqual([]);
    expect(all.comments.map((c) => [c.ticketNumber, c.score, c.comment, c.agentKey, c.category])).toEqual([
      [t3, 2, 'Took three days', 'console:agnes', 'network'],
      [t1, 5, 'Great, fixed in minutes', 'console:sam', 'network'],
    ]);

    const byAgent = await results.csatResults({ ...range, groupBy: 'agent' });
    expect(byAgent.groups.map((g) => [g.key, g.label, g.sent, g.answered, g.average])).toEqual([
      ['console:agnes', 'Agnès Morel', 3, 1, 2],
      ['console:sam', 'Sam Carter', 3, 3, 4],
    ]);
    expect(byAgent.overall).toEqual(all.overall);

    const byCategory = await results.csatResults({ ...range, groupBy: 'category' });
    expect(byCategory.groups.map((g) => [g.key, g.sent, g.answered, g.average, g.responseRate])).toEqual([
      ['hardware', 2, 1, 4, 0.5],
      ['network', 3, 3, 3.33, 1],
      [null, 1, 0, null, 0],
    ]);

    const byTeam = await results.csatResults({ ...range, groupBy: 'team' });
    expect(byTeam.groups.map((g) => [g.key, g.label, g.sent])).toEqual([['servicedesk', 'Service Desk', 6]]);

    const byWeek = await results.csatResults({ ...range, groupBy: 'period', interval: 'week' });
    expect(byWeek.interval).toBe('week');
    expect(byWeek.groups.map((g) => [g.key, g.sent, g.answered, g.average, g.distribution])).toEqual([
      ['2026-03-02', 4, 3, 3.67, { 1: 0, 2: 1, 3: 0, 4: 1, 5: 1 }],
      ['2026-03-09', 2, 1, 3, { 1: 0, 2: 0, 3: 1, 4: 0, 5: 0 }],
    ]);

    const limited = await results.csatResults({ ...range, commentLimit: 1 });
    expect([limited.comments.length, limited.commentsTruncated]).toEqual([1, true]);
    const empty = await results.csatResults({ from: new Date('2025-01-01'), to: new Date('2025-02-01') });
    expect(empty.overall).toEqual({
      sent: 0,
      answered: 0,
      responseRate: null,
      average: null,
      distribution: { 1: 0, 2: 0, 3: 0, 4: 0, 5: 0 },
    });
    expect((await results.npsResults(range)).score).toBeNull();

    await expect(results.csatResults({ from: range.to, to: range.from })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(
      results.csatResults({
        from: new Date('2020-01-01'),
        to: new Date('2026-01-01'),
        groupBy: 'period',
        interval: 'day',
      }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
    });
  });
});

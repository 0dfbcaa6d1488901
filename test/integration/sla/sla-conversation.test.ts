import type { Actor } from '../../../src/core/people';
import type { Policy } from '../../../src/config';
import { ManualClock } from '../../../src/core/clock';
import { startTestHelpdesk, type TestHelpdesk } from '../../support/helpdesk';
import { autoClose, cast, events, paris, room, texts, ticket } from './support';

const say = (h: TestHelpdesk, actor: Actor, text: string) =>
  h.helpdesk.assistant.handleMessage({ actor, text, place: actor.person.role === 'employee' ? 'direct' : 'agents' });
const click = (h: TestHelpdesk, actor: Actor, id: string, value: string) =>
  h.helpdesk.assistant.handleAction({ actor, id, value });

describe('extend: a longer deadline only with the requester’s consent', () => {
  let h: TestHelpdesk;
  beforeEach(async () => {
    h = await startTestHelpdesk();
  });
  afterEach(() => h.close());

  async function claimedP2() {
    const { alice, sam } = await cast(h);
    const opened = await h.helpdesk.tickets.open(alice, {
      description: 'ERP export fails',
      impact: 'high',
      urgency: 'medium',
    });
    await h.helpdesk.tickets.claim(sam, opened.number);
    return opened.number;
  }

  async function lastRequest(actorRoom: string) {
    const messages = await room(h, actorRoom);
    const asked = [...messages].reverse().find((m) => m.actions?.some((a) => a.id === 'sla.extend.accept'));
    return { text: asked!.text, value: asked!.actions!.find((a) => a.id === 'sla.extend.accept')!.value };
  }

  it('accepted: the resolve target grows by the business time asked, recorded in history; foreign and forged clicks change nothing', async () => {
    const { alice, bertrand, sam } = await cast(h);
    const number = await claimedP2();
    const asked = await say(h, sam, `extend ${number} 2h waiting for the vendor's patch`);
    expect(asked[0].text).toBe(
      `I asked Alice Martin to accept resolving *${number}* 2h later (business time). I will tell you their answer.`,
    );
    const request = await lastRequest('dm:alice');
    expect(request.text).toMatch(
      /Sam Carter asks for more time on your ticket .*2h more \(business time\).*\n> waiting for the vendor's patch/,
    );
    const [note] = await events(h, number, 'note');
    expect(note).toMatchObject({
      internal: true,
      actor: { key: 'console:sam' },
      data: { slaExtension: 'requested', minutes: 120 },
    });

    expect((await click(h, bertrand, 'sla.extend.accept', request.value))[0].text).toMatch(
      /Seul le demandeur de \*INC-\d+\* peut répondre/,
    );
    expect((await click(h, sam, 'sla.extend.accept', request.value))[0].text).toMatch(
      /Only the requester of \*INC-\d+\* can answer/,
    );
    expect((await click(h, alice, 'sla.extend.accept', 'ffffffffffffffffffffffff'))[0].text).toMatch(
      /does not exist or has expired/,
    );
    expect((await click(h, alice, 'sla.extend.accept', '{"$gt":""}'))[0].text).toMatch(/does not exist or has expired/);
    expect((await ticket(h, number)).sla.resolveBy).toEqual(paris('2026-03-02T18:00'));

    // A double click: one answer counts, the other is told it is done.
    const clicks = await Promise.all([
      click(h, alice, 'sla.extend.accept', request.value),
      click(h, alice, 'sla.extend.accept', request.value),
    ]);
    expect(clicks.map((c) => c[0].text)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^Thank you. \\*${number}\\* is now due by`)),
        expect.stringMatching(/already answered/),
      ]),
    );
    const extended = await ticket(h, number);
    // 8 h + 2 h of business time from Monday 10:00: Tuesday 11:00.
    expect(extended.sla.resolveBy).toEqual(paris('2026-03-03T11:00'));
    expect(extended.sla.resolveTargetMin).toBe(600);
    const [event] = await events(h, number, 'sla_extended');
    expect(event).toMatchObject({
      actor: { key: 'console:alice' },
      from: paris('2026-03-02T18:00').toISOString(),
      to: paris('2026-03-03T11:00').toISOString(),
      text: "waiting for the vendor's patch",
      data: { minutes: 120, requestedBy: 'console:sam' },
    });
    expect(await texts(h, 'dm:sam')).toContain(`Alice Martin accepted the extension of *${number}*`);
    expect((await click(h, alice, 'sla.extend.decline', request.value))[0].text).toMatch(/already answered/);
    expect(await events(h, number, 'sla_extended')).toHaveLength(1);
  });

  it('declined: the commitment stays, the refusal is recorded and the agent told; a newer request replaces an unanswered one', async () => {
    const { alice, sam } = await cast(h);
    const number = await claimedP2();
    await say(h, sam, `extend ${number} 1d part on order`);
    const first = await lastRequest('dm:alice');
    await say(h, sam, `prolonger ${number} 4h pièce commandée`);
    const second = await lastRequest('dm:alice');
    expect(second.value).not.toBe(first.value);
    expect((await click(h, alice, 'sla.extend.accept', first.value))[0].text).toMatch(/already answered/);

    const declined = await click(h, alice, 'sla.extend.decline', second.value);
    expect(declined[0].text).toMatch(new RegExp(`we keep our commitment to resolve \\*${number}\\* by`));
    const stored = await ticket(h, number);
    expect(stored.sla.resolveBy).toEqual(paris('2026-03-02T18:00'));
    expect(stored.history.filter((e) => e.type === 'sla_extended')).toHaveLength(0);
    expect(stored.history.find((e) => e.data?.slaExtension === 'declined')).toMatchObject({
      actor: { key: 'console:alice' },
      internal: true,
    });
    expect(await texts(h, 'dm:sam')).toContain(`Alice Martin declined the extension of *${number}*`);
  });

  it('refuses bad durations, employees, and tickets no longer open', async () => {
    const { alice, sam } = await cast(h);
    const number = await claimedP2();
    expect((await say(h, sam, `extend ${number} soon please`))[0].text).toMatch(
      /Invalid command: .*positive duration.*\nUsage: `extend <id> <duration> <reason>`/,
    );
    expect((await say(h, sam, `extend ${number} 0h nothing`))[0].text).toMatch(/positive duration/);
    expect((await say(h, sam, `extend ${number} 2h`))[0].text).toMatch(/a reason is required|Invalid command/);
    expect((await say(h, alice, `extend ${number} 2h please`))[0].text).toMatch(
      /Only service-desk agents can use `extend`/,
    );
    await h.helpdesk.tickets.resolve(sam, number, 'patched');
    expect((await say(h, sam, `extend ${number} 2h late`))[0].text).toBe(
      `*${number}* is resolved: its deadline can no longer be extended.`,
    );
    expect((await room(h, 'dm:alice')).some((m) => m.actions?.some((a) => a.id === 'sla.extend.accept'))).toBe(false);
  });

  it('a request left unanswered until the ticket is resolved no longer applies', async () => {
    const { alice, sam } = await cast(h);
    const number = await claimedP2();
    await say(h, sam, `extend ${number} 3h waiting on supplier`);
    const request = await lastRequest('dm:alice');
    await h.helpdesk.tickets.resolve(sam, number, 'supplier delivered');
    expect((await click(h, alice, 'sla.extend.accept', request.value))[0].text).toBe(
      `*${number}* is resolved: the request no longer applies.`,
    );
    expect(await events(h, number, 'sla_extended')).toHaveLength(0);
  });
});

describe('oncall: who holds the pager now', () => {
  const withOverride = (policy: Policy): Policy => ({
    ...policy,
    oncall: policy.oncall.map((r) =>
      r.level === 'L1'
        ? {
            ...r,
            overrides: [
              { from: '2026-03-02T12:00:00+01:00', to: '2026-03-02T20:00:00+01:00', member: 'console:agnes' },
            ],
          }
        : r,
    ),
  });
  let h: TestHelpdesk;
  beforeAll(async () => {
    h = await startTestHelpdesk({ policy: withOverride });
  });
  afterAll(() => h.close());

  it('lists every level with its person and hand-over time, follows the rotation and overrides, agents only', async () => {
    const { alice, sam, agnes } = await cast(h);
    const now = (await say(h, sam, 'oncall'))[0].text;
    expect(now).toMatch(/^On call now/);
    expect(now).toMatch(/• L1 – Service Desk: Sam Carter until .*2 Mar.*12:00/);
    expect(now).toMatch(/• L2 – Workplace & Network: Lucas Bernard until .*9 Mar.*09:00/);
    expect(now).toMatch(/• L3 – Infrastructure Engineering: Marie Lefèvre until .*3 Mar.*09:00/);
    expect(now).toContain('The desk is open now.');
    const l2 = (await say(h, sam, 'oncall l2'))[0].text;
    expect(l2).toMatch(/• L2 – Workplace & Network: Lucas Bernard/);
    expect(l2).not.toMatch(/• L1|• L3/);
    expect((await say(h, sam, 'oncall L7'))[0].text).toMatch(/Usage: `oncall \[L1\|L2\|L3\]`/);

    h.clock.set(paris('2026-03-02T13:00'));
    expect((await say(h, sam, 'on call'))[0].text).toMatch(
      /L1 – Service Desk: Agnès Morel until .*20:00 CET \(override\)/,
    );
    h.clock.set(paris('2026-03-09T10:00'));
    const nextWeek = (await say(h, agnes, 'astreinte'))[0].text;
    expect(nextWeek).toMatch(/^Astreinte en cours/);
    expect(nextWeek).toMatch(/L1 – Service Desk : Agnès Morel jusqu’au .*16 mars/);
    h.clock.set(paris('2026-03-07T11:00'));
    expect((await say(h, sam, 'oncall'))[0].text).toContain('The desk is closed now');
    expect((await say(h, alice, 'oncall'))[0].text).toMatch(/Only service-desk agents can use `oncall`/);
  });
});

describe('out-of-hours paging', () => {
  let h: TestHelpdesk;
  beforeEach(async () => {
    h = await startTestHelpdesk({ clock: new ManualClock(paris('2026-03-02T20:30')) });
  });
  afterEach(() => h.close());

  const pages = async (number: string) =>
    (await room(h, 'dm:sam')).filter((m) => m.ticketNumber === number && /Out of hours/.test(m.text));

  it('a P1/P2 opened while the desk is closed pages the L1 on-call person by direct message; P3 does not', async () => {
    const { alice } = await cast(h);
    const p2 = await h.helpdesk.tickets.open(alice, {
      description: 'whole site offline',
      impact: 'high',
      urgency: 'medium',
    });
    const [page] = await pages(p2.number);
    expect(page.text).toMatch(
      new RegExp(
        `Out of hours: P2 \\*${p2.number}\\* from Alice Martin needs attention. You are on call for L1 until .*9 Mar`,
      ),
    );
    const p3 = await h.helpdesk.tickets.open(alice, {
      description: 'mouse is slow',
      impact: 'medium',
      urgency: 'medium',
    });
    expect(await pages(p3.number)).toHaveLength(0);
  });

  it('raising a ticket to P1/P2 out of hours pages; lowering it does not; in office hours nobody is paged', async () => {
    const { alice, sam } = await cast(h);
    const opened = await h.helpdesk.tickets.open(alice, {
      description: 'badge reader broken',
      impact: 'medium',
      urgency: 'medium',
    });
    await h.helpdesk.tickets.setPriority(sam, opened.number, 'P1');
    expect(await pages(opened.number)).toHaveLength(1);
    await h.helpdesk.tickets.setPriority(sam, opened.number, 'P2');
    expect(await pages(opened.number)).toHaveLength(1);

    h.clock.set(paris('2026-03-03T10:00'));
    const daytime = await h.helpdesk.tickets.open(alice, {
      description: 'site offline again',
      impact: 'high',
      urgency: 'high',
    });
    expect(await pages(daytime.number)).toHaveLength(0);
    // Easter Monday is a public holiday in France: the desk is closed.
    h.clock.set(paris('2026-04-06T10:00'));
    const holiday = await h.helpdesk.tickets.open(alice, {
      description: 'VPN gateway down',
      impact: 'high',
      urgency: 'medium',
    });
    expect(
      (await room(h, 'dm:agnes')).filter((m) => m.ticketNumber === holiday.number && /Hors horaires/.test(m.text)),
    ).toHaveLength(1);
  });
});

describe('out-of-hours paging when the on-call person cannot be reached', () => {
  const slackOnCall = (policy: Policy): Policy => ({
    ...policy,
    agents: [
      ...policy.agents,
      { platform: 'slack', id: 'U0NIGHT', name: 'Nina Night', role: 'agent', team: 'servicedesk', level: 'L1' },
    ],
    oncall: policy.oncall.map((r) => (r.level === 'L1' ? { ...r, members: ['slack:U0NIGHT'] } : r)),
  });
  let h: TestHelpdesk;
  beforeAll(async () => {
    h = await startTestHelpdesk({ policy: slackOnCall, clock: new ManualClock(paris('2026-03-07T03:00')) });
  });
  afterAll(() => h.close());

  it('posts the page in the agents channel instead', async () => {
    const { alice } = await cast(h);
    const opened = await h.helpdesk.tickets.open(alice, {
      description: 'datacenter power alarm',
      impact: 'high',
      urgency: 'high',
    });
    expect(await texts(h, 'agents')).toContain(
      `Out of hours: P1 *${opened.number}* needs attention, but the on-call person for L1 could not be reached directly.`,
    );
  });
});

describe('auto-close of resolved tickets', () => {
  let h: TestHelpdesk;
  beforeEach(async () => {
    h = await startTestHelpdesk();
  });
  afterEach(() => h.close());

  it('closes a resolved ticket after the policy’s days, as the system, once even when two runs race', async () => {
    const { alice, sam } = await cast(h);
    const opened = await h.helpdesk.tickets.open(alice, { description: 'printer toner empty' });
    h.clock.set(paris('2026-03-02T10:30'));
    await h.helpdesk.tickets.resolve(sam, opened.number, 'toner replaced');

    h.clock.set(paris('2026-03-07T10:29'));
    expect(await autoClose(h)).toEqual({ closed: 0, skipped: 0 });
    h.clock.set(paris('2026-03-07T10:30'));
    const runs = await Promise.all([autoClose(h), autoClose(h)]);
    expect(runs.reduce((n, r) => n + r.closed, 0)).toBe(1);
    const closed = await ticket(h, opened.number);
    expect(closed).toMatchObject({ status: 'closed', closedAt: paris('2026-03-07T10:30') });
    expect(await events(h, opened.number, 'closed')).toEqual([
      expect.objectContaining({ actor: expect.objectContaining({ key: 'system:helpdesk' }), channel: 'system' }),
    ]);
  });

  it('a reopened ticket stays open, and a ticket resolved again counts its days from the new resolution', async () => {
    const { alice, sam } = await cast(h);
    const opened = await h.helpdesk.tickets.open(alice, { description: 'wifi drops in room 4' });
    await h.helpdesk.tickets.resolve(sam, opened.number, 'access point rebooted');
    h.clock.set(paris('2026-03-03T10:00'));
    await h.helpdesk.tickets.reopen(alice, opened.number, 'drops again');
    h.clock.set(paris('2026-03-07T11:00'));
    expect(await autoClose(h)).toEqual({ closed: 0, skipped: 0 });
    expect((await ticket(h, opened.number)).status).toBe('assigned');

    await h.helpdesk.tickets.resolve(sam, opened.number, 'access point replaced');
    h.clock.set(paris('2026-03-12T10:59'));
    expect((await autoClose(h)).closed).toBe(0);
    h.clock.set(paris('2026-03-12T11:00'));
    expect((await autoClose(h)).closed).toBe(1);
  });
});

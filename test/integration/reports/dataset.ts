import type { Policy } from '../../../src/config';
import { csatSurveyModel, npsCampaignModel, npsResponseModel } from '../../../src/core/csat';
import { SYSTEM_ACTOR, toRef, type Actor } from '../../../src/core/people';
import type {
  CrisisRecord,
  CrisisSource,
  DeflectionSource,
  KbFeedbackRecord,
  ReportRange,
} from '../../../src/core/reports';
import type { TestHelpdesk } from '../../support/helpdesk';

/**
 * A service-desk fortnight built through TicketService with a manual clock, so every history event
 * and SLA state is the real one. Desk: Europe/Paris, Mon–Fri 09:00–18:00 (08:00–17:00 UTC in March
 * 2026, before the DST change), P2 = ack 30 min / resolve 8 h, P3 = 2 h / 3 d, P4 = 8 h / 5 d.
 *
 * The report period is the week of Monday 9 March 2026 (Paris):
 * [2026-03-08T23:00Z, 2026-03-15T23:00Z). Tickets by letter (number in brackets):
 *
 *  I [INC-1]  P3 vpn      opened 03-02, resolved 03-02, closed (system) 03-09 09:30  → closed in period
 *  A [INC-2]  P3 network  opened 03-05, claimed, never resolved                    → open at end (10 d)
 *  B [INC-3]  P2 email    opened Fri 03-06 14:00, resolved Mon 03-09 10:00          → 300 business min
 *  C [INC-4]  P2 vpn      opened 03-09 08:00, waits 09:00 → Tue 09:00 (its committed 17:00 passed in the
 *                         pause: the clock was stopped, no breach), resolved Tue 12:00 → 240 business min
 *  R [REQ-1]  P4 access   opened 03-10 10:00, resolved 10:30 by agnes without claim → 30 min, FCR
 *  D [INC-5]  P2 email    opened 03-10 13:00, waits 14:00 → 16:00 (2 h pause), resolved Wed 13:00:
 *                         420 business min (540 if the pause counted: a breach)  → within SLA
 *  E [INC-6]  P2 printer  opened 03-11 08:00, claimed 09:00 (ack breach), escalated L2, resolved by
 *                         lucas Thu 10:00: 660 business min                         → support breach
 *  K [INC-7]  P4 access   opened 03-11 12:00, claimed Thu 08:30 (330 business / 1230 wall), resolved
 *                         after the period (03-16)                                  → open at end (4 d)
 *  F [INC-8]  P3 network  opened 03-12 09:00, resolved 10:00, linked to CHG-42, reopened 13:00,
 *                         resolved Fri 09:00: 360 business min                      → reopened, not FCR
 *  P [PRB-1]  problem     opened 03-12 11:00 by lucas; E is linked to it            → from an incident
 *  J [INC-9]  P2 printer  opened 03-13 08:00, resolved 09:00, reopened after the period (03-17)
 *  G [INC-10] P4 access   opened 03-13 10:00, claimed, waiting on the requester     → open at end (2 d)
 *  H [INC-11] P3 email    opened 03-13 15:00, cancelled 15:30
 *  L [INC-12] P3 network  opened after the period (03-16)
 *
 * Only C carries a knowledge-base suggestion (the others are knowledge gaps).
 */
export const PERIOD = {
  from: new Date('2026-03-08T23:00:00Z'),
  to: new Date('2026-03-15T23:00:00Z'),
  timezone: 'Europe/Paris',
};
export const NOW = '2026-03-17T10:00:00Z';

/** The policy of the dataset: surveys are inserted as stored documents, not sent by the jobs. */
export function datasetPolicy(policy: Policy): Policy {
  policy.surveys.csat.enabled = false;
  policy.surveys.nps.enabled = false;
  policy.dashboard.tokens = ['wall-screen-token-0123456789'];
  return policy;
}

export async function seedDataset(h: TestHelpdesk): Promise<void> {
  const { tickets } = h.helpdesk;
  const person = (id: string) => h.actor('console', id);
  const [alice, bob, carol, dave, sam, agnes, lucas] = await Promise.all(
    ['alice', 'bob', 'carol', 'dave', 'sam', 'agnes', 'lucas'].map(person),
  );
  const at = async <T>(iso: string, act: () => Promise<T>): Promise<T> => {
    h.clock.set(iso);
    return act();
  };
  const open = (iso: string, who: Actor, input: Parameters<typeof tickets.open>[1]) =>
    at(iso, () => tickets.open(who, input));

  const I = (
    await open('2026-03-02T09:00:00Z', bob, {
      description: 'VPN refuses my password',
      category: 'vpn',
      kbSuggestions: ['kb-vpn-1'],
    })
  ).number;
  await at('2026-03-02T09:10:00Z', () => tickets.claim(sam, I));
  await at('2026-03-02T10:00:00Z', () => tickets.resolve(sam, I, 'Password reset'));
  const A = (
    await open('2026-03-05T09:00:00Z', alice, { description: 'Network drops on floor 2', category: 'network' })
  ).number;
  await at('2026-03-05T10:00:00Z', () => tickets.claim(sam, A));
  const B = (
    await open('2026-03-06T14:00:00Z', bob, { description: 'Mailbox full', category: 'email', impact: 'high' })
  ).number;
  await at('2026-03-06T14:20:00Z', () => tickets.claim(sam, B));

  const C = (
    await open('2026-03-09T08:00:00Z', carol, {
      description: 'VPN disconnects',
      category: 'vpn',
      impact: 'high',
      kbSuggestions: ['kb-vpn-1'],
    })
  ).number;
  await at('2026-03-09T08:10:00Z', () => tickets.claim(sam, C));
  await at('2026-03-09T09:00:00Z', () => tickets.wait(sam, C, 'Which VPN client version?'));
  await at('2026-03-09T09:30:00Z', () => tickets.close(SYSTEM_ACTOR, I));
  await at('2026-03-09T10:00:00Z', () => tickets.resolve(sam, B, 'Archived old mail'));
  await at('2026-03-10T09:00:00Z', () => tickets.addRequesterMessage(carol, C, 'Version 5.1'));
  const R = (
    await open('2026-03-10T10:00:00Z', dave, {
      type: 'request',
      description: 'Access to the finance share',
      category: 'access',
      impact: 'low',
      urgency: 'low',
    })
  ).number;
  await at('2026-03-10T10:30:00Z', () => tickets.resolve(agnes, R, 'Access granted'));
  await at('2026-03-10T12:00:00Z', () => tickets.resolve(sam, C, 'Client upgraded'));
  const D = (
    await open('2026-03-10T13:00:00Z', alice, { description: 'Outlook crashes', category: 'email', impact: 'high' })
  ).number;
  await at('2026-03-10T13:20:00Z', () => tickets.claim(sam, D));
  await at('2026-03-10T14:00:00Z', () => tickets.wait(sam, D, 'Does it crash in safe mode?'));
  await at('2026-03-10T16:00:00Z', () => tickets.addRequesterMessage(alice, D, 'No, only normally'));

  const E = (
    await open('2026-03-11T08:00:00Z', bob, { description: 'Printer jams', category: 'printer', impact: 'high' })
  ).number;
  await at('2026-03-11T09:00:00Z', () => tickets.claim(sam, E));
  await at('2026-03-11T10:00:00Z', () => tickets.escalate(sam, E, 'L2', 'Fuser unit'));
  await at('2026-03-11T10:30:00Z', () => tickets.claim(lucas, E));
  const K = (
    await open('2026-03-11T12:00:00Z', bob, {
      description: 'Badge does not open door 4',
      category: 'access',
      impact: 'low',
      urgency: 'low',
    })
  ).number;
  await at('2026-03-11T13:00:00Z', () => tickets.resolve(sam, D, 'Add-in disabled'));
  await at('2026-03-12T08:30:00Z', () => tickets.claim(sam, K));

  const F = (await open('2026-03-12T09:00:00Z', carol, { description: 'Wi-Fi slow in room B', category: 'network' }))
    .number;
  await at('2026-03-12T09:30:00Z', () => tickets.claim(sam, F));
  await at('2026-03-12T10:00:00Z', () => tickets.resolve(sam, F, 'Access point rebooted'));
  await at('2026-03-12T10:00:00Z', () => tickets.resolve(lucas, E, 'Fuser replaced'));
  const P = (
    await open('2026-03-12T11:00:00Z', lucas, {
      type: 'problem',
      description: 'Recurring printer jams on model X',
      category: 'printer',
    })
  ).number;
  await at('2026-03-12T11:05:00Z', () => tickets.link(lucas, E, P));
  await at('2026-03-12T11:10:00Z', () => tickets.link(lucas, F, 'CHG-42'));
  await at('2026-03-12T13:00:00Z', () => tickets.reopen(carol, F, 'Still slow'));

  const J = (
    await open('2026-03-13T08:00:00Z', dave, { description: 'Printer offline', category: 'printer', impact: 'high' })
  ).number;
  await at('2026-03-13T08:05:00Z', () => tickets.claim(sam, J));
  await at('2026-03-13T09:00:00Z', () => tickets.resolve(sam, J, 'Cable replugged'));
  await at('2026-03-13T09:00:00Z', () => tickets.resolve(sam, F, 'Channel changed'));
  const G = (
    await open('2026-03-13T10:00:00Z', dave, {
      description: 'Need VPN access for contractor',
      category: 'access',
      impact: 'low',
      urgency: 'low',
    })
  ).number;
  await at('2026-03-13T11:00:00Z', () => tickets.claim(agnes, G));
  await at('2026-03-13T11:30:00Z', () => tickets.wait(agnes, G, 'Manager approval?'));
  const H = (await open('2026-03-13T15:00:00Z', alice, { description: 'Screen flickers', category: 'email' })).number;
  await at('2026-03-13T15:30:00Z', () => tickets.cancel(alice, H, 'Fixed itself'));

  await open('2026-03-16T08:00:00Z', alice, { description: 'Cannot reach intranet', category: 'network' });
  await at('2026-03-16T10:00:00Z', () => tickets.resolve(sam, K, 'Badge re-encoded'));
  await at('2026-03-17T09:00:00Z', () => tickets.reopen(dave, J, 'Offline again'));
  h.clock.set(NOW);

  expect([I, A, B, C, R, D, E, K, F, P, J, G, H]).toEqual([
    'INC-000001',
    'INC-000002',
    'INC-000003',
    'INC-000004',
    'REQ-000001',
    'INC-000005',
    'INC-000006',
    'INC-000007',
    'INC-000008',
    'PRB-000001',
    'INC-000009',
    'INC-000010',
    'INC-000011',
  ]);
  await seedSurveys(h, { B, C, D, E, R, I });
}

/**
 * CSAT polls and NPS answers stored exactly as the survey domain stores them. Sent in the period:
 * B 5, C 4, D 2, R 5, E no answer (sent 5, answered 4, average 4.0, response rate 80 %); I's poll
 * (score 1) was sent before the period. NPS: 6 promoters, 2 passives, 2 detractors, 1 silent → +40.
 */
async function seedSurveys(h: TestHelpdesk, n: Record<'B' | 'C' | 'D' | 'E' | 'R' | 'I', string>): Promise<void> {
  const surveys = csatSurveyModel(h.connection);
  const sam = toRef((await h.actor('console', 'sam')).person);
  const poll = async (number: string, sentAt: string, score?: number) => {
    const ticket = await h.helpdesk.tickets.find(number);
    const sent = new Date(sentAt);
    await surveys.create({
      ticketNumber: number,
      requester: ticket.requester,
      team: ticket.team,
      agent: ticket.assignee ?? sam,
      category: ticket.category,
      status: score ? 'answered' : 'sent',
      resolvedAt: ticket.resolvedAt ?? sent,
      expiresAt: new Date(sent.getTime() + 7 * 86_400_000),
      attempts: 1,
      sentAt: sent,
      ...(score ? { score, firstAnsweredAt: sent, answeredAt: sent } : {}),
      changes: 0,
      createdAt: sent,
    });
  };
  await poll(n.I, '2026-03-02T11:00:00Z', 1);
  await poll(n.B, '2026-03-09T11:00:00Z', 5);
  await poll(n.C, '2026-03-10T13:00:00Z', 4);
  await poll(n.R, '2026-03-10T11:30:00Z', 5);
  await poll(n.D, '2026-03-11T14:00:00Z', 2);
  await poll(n.E, '2026-03-12T11:00:00Z');

  const campaign = await npsCampaignModel(h.connection).create({
    seq: 1,
    startedAt: new Date('2026-03-10T09:00:00Z'),
    eligibleSince: new Date('2025-12-10T09:00:00Z'),
    eligible: 11,
    invited: 11,
  });
  const scores = [9, 10, 9, 10, 9, 10, 7, 8, 3, 6, undefined];
  await npsResponseModel(h.connection).create(
    scores.map((score, i) => ({
      campaignId: campaign._id,
      person: { key: `console:nps${i}`, platform: 'console' as const, name: `Requester ${i}`, locale: 'en' as const },
      status: score === undefined ? ('sent' as const) : ('answered' as const),
      attempts: 1,
      sentAt: new Date('2026-03-10T09:00:00Z'),
      ...(score === undefined ? {} : { score, answeredAt: new Date('2026-03-11T09:00:00Z') }),
      changes: 0,
      createdAt: new Date('2026-03-10T09:00:00Z'),
    })),
  );
}

const inRange = (at: Date, range: ReportRange) => at >= range.from && at < range.to;

/**
 * Knowledge-base feedback as the KB domain will publish it. In the period: carol's "solved" is
 * followed 1 h later by her ticket C (not a deflection); bob, alice and erin's are not; dave's
 * "still need help" does not count. → solved 4, followed 1, deflected 3, rate 3/(3+9) = 25 %.
 */
export const feedbackSource: DeflectionSource = {
  async kbFeedback(range) {
    const all: KbFeedbackRecord[] = [
      { personKey: 'console:carol', at: new Date('2026-03-09T07:00:00Z'), helpful: true },
      { personKey: 'console:dave', at: new Date('2026-03-10T09:50:00Z'), helpful: false },
      { personKey: 'console:erin', at: new Date('2026-03-11T09:00:00Z'), helpful: true },
      { personKey: 'console:bob', at: new Date('2026-03-12T12:00:00Z'), helpful: true },
      { personKey: 'console:alice', at: new Date('2026-03-14T10:00:00Z'), helpful: true },
      { personKey: 'console:alice', at: new Date('2026-03-02T08:00:00Z'), helpful: true },
    ];
    return all.filter((f) => inRange(f.at, range));
  },
};

/** Crises as the crisis domain will publish them: two sev1 (150 and 90 min), one sev2 still open. */
export const crisisSource: CrisisSource = {
  async crises(range) {
    const all: CrisisRecord[] = [
      {
        number: 'CRI-000001',
        severity: 'sev1',
        declaredAt: new Date('2026-03-10T10:00:00Z'),
        resolvedAt: new Date('2026-03-10T12:30:00Z'),
        closedAt: new Date('2026-03-10T13:00:00Z'),
      },
      {
        number: 'CRI-000002',
        severity: 'sev1',
        declaredAt: new Date('2026-03-12T08:00:00Z'),
        resolvedAt: new Date('2026-03-12T09:30:00Z'),
        closedAt: new Date('2026-03-12T10:00:00Z'),
      },
      {
        number: 'CRI-000003',
        severity: 'sev2',
        declaredAt: new Date('2026-03-14T09:00:00Z'),
        resolvedAt: null,
        closedAt: null,
      },
      {
        number: 'CRI-000004',
        severity: 'sev2',
        declaredAt: new Date('2026-03-01T09:00:00Z'),
        resolvedAt: new Date('2026-03-01T10:00:00Z'),
        closedAt: new Date('2026-03-01T10:00:00Z'),
      },
    ];
    return all.filter((c) => inRange(c.declaredAt, range));
  },
};

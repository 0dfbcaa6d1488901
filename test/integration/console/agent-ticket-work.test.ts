import { ticketModel, type Ticket } from '../../../src/core/tickets';
import type { Actor } from '../../../src/core/people';
import { consoleAct, consoleSay, startTestHelpdesk, type TestHelpdesk } from '../../support/helpdesk';

interface RoomMessage {
  _id: unknown;
  author: string;
  key?: string;
  text: string;
  card?: { lines: string[] };
  ticketNumber?: string;
}

/**
 * The agents' side of a ticket in the console (QA report of the agent journey, findings 2, 3, 6,
 * 7, 9 and 10): handovers that keep a ticket waiting on its requester, a claim that is idempotent,
 * the agents a handover concerns told in their language, escalation that only goes up, links to
 * things that exist, and confirmations written for the agent.
 */
describe('console: an agent’s work on tickets', () => {
  let h: TestHelpdesk;
  let alice: Actor;
  let bertrand: Actor;
  beforeAll(async () => {
    h = await startTestHelpdesk();
    alice = await h.actor('console', 'alice', { name: 'Alice Martin', locale: 'en' });
    bertrand = await h.actor('console', 'bertrand', { name: 'Bertrand Petit', locale: 'fr' });
  });
  afterAll(() => h.close());

  const stored = async (number: string) => (await ticketModel(h.connection).findOne({ number }).lean<Ticket>())!;
  const room = async (name: string) => (await h.helpdesk.consoleMessenger.messages(name)) as unknown as RoomMessage[];
  const texts = async (name: string, number: string) =>
    (await room(name)).filter((m) => m.ticketNumber === number).map((m) => m.text);
  const say = async (persona: string, text: string, extra: Record<string, unknown> = {}) => {
    const res = await consoleSay(h.url, persona, text, extra);
    expect(res.status).toBe(200);
    return res.body.replies.map((r) => r.text);
  };
  const inAgents = (persona: string, text: string) => say(persona, text, { room: 'agents' });
  const open = async (who: Actor, description: string, type?: 'problem') =>
    (await h.helpdesk.tickets.open(who, { description, type })).number;

  describe('a handover of a ticket waiting on the requester (finding 2)', () => {
    it('claim by a colleague keeps it waiting with the clock paused, and the requester’s answer reaches it', async () => {
      const number = await open(bertrand, 'le clavier tape des caractères bizarres');
      await inAgents('sam', `claim ${number}`);
      await inAgents('sam', `wait ${number} Which keyboard layout is selected?`);
      const waiting = await stored(number);
      h.clock.advance(30 * 60_000);

      await inAgents('agnes', `prendre ${number}`);
      const handedOver = await stored(number);
      expect(handedOver).toMatchObject({ status: 'waiting_user', assignee: { key: 'console:agnes' } });
      expect(handedOver.sla.pausedSince).toEqual(waiting.sla.pausedSince);
      expect(handedOver.sla.runningSince ?? null).toEqual(waiting.sla.runningSince ?? null);

      // Bertrand answers in his direct conversation, without naming the ticket: it goes to the ticket.
      const [reply] = await say('bertrand', 'La disposition est AZERTY France');
      expect(reply).toMatch(
        new RegExp(`^Ajouté à \\*${number}\\* ; les techniciens sont prévenus\\.\\nL’horloge repart : `),
      );
      const answered = await stored(number);
      expect(answered.status).toBe('assigned');
      expect(answered.history.at(-1)).toMatchObject({
        type: 'requester_message',
        text: 'La disposition est AZERTY France',
      });
    });

    it('assign to a colleague keeps it waiting too', async () => {
      const number = await open(alice, 'Outlook shows error 0x8004010F');
      await inAgents('sam', `wait ${number} Can you send a screenshot?`);
      await inAgents('sam', `assign ${number} agnes`);
      expect(await stored(number)).toMatchObject({ status: 'waiting_user', assignee: { key: 'console:agnes' } });
      expect((await h.helpdesk.tickets.soleTicketWaitingOn(alice))?.number).toBe(number);
    });
  });

  describe('claim is idempotent (finding 7)', () => {
    it('a second claim by the assignee says it is already theirs, and changes and tells nothing', async () => {
      const number = await open(alice, 'docking station does not charge');
      expect(await inAgents('sam', `claim ${number}`)).toEqual([`*${number}* is assigned to Sam Carter.`]);
      const before = await stored(number);
      expect(await inAgents('sam', `claim ${number}`)).toEqual([`*${number}* is already yours.`]);
      expect(await inAgents('sam', `assign ${number} sam`)).toEqual([`*${number}* is already yours.`]);
      expect(await inAgents('agnes', `assigner ${number} sam`)).toEqual([`*${number}* est déjà assigné à Sam Carter.`]);
      const after = await stored(number);
      expect(after.rev).toBe(before.rev);
      expect(after.history.filter((e) => e.type === 'claimed')).toHaveLength(1);
      expect((await texts('dm:alice', number)).filter((text) => text.includes('is now handling'))).toHaveLength(1);
    });

    it('a triple click on Claim makes one claim: one event, one message to the requester', async () => {
      const number = await open(alice, 'webcam not detected');
      const answers = await Promise.all([1, 2, 3].map(() => consoleAct(h.url, 'sam', 'ticket.claim', number)));
      const replies = answers.map((a) => a.body.replies[0].text).sort();
      expect(replies).toEqual([
        `*${number}* is already yours.`,
        `*${number}* is already yours.`,
        `*${number}* is assigned to Sam Carter.`,
      ]);
      expect((await stored(number)).history.filter((e) => e.type === 'claimed')).toHaveLength(1);
      expect(await texts('dm:alice', number)).toEqual([`Sam Carter is now handling your ticket *${number}*.`]);
    });
  });

  describe('the agents a handover concerns are told (finding 9)', () => {
    it('the colleague gets the ticket by direct message in their language; the previous holder hears who took it', async () => {
      const number = await open(alice, 'meeting room screen stays black');
      expect(await inAgents('sam', `assign ${number} lucas`)).toEqual([
        `*${number}* is assigned to Lucas Bernard, who has been sent the ticket.`,
      ]);
      const [toLucas] = (await room('dm:lucas')).filter((m) => m.ticketNumber === number);
      expect(toLucas.text).toBe(
        `Sam Carter vous a assigné *${number}* (P3 – modérée, demandeur : Alice Martin) :\n> meeting room screen stays black`,
      );
      expect(toLucas.card?.lines[0]).toMatch(
        /^Priorité P3 – modérée · Statut pris en charge · Niveau L1 · Assigné à Lucas Bernard$/,
      );

      // Agnès takes it over: she is told whose it was, Lucas that it is no longer his.
      expect(await inAgents('agnes', `prendre ${number}`)).toEqual([
        `*${number}* vous est maintenant assigné. Il était assigné à Lucas Bernard, qui a reçu un message.`,
      ]);
      expect((await texts('dm:lucas', number)).at(-1)).toBe(
        `Agnès Morel a repris *${number}* (meeting room screen stays black) : ce ticket ne vous est plus assigné.`,
      );

      // Sam gives it to Marie while Agnès holds it: both are told, Sam hears that.
      expect(await inAgents('sam', `assign ${number} marie`)).toEqual([
        `*${number}* is assigned to Marie Lefèvre (it was Agnès Morel’s); both have been told.`,
      ]);
      expect((await texts('dm:agnes', number)).at(-1)).toBe(
        `Sam Carter a réassigné *${number}* (meeting room screen stays black) à Marie Lefèvre : ce ticket ne vous est plus assigné.`,
      );
      expect((await texts('dm:marie', number)).at(-1)).toMatch(/^Sam Carter vous a assigné \*INC-\d+\*/);
      // Nobody is told what they did themselves.
      expect(await texts('dm:sam', number)).toEqual([]);
    });
  });

  describe('escalation only goes up (finding 6)', () => {
    it('a level that is not above the current one is refused, not read as the reason', async () => {
      const number = await open(alice, 'switch port flapping on floor 3');
      await inAgents('sam', `escalate ${number} needs network team`);
      const before = await stored(number);
      expect(before.level).toBe('L2');
      expect(await inAgents('sam', `escalate ${number} L1 down`)).toEqual([
        `Ticket ${number} is at level L2: L1 is not a higher level, and an escalation only goes up. To hand the ticket to someone else, use \`assign ${number} <user>\`.`,
      ]);
      expect(await inAgents('agnes', `escalader ${number} l1 retour au support`)).toEqual([
        `Le ticket ${number} est au niveau L2 : L1 n’est pas un niveau supérieur, et une escalade ne fait que monter. Pour confier le ticket à quelqu’un d’autre, utilisez \`assigner ${number} <utilisateur>\`.`,
      ]);
      expect(await inAgents('sam', `escalate ${number} L2 again`)).toEqual([
        `Ticket ${number} is already at level L2.`,
      ]);
      const after = await stored(number);
      expect(after).toMatchObject({ level: 'L2', rev: before.rev });
      expect((await texts('dm:alice', number)).filter((t) => t.includes('escalated'))).toHaveLength(1);
    });
  });

  describe('links (finding 3)', () => {
    it('refuses self-links, targets that do not exist and finished tickets; status shows the links to agents', async () => {
      const number = await open(alice, 'VPN drops every hour');
      // Problem records are opened by agents (an employee has no problem records of their own).
      const problem = await open(await h.actor('console', 'sam'), 'VPN concentrator memory leak', 'problem');
      const before = await stored(number);
      expect(await inAgents('sam', `link ${number} ${number}`)).toEqual([
        `A ticket cannot be linked to itself (${number}).`,
      ]);
      // CRI- targets go through the crisis cell, which names the missing crisis.
      expect(await inAgents('sam', `link ${number} CRI-000099`)).toEqual(['Crisis CRI-000099 does not exist.']);
      expect(await inAgents('agnes', `lier ${number} prb-777`)).toEqual([
        `PRB-000777 n’existe pas : impossible d’y lier ${number}.`,
      ]);
      expect((await stored(number)).rev).toBe(before.rev);

      expect(await inAgents('sam', `link ${number} ${problem}`)).toEqual([`*${number}* is linked to ${problem}.`]);
      expect(await inAgents('sam', `link ${number} ${problem}`)).toEqual([
        `*${number}* is already linked to ${problem}.`,
      ]);
      const linked = await stored(number);
      expect(linked.links).toEqual([problem]);
      expect(linked.history.filter((e) => e.type === 'linked')).toHaveLength(1);
      expect((await inAgents('sam', `status ${number}`))[0]).toMatch(new RegExp(`\\nLinked to: ${problem}$`));
      expect((await say('alice', `status ${number}`))[0]).not.toContain('Linked to');

      const cancelled = await open(alice, 'keyboard missing keys');
      await h.helpdesk.tickets.cancel(alice, cancelled, 'found a spare');
      expect(await inAgents('sam', `link ${cancelled} ${problem}`)).toEqual([
        `Ticket ${cancelled} is cancelled: it can no longer be changed.`,
      ]);
    });
  });

  describe('usage errors in the agent’s language (finding 11)', () => {
    it('a French agent sees the usage of priority, assign, escalate, link and queue with the French verbs', async () => {
      const number = await open(alice, 'scanner saves blank pages');
      expect(await inAgents('agnes', `priorite ${number} P9`)).toEqual([
        'Commande invalide : « P9 » ne fait pas partie des choix : P1, P2, P3, P4.\nUtilisation : `priorité <id> <P1-P4>`',
      ]);
      expect(await inAgents('agnes', `assigner ${number}`)).toEqual([
        'Commande invalide : il manque quelque chose.\nUtilisation : `assigner <id> <utilisateur>`',
      ]);
      expect((await inAgents('agnes', `escalader ${number} L4 panne`))[0]).toMatch(
        /\nUtilisation : `escalader <id> \[L2\|L3\] <raison>`$/,
      );
      expect((await inAgents('agnes', `lier ${number} XYZ-1`))[0]).toMatch(
        /\nUtilisation : `lier <id> <problème-ou-crise>`$/,
      );
      expect((await inAgents('agnes', 'file partout'))[0]).toMatch(
        /\nUtilisation : `file \[les miens\|non assignés\|en retard\]`$/,
      );
      expect((await inAgents('sam', `priority ${number} P9`))[0]).toMatch(/\nUsage: `priority <id> <P1-P4>`$/);
    });
  });

  describe('confirmations and statuses written for the agent (finding 10)', () => {
    it('wait says the ticket waits on the requester with the clock paused, and that the agent became its assignee', async () => {
      const number = await open(alice, 'shared drive asks for a password');
      expect(await inAgents('sam', `wait ${number} Which drive letter?`)).toEqual([
        `Question sent to Alice Martin on *${number}*. The ticket now waits on the requester: the SLA clock is paused until they answer. You are now its assignee.`,
      ]);
      expect(await inAgents('sam', `wait ${number} And since when?`)).toEqual([
        `Question sent to Alice Martin on *${number}*. The ticket now waits on the requester: the SLA clock is paused until they answer.`,
      ]);
      expect(await inAgents('agnes', `attendre ${number} Depuis quand ?`)).toEqual([
        `Question envoyée à Alice Martin sur *${number}*. Le ticket est en attente du demandeur : le délai SLA est suspendu jusqu’à sa réponse.`,
      ]);
    });

    it('agents see waiting_user as waiting on the requester (status, queue, ticket card); the requester as waiting on them', async () => {
      const number = await open(alice, 'laptop fan very loud');
      await inAgents('sam', `wait ${number} Is it on the docking station?`);
      expect((await inAgents('sam', `status ${number}`))[0]).toContain('Status: waiting on the requester');
      expect((await inAgents('agnes', `statut ${number}`))[0]).toContain('Statut : en attente du demandeur');
      expect((await say('alice', `status ${number}`))[0]).toContain('Status: waiting on you');
      const queue = (await inAgents('agnes', 'file'))[0].split('\n');
      expect(queue.find((l) => l.includes(number))).toContain('· en attente du demandeur ·');
      expect((await inAgents('sam', 'queue mine'))[0]).not.toContain('waiting on you');
      const post = (await room('agents')).find((m) => m.key === `ticket:${number}`)!;
      expect(post.card!.lines[0]).toContain('Status waiting on the requester');
    });

    it('escalate names the team as the requester reads it, not by its id', async () => {
      const number = await open(alice, 'Wi-Fi drops in the east wing');
      expect(await inAgents('sam', `escalate ${number} needs network team`)).toEqual([
        `*${number}* escalated to L2 (Workplace & Network) by Sam Carter: needs network team`,
      ]);
      expect((await texts('dm:alice', number)).at(-1)).toContain('(Workplace & Network)');
    });

    it('an agent’s cancel tells the requester who cancelled it and why', async () => {
      const duplicate = await open(alice, 'printer on floor 2 offline');
      const original = await open(bertrand, 'imprimante du 2e hors ligne');
      expect(await inAgents('sam', `cancel ${duplicate} duplicate of ${original}`)).toEqual([
        `*${duplicate}* is cancelled; Alice Martin has been told.`,
      ]);
      expect((await texts('dm:alice', duplicate)).at(-1)).toBe(
        `Sam Carter cancelled your ticket *${duplicate}*:\n> duplicate of ${original}`,
      );
      expect(await inAgents('agnes', `annuler ${original}`)).toEqual([
        `*${original}* est annulé. Message envoyé à Bertrand Petit.`,
      ]);
      expect((await texts('dm:bertrand', original)).at(-1)).toBe(`Agnès Morel a annulé votre ticket *${original}*.`);
    });
  });
});

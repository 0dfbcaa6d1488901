import { ticketModel, type Ticket } from '../../../src/core/tickets';
import type { Actor } from '../../../src/core/people';
import { consoleSay, startTestHelpdesk, type TestHelpdesk } from '../../support/helpdesk';

interface RoomMessage {
  _id: unknown;
  author: string;
  key?: string;
  text: string;
  actions?: { id: string; label: string; value: string }[];
  card?: { lines: string[] };
  ticketNumber?: string;
}

/**
 * The requester and agent sides of a ticket's life in the console, in both languages: reopening
 * by saying it is still broken, cancel/reopen with reasons and clear refusals, status and lists
 * that match the ticket's state, and one confirmation per agent command.
 */
describe('console: a ticket’s conversation after it is resolved or cancelled', () => {
  let h: TestHelpdesk;
  let alice: Actor;
  let bertrand: Actor;
  let sam: Actor;
  beforeAll(async () => {
    h = await startTestHelpdesk();
    alice = await h.actor('console', 'alice', { name: 'Alice Martin', locale: 'en' });
    bertrand = await h.actor('console', 'bertrand', { name: 'Bertrand Petit', locale: 'fr' });
    sam = await h.actor('console', 'sam', { name: 'Sam Carter', locale: 'en' });
  });
  afterAll(() => h.close());

  const stored = async (number: string) => (await ticketModel(h.connection).findOne({ number }).lean<Ticket>())!;
  const room = async (name: string) => (await h.helpdesk.consoleMessenger.messages(name)) as unknown as RoomMessage[];
  const say = async (persona: string, text: string, extra: Record<string, unknown> = {}) => {
    const res = await consoleSay(h.url, persona, text, extra);
    expect(res.status).toBe(200);
    return res.body.replies;
  };
  const inAgents = (persona: string, text: string) => say(persona, text, { room: 'agents' });
  const open = async (who: Actor, description: string) => (await h.helpdesk.tickets.open(who, { description })).number;

  it('given a resolved ticket, "it is still not working" in its conversation reopens it and tells the agents', async () => {
    const number = await open(alice, 'network socket in room 4 is dead');
    await inAgents('sam', `claim ${number}`);
    await inAgents('sam', `resolve ${number} Cable replaced`);

    const [reply] = await say('alice', 'it is still not working', { ticket: number });
    expect(reply.text).toBe(`*${number}* is reopened; your message is on it and an agent will get back to you.`);
    const ticket = await stored(number);
    expect(ticket).toMatchObject({ status: 'assigned', reopenCount: 1 });
    expect(ticket.history.at(-1)).toMatchObject({ type: 'reopened', text: 'it is still not working' });
    expect((await room('agents')).map((m) => m.text)).toContain(
      `Alice Martin reopened *${number}*:\n> it is still not working`,
    );
  });

  it('a thank-you on a resolved ticket keeps it resolved and offers the Reopen button', async () => {
    const number = await open(alice, 'outlook signature lost');
    await h.helpdesk.tickets.resolve(sam, number, 'Signature restored from backup');
    const [reply] = await say('alice', 'Thanks, works now!', { ticket: number });
    expect(reply.text).toMatch(/stays resolved/);
    expect(reply.actions).toEqual([expect.objectContaining({ id: 'ticket.reopen', value: number })]);
    expect((await stored(number)).status).toBe('resolved');
  });

  it('given a cancelled ticket, a message in its conversation is explained in French and points to a new request', async () => {
    const number = await open(bertrand, 'la souris ne répond plus');
    await h.helpdesk.tickets.cancel(bertrand, number);
    const [reply] = await say('bertrand', 'toujours en panne', { ticket: number });
    expect(reply.text).toBe(
      `Le ticket ${number} est annulé : je n'y ai pas ajouté votre message. Si vous avez encore besoin d'aide, décrivez de nouveau le problème comme une nouvelle demande et j'ouvrirai un nouveau ticket.`,
    );
    expect((await stored(number)).history.map((e) => e.type)).toEqual(['opened', 'cancelled']);
  });

  it('reopen applies to resolved tickets only; cancel and reopen take a reason and a trailing punctuation mark', async () => {
    const number = await open(bertrand, 'le lecteur de badge clignote');
    expect((await say('bertrand', `rouvrir ${number}`))[0].text).toBe(
      `Le ticket ${number} est toujours en cours : il n'y a rien à rouvrir.`,
    );
    expect((await stored(number)).reopenCount).toBe(0);

    expect((await say('bertrand', `annuler ${number}. Plus besoin, il remarche`))[0].text).toBe(
      `*${number}* est annulé.`,
    );
    expect((await stored(number)).history.at(-1)).toMatchObject({
      type: 'cancelled',
      text: 'Plus besoin, il remarche',
    });
    expect((await say('bertrand', `annuler ${number}`))[0].text).toBe(`Le ticket ${number} est déjà annulé.`);
    expect((await say('bertrand', `rouvrir ${number} ça recommence`))[0].text).toBe(
      `Un ticket annulé ne peut pas être rouvert (${number} est annulé). Décrivez de nouveau le problème et j'ouvrirai un nouveau ticket.`,
    );

    const resolved = await open(alice, 'VPN drops at 5 pm');
    await h.helpdesk.tickets.resolve(sam, resolved, 'Gateway patched');
    expect((await say('alice', `reopen ${resolved}! drops again at 5 pm`))[0].text).toBe(`*${resolved}* is reopened.`);
    expect((await stored(resolved)).history.at(-1)).toMatchObject({ type: 'reopened', text: 'drops again at 5 pm' });
    expect((await room('agents')).map((m) => m.text)).toContain(
      `Alice Martin reopened *${resolved}*:\n> drops again at 5 pm`,
    );
  });

  it('status of a cancelled or resolved ticket shows what happened, not commitments; a missing id is explained in French', async () => {
    const cancelled = await open(bertrand, "l'écran clignote");
    await h.helpdesk.tickets.cancel(bertrand, cancelled);
    const status = (await say('bertrand', `statut ${cancelled}?`))[0].text;
    expect(status).toMatch(/\nAnnulé le /);
    expect(status).toContain('Non assigné');
    expect(status).not.toMatch(/Prise en charge avant|Assigné à : non assigné/);

    const resolved = await open(alice, 'printer jams');
    await h.helpdesk.tickets.resolve(sam, resolved, 'Roller cleaned');
    const en = (await say('alice', `status ${resolved}.`))[0].text;
    expect(en).toMatch(/\nResolved on .*\nResolution: Roller cleaned$/);
    expect(en).not.toMatch(/Acknowledge by|Resolve by|Assignee unassigned/);

    expect((await say('bertrand', 'statut'))[0].text).toBe(
      'Commande invalide : il manque le numéro du ticket (par exemple INC-000042).\nUtilisation : `statut <id>`',
    );
    expect((await say('bertrand', 'statut FOO-12'))[0].text).toBe(
      'Commande invalide : « FOO-12 » n’est pas un numéro de ticket (par exemple INC-000042).\nUtilisation : `statut <id>`',
    );
    expect((await say('bertrand', `statut ${resolved}`))[0].text).toBe(
      `Seul le demandeur du ticket ${resolved} ou un technicien peut faire cela.`,
    );
  });

  it('my tickets counts open tickets only and lists resolved ones apart, in both languages', async () => {
    const h2 = await startTestHelpdesk();
    try {
      const requester = await h2.actor('console', 'bertrand', { name: 'Bertrand Petit', locale: 'fr' });
      const agent = await h2.actor('console', 'sam', { name: 'Sam Carter', locale: 'en' });
      const a = (await h2.helpdesk.tickets.open(requester, { description: 'imprimante hors ligne' })).number;
      const b = (await h2.helpdesk.tickets.open(requester, { description: 'écran noir' })).number;
      await h2.helpdesk.tickets.resolve(agent, b, 'Câble changé');
      const text = (await consoleSay(h2.url, 'bertrand', 'mes tickets')).body.replies[0].text;
      const [header, first, resolvedHeader, second] = text.split('\n');
      expect(header).toBe('Vous avez 1 ticket ouvert :');
      expect(first).toContain(a);
      expect(resolvedHeader).toBe('Résolus récemment (1) ; écrivez `rouvrir <numéro>` si un problème revient :');
      expect(second).toContain(b);

      const alice = await h2.actor('console', 'alice', { name: 'Alice Martin', locale: 'en' });
      await h2.helpdesk.tickets.open(alice, { description: 'printer offline' });
      await h2.helpdesk.tickets.open(alice, { description: 'screen flickers' });
      const done = (await h2.helpdesk.tickets.open(alice, { description: 'mouse lag' })).number;
      await h2.helpdesk.tickets.resolve(agent, done, 'Receiver replaced');
      const en = (await consoleSay(h2.url, 'alice', 'my tickets')).body.replies[0].text.split('\n');
      expect([en[0], en[3]]).toEqual([
        'You have 2 open tickets:',
        'Recently resolved (1); write `reopen <number>` if a problem is back:',
      ]);
      expect(en[4]).toContain(done);
    } finally {
      await h2.close();
    }
  });

  it('help and the resolution notice speak French verbs to a French requester, with a Reopen button', async () => {
    const help = (await say('bertrand', 'aide'))[0].text;
    expect(help).toContain(
      '`mes tickets`, `statut INC-000042`, `annuler INC-000042 <raison>`, `rouvrir INC-000042 <raison>`',
    );
    expect(help).not.toMatch(/`(status|cancel|reopen) /);

    const number = await open(bertrand, 'le wifi du 3e coupe');
    await h.helpdesk.tickets.resolve(sam, number, 'Borne redémarrée');
    const notice = (await room('dm:bertrand')).filter((m) => m.ticketNumber === number).at(-1)!;
    expect(notice.text).toContain(`écrivez \`rouvrir ${number}\` dans les 5 jours`);
    expect(notice.text).not.toContain('reopen');
    expect(notice.actions).toEqual([{ id: 'ticket.reopen', label: 'Rouvrir', value: number }]);
  });

  it('an agent command is confirmed once, in the agent’s language; the shared ticket post stays in the desk’s language', async () => {
    const number = await open(bertrand, 'le lecteur de badge du hall ne lit plus');
    const before = new Set((await room('agents')).map((m) => String(m._id)));
    const [claimed] = await inAgents('agnes', `prendre ${number}`);
    expect(claimed.text).toBe(`*${number}* est assigné à Agnès Morel.`);
    const added = (await room('agents')).filter((m) => m.author === 'bot' && !before.has(String(m._id)));
    expect(added.map((m) => m.text)).toEqual([`*${number}* est assigné à Agnès Morel.`]);
    const post = (await room('agents')).find((m) => m.key === `ticket:${number}`)!;
    expect(post.card!.lines[0]).toMatch(/Status assigned · Level L1 · Assignee Agnès Morel$/);

    const [resolved] = await inAgents('agnes', `résoudre ${number} Lecteur de badge remplacé`);
    expect(resolved.text).toBe(
      `*${number}* est résolu : Lecteur de badge remplacé\nMessage envoyé à Bertrand Petit, qui peut le rouvrir pendant 5 jours ; passé ce délai, il sera clos.`,
    );
    const [mine] = await inAgents('sam', `resolve ${await open(alice, 'mouse lag')} Receiver replaced`);
    expect(mine.text).toMatch(
      /^\*INC-\d+\* is resolved: Receiver replaced\nAlice Martin has been told and can reopen it within 5 days; after that it closes\.$/,
    );
  });
});

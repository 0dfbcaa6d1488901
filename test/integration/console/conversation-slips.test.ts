import { csatSurveyModel } from '../../../src/core/csat';
import { draftModel } from '../../../src/core/conversation';
import { ticketModel } from '../../../src/core/tickets';
import { consoleAct, consoleSay, startTestHelpdesk, type TestHelpdesk } from '../../support/helpdesk';
import { HOUR, MINUTE, job, polls, resolvedTicket, scoreValue } from '../csat/support';

type Reply = Awaited<ReturnType<typeof consoleSay>>['body']['replies'][number];

/** The words went to intake: an article to try, or the ticket questions. */
const startsIntake = (reply: Reply) =>
  (reply.actions ?? []).some((a) => ['kb.need_help', 'kb.other', 'intake.impact'].includes(a.id));

const SOLVED = {
  en: 'Glad it works! Write to me whenever you need help again.',
  fr: "Tant mieux si ça marche ! Écrivez-moi dès que vous avez de nouveau besoin d'aide.",
};
const ASK_NEW = {
  en: 'What is wrong? Describe your problem or what you need in a few words: I will look for an answer or open a ticket.',
  fr: "Qu'est-ce qui ne va pas ? Décrivez votre problème ou votre besoin en quelques mots : je cherche une réponse ou j'ouvre un ticket.",
};

// Issue 16, point 6: conversation slips.
describe('conversation slips (console, both languages)', () => {
  let h: TestHelpdesk;
  beforeEach(async () => {
    h = await startTestHelpdesk({ sampleKb: true });
  });
  afterEach(() => h.close());

  const cast = async () => ({
    alice: await h.actor('console', 'alice', { name: 'Alice Martin', locale: 'en' }),
    bertrand: await h.actor('console', 'bertrand', { name: 'Bertrand Petit', locale: 'fr' }),
    agnes: await h.actor('console', 'agnes'),
  });
  const surveys = () => csatSurveyModel(h.connection);
  const tickets = () => ticketModel(h.connection);
  const drafts = () => draftModel(h.connection);

  /** A resolved ticket whose poll the requester answered: the comment window is open. */
  async function scored(persona: 'alice' | 'bertrand', score: number): Promise<string> {
    const people = await cast();
    const number = await resolvedTicket(h, people[persona], people.agnes, 'Accès au dossier partagé Compta');
    h.clock.advance(HOUR + MINUTE);
    await job(h, 'csat.send')();
    const [poll] = await polls(h, `dm:${persona}`, number);
    await consoleAct(h.url, persona, 'csat.score', scoreValue(poll, score));
    return number;
  }

  describe('a new request typed in a survey comment window starts a new request', () => {
    it.each([
      ['alice', 'Could you please install Microsoft Visio on my computer?', 'Quick and friendly, thanks!'],
      ['alice', 'I would like to request a new monitor for my desk', 'Took a while but well done'],
      ['bertrand', 'Pouvez-vous installer Visio sur mon poste ?', 'Rapide et efficace, merci'],
      ['bertrand', "Outlook ne s'ouvre plus depuis ce matin", "L'agent était très sympa"],
    ] as const)('%s: “%s” goes to intake; the window stays open for a comment', async (persona, request, comment) => {
      const surveyed = await scored(persona, 4);
      const reply = (await consoleSay(h.url, persona, request)).body.replies;
      expect(reply).toHaveLength(1);
      expect(startsIntake(reply[0])).toBe(true);
      expect(reply[0].text).not.toMatch(/comment/i);
      expect(await drafts().findOne({ text: request }).lean()).toMatchObject({ status: 'open' });
      expect((await surveys().findOne({ ticketNumber: surveyed }).lean())!.comment).toBeUndefined();

      // The comment that follows is still the survey's.
      const taken = (await consoleSay(h.url, persona, comment)).body.replies[0];
      expect(taken.text).toBe(
        persona === 'alice'
          ? `Thank you, your comment on *${surveyed}* is recorded.`
          : `Merci, votre commentaire sur *${surveyed}* est enregistré.`,
      );
      expect((await surveys().findOne({ ticketNumber: surveyed }).lean())!.comment).toBe(comment);
    });
  });

  describe('polite closings are answered kindly and open nothing', () => {
    it.each([
      ['alice', 'ok great, it works'],
      ['alice', 'OK great, it works!! 👍'],
      ['alice', 'Thanks a lot, it works now 🙂'],
      ['alice', 'problem solved, thank you.'],
      ['alice', 'all good, fixed'],
      ['bertrand', 'merci beaucoup, ça marche'],
      ['bertrand', 'Merci beaucoup, ça marche !!! 🙏'],
      ['bertrand', "Super, c'est réglé 😀"],
      ['bertrand', 'ça remarche, merci !'],
      ['bertrand', 'Parfait, ça fonctionne à nouveau.'],
    ] as const)('%s: “%s”', async (persona, text) => {
      const before = { drafts: await drafts().countDocuments(), tickets: await tickets().countDocuments() };
      const reply = (await consoleSay(h.url, persona, text)).body.replies;
      expect(reply).toEqual([expect.objectContaining({ text: SOLVED[persona === 'alice' ? 'en' : 'fr'] })]);
      expect(reply[0].actions ?? []).toEqual([]);
      expect(await drafts().countDocuments()).toBe(before.drafts);
      expect(await tickets().countDocuments()).toBe(before.tickets);
    });

    it.each([
      ['alice', 'it still does not work'],
      ['alice', "thanks, but it doesn't work"],
      ['alice', 'is it fixed?'],
      ['bertrand', 'merci, mais ça ne marche pas'],
      ['bertrand', 'ça ne fonctionne plus'],
      ['bertrand', 'ça marche ?'],
    ] as const)('%s: “%s” is no closing: intake starts', async (persona, text) => {
      const reply = (await consoleSay(h.url, persona, text)).body.replies;
      expect(reply[0].text).not.toBe(SOLVED.en);
      expect(reply[0].text).not.toBe(SOLVED.fr);
      expect(startsIntake(reply[0])).toBe(true);
    });
  });

  describe('`new` in a direct message asks what is wrong', () => {
    it.each([
      ['alice', 'new', 'en'],
      ['alice', 'New ticket', 'en'],
      ['bertrand', 'nouveau', 'fr'],
      ['bertrand', 'Nouvelle demande', 'fr'],
    ] as const)('%s: “%s” asks, shows no article, and keeps nothing', async (persona, text, lang) => {
      const before = await drafts().countDocuments();
      const reply = (await consoleSay(h.url, persona, text)).body.replies;
      expect(reply).toEqual([expect.objectContaining({ text: ASK_NEW[lang] })]);
      expect(reply[0].actions ?? []).toEqual([]);
      expect(await drafts().countDocuments()).toBe(before);
    });

    it('the answer is a new request even while a ticket waits on the person or a survey waits for a comment', async () => {
      const { alice } = await cast();
      const surveyed = await scored('alice', 5);
      const waiting = await h.helpdesk.tickets.open(alice, { description: 'Docking station does not charge' });
      await consoleSay(h.url, 'agnes', `wait ${waiting.number} Is the status light on?`, { room: 'agents' });

      expect((await consoleSay(h.url, 'alice', 'new')).body.replies[0].text).toBe(ASK_NEW.en);
      const reply = (await consoleSay(h.url, 'alice', 'the badge reader at the entrance beeps red')).body.replies;
      expect(startsIntake(reply[0])).toBe(true);
      const ticket = (await tickets().findOne({ number: waiting.number }).lean())!;
      expect(ticket.status).toBe('waiting_user');
      expect(ticket.history.some((e) => e.type === 'requester_message')).toBe(false);
      expect((await surveys().findOne({ ticketNumber: surveyed }).lean())!.comment).toBeUndefined();

      // Only the one message after `new`: the next reaches the waiting ticket again.
      await consoleSay(h.url, 'alice', 'yes it is on');
      expect((await tickets().findOne({ number: waiting.number }).lean())!.history.at(-1)).toMatchObject({
        type: 'requester_message',
        text: 'yes it is on',
      });
    });

    it('`new` is forgotten after half an hour', async () => {
      const { bertrand } = await cast();
      const waiting = await h.helpdesk.tickets.open(bertrand, { description: 'Imprimante du 2e bloquée' });
      await consoleSay(h.url, 'agnes', `wait ${waiting.number} Quel est le nom de l'imprimante ?`, { room: 'agents' });
      expect((await consoleSay(h.url, 'bertrand', 'nouveau')).body.replies[0].text).toBe(ASK_NEW.fr);
      h.clock.advance(31 * MINUTE);
      const reply = (await consoleSay(h.url, 'bertrand', 'PRN-2-EST')).body.replies[0];
      // Added to the waiting ticket (the restarted clock is said on the next line).
      expect(reply.text.split('\n')[0]).toBe(`Ajouté à *${waiting.number}* ; les techniciens sont prévenus.`);
      expect((await tickets().findOne({ number: waiting.number }).lean())!.history.at(-1)).toMatchObject({
        type: 'requester_message',
        text: 'PRN-2-EST',
      });
    });
  });
});

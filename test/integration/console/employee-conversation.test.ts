import { draftModel } from '../../../src/core/conversation';
import { kbFeedbackModel } from '../../../src/core/kb/model';
import { ticketModel } from '../../../src/core/tickets';
import { consoleAct, consoleSay, startTestHelpdesk, type TestHelpdesk } from '../../support/helpdesk';

type Reply = Awaited<ReturnType<typeof consoleSay>>['body']['replies'][number];

/** The employee's words went to intake: an article to try, or the ticket questions. */
const startsIntake = (reply: Reply) =>
  (reply.actions ?? []).some((a) => ['kb.need_help', 'kb.other', 'intake.impact'].includes(a.id));
/** consoleSay's reply type leaves labels out; the API sends them. */
const labelOf = (action: object) => (action as { label?: string }).label;
const button = (reply: Reply, id: string, valueEnd = '') =>
  reply.actions!.find((a) => a.id === id && a.value.endsWith(valueEnd))!;

describe('an employee’s words reach the right place (console, shipped sample KB)', () => {
  let h: TestHelpdesk;
  beforeAll(async () => {
    h = await startTestHelpdesk({ sampleKb: true });
  });
  afterAll(() => h.close());

  const tickets = () => ticketModel(h.connection);
  const alice = () => h.actor('console', 'alice', { name: 'Alice Martin', locale: 'en' });
  const bertrand = () => h.actor('console', 'bertrand', { name: 'Bertrand Petit', locale: 'fr' });
  const agents = (persona: string, text: string) => consoleSay(h.url, persona, text, { room: 'agents' });

  /** A ticket of the persona's with an agent's question waiting on them. */
  async function waitingTicket(persona: 'alice' | 'bertrand', description: string, question: string) {
    const ticket = await h.helpdesk.tickets.open(await (persona === 'alice' ? alice() : bertrand()), { description });
    await agents('sam', `wait ${ticket.number} ${question}`);
    return ticket.number;
  }

  describe('free text that starts with a command word (finding 1)', () => {
    it.each([
      ['alice', 'help me reset my password'],
      ['bertrand', 'aide moi, mon mot de passe est bloqué'],
      ['alice', 'report a phishing email'],
      ['alice', 'file server is down'],
      ['bertrand', "file d'impression bloquée sur l'imprimante du 2e"],
      ['bertrand', "note de frais : l'appli plante"],
      ['bertrand', 'rapport Power BI vide depuis ce matin'],
      ['bertrand', 'prendre la main à distance ne fonctionne pas'],
      ['alice', 'link to the intranet is broken'],
      ['alice', 'queue in the print spooler is stuck'],
      ['alice', 'wait screen never ends after login'],
      ['alice', 'priority access to the VPN'],
      ['alice', 'extend my account expiry date please'],
      ['alice', 'on call phone forwarding is broken'],
      ['alice', 'status page of vpn shows red'],
      ['bertrand', 'annuler une réunion Outlook ne marche plus'],
      ['bertrand', "tickets de caisse ne s'impriment plus"],
    ])('%s: “%s” is a problem description, not a command', async (persona, text) => {
      const { body } = await consoleSay(h.url, persona, text);
      expect(body.replies).toHaveLength(1);
      expect(body.replies[0].text).not.toMatch(
        /^(Only service-desk agents|Seuls les techniciens|Invalid command|Commande invalide|You have|Vous avez|Tell me about|Décrivez votre problème avec)/,
      );
      expect(startsIntake(body.replies[0])).toBe(true);
    });

    it('reaches the ticket waiting on the employee, even when it starts with a verb', async () => {
      const number = await waitingTicket('alice', 'Docking station does not charge', 'Is the status light on?');
      const reply = await consoleSay(h.url, 'alice', 'status light is off');
      // Answering restarts the SLA clock: the employee is told the deadline (unmoved: no business time passed).
      expect(reply.body.replies[0].text).toMatch(
        new RegExp(
          `^Added to \\*${number}\\*; the agents have been told\\.\\nThe clock runs again: we (now|still) aim to resolve it by `,
        ),
      );
      const ticket = await tickets().findOne({ number }).lean();
      expect(ticket!.status).toBe('assigned');
      expect(ticket!.history.at(-1)).toMatchObject({ type: 'requester_message', text: 'status light is off' });
      // In the ticket's thread too: an agent verb is no command for an employee.
      await consoleSay(h.url, 'alice', 'note it beeps twice', { ticket: number });
      expect((await tickets().findOne({ number }).lean())!.history.at(-1)).toMatchObject({
        type: 'requester_message',
        text: 'note it beeps twice',
      });
    });

    it('commands stay commands; agent verbs with their arguments are still refused; agents keep usage errors', async () => {
      const mine = await h.helpdesk.tickets.open(await alice(), { description: 'Outlook search finds nothing' });
      expect((await consoleSay(h.url, 'alice', `status ${mine.number}`)).body.replies[0].text).toContain(mine.number);
      expect((await consoleSay(h.url, 'alice', 'help')).body.replies[0].text).toMatch(/^Tell me about your problem/);
      expect((await consoleSay(h.url, 'bertrand', 'aide !')).body.replies[0].text).toMatch(/^Décrivez votre problème/);
      expect((await consoleSay(h.url, 'alice', 'my tickets')).body.replies[0].text).toMatch(/^You have \d+ open/);
      expect((await consoleSay(h.url, 'alice', `claim ${mine.number}`)).body.replies[0].text).toBe(
        'Only service-desk agents can use `claim`.',
      );
      expect((await consoleSay(h.url, 'sam', 'help me reset my password')).body.replies[0].text).toMatch(
        /Agent commands/,
      );
      expect((await consoleSay(h.url, 'sam', 'status page of vpn shows red')).body.replies[0].text).toMatch(
        /^Invalid command: /,
      );
    });
  });

  describe('argument errors (finding 6)', () => {
    it('are translated, name the problem and show the usage, without zod’s wording', async () => {
      const replies = {
        status: (await consoleSay(h.url, 'alice', 'status')).body.replies[0].text,
        statut: (await consoleSay(h.url, 'bertrand', 'statut')).body.replies[0].text,
        foo: (await consoleSay(h.url, 'bertrand', 'statut FOO-12')).body.replies[0].text,
        assign: (await agents('sam', 'assign INC-000001')).body.replies[0].text,
        priority: (await agents('agnes', 'priority INC-000001 P9')).body.replies[0].text,
      };
      expect(replies.status).toMatch(/^Invalid command: .+\nUsage: `status <id>`$/);
      expect(replies.statut).toMatch(/^Commande invalide : .+\nUtilisation : `statu[ts] <id>`$/);
      expect(replies.foo).toContain('« FOO-12 » n’est pas un numéro de ticket (par exemple INC-000042).');
      expect(replies.assign).toBe('Invalid command: something is missing.\nUsage: `assign <id> <user>`');
      expect(replies.priority).toBe(
        'Commande invalide : « P9 » ne fait pas partie des choix : P1, P2, P3, P4.\nUtilisation : `priorité <id> <P1-P4>`',
      );
      for (const reply of Object.values(replies)) expect(reply).not.toMatch(/Too (small|big)|array|\d: |expected/);
    });

    it('a ticket number may end the sentence', async () => {
      const mine = await h.helpdesk.tickets.open(await alice(), { description: 'Teams status stays offline' });
      for (const text of [`status ${mine.number}?`, `status ${mine.number}.`, `status ${mine.number} !`])
        expect((await consoleSay(h.url, 'alice', text)).body.replies[0].text).toMatch(
          new RegExp(`^\\*${mine.number}\\* – Teams status stays offline`),
        );
    });
  });

  describe('two tickets waiting on the employee (finding 3)', () => {
    // Tickets left waiting here must not route the other scenarios' messages.
    let shared: TestHelpdesk;
    beforeAll(async () => {
      shared = h;
      h = await startTestHelpdesk();
    });
    afterAll(async () => {
      await h.close();
      h = shared;
    });

    it('asks which one the answer is for, adds it there once, and nothing else moves', async () => {
      const app = await waitingTicket('alice', 'Expense app crashes on start', 'Which app version?');
      const badge = await waitingTicket('alice', 'Badge does not open the 3rd floor', 'Which badge number?');
      const asked = (await consoleSay(h.url, 'alice', 'Badge number is 4471')).body.replies[0];
      expect(asked.text).toBe(
        'Several of your tickets are waiting for an answer from you. Which one does your message answer?',
      );
      expect(asked.actions!.map((a) => [a.id, labelOf(a)])).toEqual(
        expect.arrayContaining([
          ['intake.answer', `${app} · Expense app crashes on start`],
          ['intake.answer', `${badge} · Badge does not open the 3rd floor`],
          ['intake.new_problem', "It's a new problem"],
        ]),
      );
      expect(asked.actions).toHaveLength(3);
      const before = await tickets().countDocuments();

      // Someone else, or a number that was not offered, cannot use the question.
      const choice = button(asked, 'intake.answer', badge);
      expect((await consoleAct(h.url, 'bertrand', choice.id, choice.value)).body.replies[0].text).toMatch(
        /déjà été traitée/,
      );
      const forged = `${choice.value.split(':')[0]}:INC-999999`;
      expect((await consoleAct(h.url, 'alice', 'intake.answer', forged)).body.replies[0].text).toMatch(
        /already handled or has expired/,
      );

      const [first, second] = await Promise.all([
        consoleAct(h.url, 'alice', choice.id, choice.value),
        consoleAct(h.url, 'alice', choice.id, choice.value),
      ]);
      const texts = [first, second].map((r) => r.body.replies[0].text).sort();
      expect(
        texts.filter((t) => t.startsWith(`Added to *${badge}*; the agents have been told.\nThe clock runs again`)),
      ).toHaveLength(1);
      const late = await consoleAct(h.url, 'alice', choice.id, choice.value);
      expect(late.body.replies[0].text).toBe(`This message was already added to *${badge}*.`);
      const other = button(asked, 'intake.new_problem');
      expect((await consoleAct(h.url, 'alice', other.id, other.value)).body.replies[0].text).toBe(
        `This message was already added to *${badge}*.`,
      );

      const answered = (await tickets().findOne({ number: badge }).lean())!;
      expect(answered.status).toBe('assigned');
      expect(answered.history.filter((e) => e.type === 'requester_message').map((e) => e.text)).toEqual([
        'Badge number is 4471',
      ]);
      expect((await tickets().findOne({ number: app }).lean())!.status).toBe('waiting_user');
      expect(await tickets().countDocuments()).toBe(before);
    });

    it('“It’s a new problem” runs the text through intake and opens one ticket', async () => {
      await waitingTicket('bertrand', 'Imprimante du 2e hors ligne', 'Quel est le nom de l’imprimante ?');
      await waitingTicket('bertrand', 'Casque audio grésille', 'Quel modèle de casque ?');
      const asked = (await consoleSay(h.url, 'bertrand', 'Mon second écran clignote depuis ce matin')).body.replies[0];
      expect(asked.text).toMatch(/^Plusieurs de vos tickets attendent une réponse/);
      const fresh = button(asked, 'intake.new_problem');
      expect(labelOf(fresh)).toBe("C'est un nouveau problème");
      const clicks = await Promise.all([
        consoleAct(h.url, 'bertrand', fresh.id, fresh.value),
        consoleAct(h.url, 'bertrand', fresh.id, fresh.value),
      ]);
      const intake = clicks.map((c) => c.body.replies[0]).find(startsIntake)!;
      expect(clicks.map((c) => c.body.replies[0].text)).toContain('Cette demande est déjà en cours de traitement.');
      const needHelp = intake.actions!.find((a) => a.id === 'kb.need_help');
      const impact = needHelp
        ? (await consoleAct(h.url, 'bertrand', needHelp.id, needHelp.value)).body.replies[0]
        : intake;
      const skip = button(impact, 'intake.skip');
      const opened = (await consoleAct(h.url, 'bertrand', skip.id, skip.value)).body.replies[0];
      expect(opened.ticketNumber).toMatch(/^INC-/);
      expect((await tickets().findOne({ number: opened.ticketNumber }).lean())!.description).toBe(
        'Mon second écran clignote depuis ce matin',
      );
      // The question's buttons are spent.
      expect((await consoleAct(h.url, 'bertrand', fresh.id, fresh.value)).body.replies[0].text).toBe(
        `Le ticket *${opened.ticketNumber}* a déjà été ouvert pour cette demande.`,
      );
      const answer = asked.actions!.find((a) => a.id === 'intake.answer')!;
      expect((await consoleAct(h.url, 'bertrand', answer.id, answer.value)).body.replies[0].text).toBe(
        `Le ticket *${opened.ticketNumber}* a déjà été ouvert pour cette demande.`,
      );
    });
  });

  describe('small talk (finding 5)', () => {
    it.each([
      ['alice', 'thanks', "You're welcome — write to me whenever you need help."],
      ['alice', 'Thank you very much!', "You're welcome — write to me whenever you need help."],
      ['alice', '🙏', "You're welcome — write to me whenever you need help."],
      ['alice', 'ok', "I'm here whenever you need help: just describe your problem in a few words."],
      ['alice', 'a', "I'm here whenever you need help: just describe your problem in a few words."],
      ['alice', '!!!', "I'm here whenever you need help: just describe your problem in a few words."],
      ['alice', '😀😀😀', "I'm here whenever you need help: just describe your problem in a few words."],
      [
        'alice',
        'hello',
        'Hello! Tell me about your problem in a few words and I will look for an answer or open a ticket.',
      ],
      ['bertrand', 'merci', "Avec plaisir ! Écrivez-moi dès que vous avez besoin d'aide."],
      [
        'bertrand',
        "D'accord, c'est parfait",
        "Je suis là si vous avez besoin d'aide : décrivez simplement votre problème en quelques mots.",
      ],
    ])('%s: “%s” gets a friendly word and no ticket questions', async (persona, text, answer) => {
      const drafts = await draftModel(h.connection).countDocuments();
      const { body } = await consoleSay(h.url, persona, text);
      expect(body.replies).toEqual([{ text: answer }]);
      expect(await draftModel(h.connection).countDocuments()).toBe(drafts);
    });

    it.each([
      ['alice', 'it does not work'],
      ['alice', 'urgent'],
      ['alice', 'no internet'],
      ['alice', 'ok so my laptop will not boot'],
      ['alice', 'thanks, but the VPN still drops'],
      ['bertrand', 'ça ne marche pas'],
      ['bertrand', 'bonjour, mon imprimante est bloquée'],
    ])('%s: “%s” is a request', async (persona, text) => {
      expect(startsIntake((await consoleSay(h.url, persona, text)).body.replies[0])).toBe(true);
    });
  });

  describe('after an article was shown (findings 6 wording, 7 feedback, 8 late clicks)', () => {
    /** The article for the text: shown at once, or after choosing the first of "Is it about A or B?". */
    async function articleFor(persona: string, text: string): Promise<Reply> {
      let reply = (await consoleSay(h.url, persona, text)).body.replies[0];
      const choice = reply.actions!.find((a) => a.id === 'kb.choose');
      if (choice) reply = (await consoleAct(h.url, persona, choice.id, choice.value)).body.replies[0];
      expect(reply.actions!.map((a) => a.id)).toEqual(['kb.solved', 'kb.need_help']);
      return reply;
    }

    it('“I still need help” twice: one negative feedback, on the article shown only, and honest wording', async () => {
      const shown = await articleFor('bertrand', 'mon ordinateur portable ne démarre plus, écran noir');
      const needHelp = button(shown, 'kb.need_help');
      const draft = (await draftModel(h.connection).findById(needHelp.value).lean())!;
      expect(draft.suggestions.length).toBeGreaterThan(1);

      const [first, second] = await Promise.all([
        consoleAct(h.url, 'bertrand', needHelp.id, needHelp.value),
        consoleAct(h.url, 'bertrand', needHelp.id, needHelp.value),
      ]);
      for (const answer of [first, second])
        expect(answer.body.replies[0].text).toBe("D'accord, ouvrons un ticket. Combien de personnes sont concernées ?");
      const feedback = await kbFeedbackModel(h.connection).find({ query: draft.text }).lean();
      expect(feedback).toHaveLength(1);
      expect(feedback[0]).toMatchObject({ helpful: false, articleIds: [draft.suggestions[0]] });

      const english = await articleFor('alice', 'my VPN keeps disconnecting when I work from home');
      const more = button(english, 'kb.need_help');
      expect((await consoleAct(h.url, 'alice', more.id, more.value)).body.replies[0].text).toBe(
        "OK, let's open a ticket. How many people are affected?",
      );
    });

    it('a late click on a draft that became a ticket names the ticket; one that was solved says so', async () => {
      const first = (await consoleSay(h.url, 'alice', 'the projector in room Everest shows no signal')).body.replies[0];
      const skip = first.actions!.find((a) => a.id === 'intake.skip') ?? button(first, 'kb.need_help');
      let opened = (await consoleAct(h.url, 'alice', skip.id, skip.value)).body.replies[0];
      if (!opened.ticketNumber) {
        const again = button(opened, 'intake.skip');
        opened = (await consoleAct(h.url, 'alice', again.id, again.value)).body.replies[0];
      }
      const number = opened.ticketNumber!;
      for (const action of first.actions!)
        expect((await consoleAct(h.url, 'alice', action.id, action.value)).body.replies[0].text).toBe(
          `Ticket *${number}* was already opened for this.`,
        );

      const article = await articleFor('alice', 'my VPN keeps disconnecting when I work from home');
      const solved = button(article, 'kb.solved');
      expect((await consoleAct(h.url, 'alice', solved.id, solved.value)).body.replies[0].text).toMatch(
        /Glad it helped/,
      );
      const late = button(article, 'kb.need_help');
      expect((await consoleAct(h.url, 'alice', late.id, late.value)).body.replies[0].text).toBe(
        'You told me the article solved it, so no ticket was opened. If the problem is back, just describe it again.',
      );
    });
  });

  describe('the console API (finding 9)', () => {
    it('answers an empty text like a blank one, and stores neither', async () => {
      const before = (await h.helpdesk.consoleMessenger.messages('dm:alice')).length;
      for (const text of ['', '   ']) {
        const reply = await consoleSay(h.url, 'alice', text);
        expect(reply.status).toBe(200);
        expect(reply.body).toEqual({ replies: [{ text: 'Please describe your problem in a few words.' }] });
      }
      expect(await h.helpdesk.consoleMessenger.messages('dm:alice')).toHaveLength(before);
    });
  });
});

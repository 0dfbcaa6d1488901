import { ticketModel } from '../../../src/core/tickets';
import {
  AGENTS_CHANNEL,
  buttonsOf,
  click,
  dm,
  sendCommand,
  sendEvent,
  sendInteraction,
  startSlackHelpdesk,
  waitFor,
  type SlackHelpdesk,
} from './support';

describe('Slack in French: a fr-FR user gets French end to end', () => {
  let h: SlackHelpdesk;
  beforeAll(async () => {
    h = await startSlackHelpdesk();
  });
  afterAll(() => h.close());
  beforeEach(() => h.slack.reset());

  it('DM intake, buttons, ticket, agent claim and replies are all in French for Bertrand (fr-FR in Slack)', async () => {
    await dm(h.url, 'UBERTRAND', "Mon imprimante n'imprime plus depuis ce matin");
    const question = await waitFor(() => h.slack.posts('DBERTRAND').find((p) => p.blocks), 'question');
    expect(question.text).toBe(
      "Je n'ai pas trouvé de réponse dans la base de connaissances, je vais donc ouvrir un ticket. Combien de personnes sont concernées ?",
    );
    expect(buttonsOf(question).map((b) => b.text)).toEqual([
      'Beaucoup de monde / tout un site',
      'Mon équipe',
      'Moi seul(e)',
      'Passer',
    ]);

    await click(h.url, 'UBERTRAND', question, buttonsOf(question)[2]);
    const urgency = await waitFor(
      () => h.slack.posts('DBERTRAND').find((p) => p.text === "Quelle est l'urgence pour vous ?"),
      'urgency',
    );
    const answered = await waitFor(() => h.slack.of('chat.update', (a) => a.channel === 'DBERTRAND')[0], 'answered');
    expect(JSON.stringify(answered.blocks)).toContain('✔ Moi seul(e)');
    await click(
      h.url,
      'UBERTRAND',
      urgency,
      buttonsOf(urgency).find((b) => b.text === 'Je suis bloqué(e)')!,
    );

    const opened = await waitFor(
      () => h.slack.posts('DBERTRAND').find((p) => /Ticket \*INC-\d{6}\* ouvert/.test(p.text)),
      'opened',
    );
    const number = /INC-\d{6}/.exec(opened.text)![0];
    expect(opened.text).toMatch(
      /^Ticket \*INC-\d{6}\* ouvert \(incident, priorité P3 – modérée\)\.\nNous le prendrons en charge avant le /,
    );
    expect(JSON.stringify(opened.blocks)).toContain(`Répondez dans ce fil pour compléter ${number}`);
    expect(JSON.stringify(opened.blocks)).toContain('Demandeur : Bertrand Petit');
    expect((await ticketModel(h.connection).findOne({ number }).lean())!.requester.locale).toBe('fr');

    // Lucie is an agent through the Slack user group, and French too.
    const claim = await sendCommand(h.url, 'ULUCIE', `prendre ${number}`, AGENTS_CHANNEL);
    expect(claim.json.text).toBe(`*${number}* est assigné à Lucie Roux.`);
    const told = await waitFor(
      () => h.slack.posts('DBERTRAND').find((p) => p.thread_ts === opened.posted_ts),
      'requester told',
    );
    expect(told.text).toBe(`Lucie Roux prend en charge votre ticket *${number}*.`);

    const reply = await sendCommand(h.url, 'USAM', `reply ${number} Which printer is it?`, AGENTS_CHANNEL);
    expect(reply.json.text).toBe(`Reply sent to Bertrand Petit on *${number}*.`);
    const relayed = await waitFor(
      () => h.slack.posts('DBERTRAND').find((p) => p.text.includes('Which printer')),
      'relayed',
    );
    expect(relayed.text).toBe(`Sam Carter sur *${number}* :\n> Which printer is it?`);

    const mine = await sendCommand(h.url, 'UBERTRAND', 'mes tickets');
    expect(mine.json.text).toMatch(/^Vous avez 1 ticket ouvert :/);
  });

  it('refusals, usage, the form and its errors, and the App Home are in French', async () => {
    expect((await sendCommand(h.url, 'UBERTRAND', 'claim INC-000001')).json.text).toBe(
      'Seuls les techniciens du support peuvent utiliser `claim`.',
    );
    expect((await sendCommand(h.url, 'UBERTRAND', '')).json.text).toMatch(
      /^`\/helpdesk new` ouvre le formulaire de ticket/,
    );

    await sendCommand(h.url, 'UBERTRAND', 'nouveau');
    const { view } = await waitFor(() => h.slack.of('views.open')[0], 'form');
    expect(view.title.text).toBe('Nouveau ticket');
    expect(view.submit.text).toBe('Ouvrir le ticket');
    expect(view.blocks.map((b: any) => b.label.text)).toEqual([
      'Type',
      'Titre',
      'Description',
      'Qui est concerné ?',
      'Quelle urgence ?',
    ]);
    expect(view.blocks[0].element.options.map((o: any) => o.text.text)).toEqual([
      'incident',
      'demande de service',
      'problème',
    ]);
    const res = await sendInteraction(h.url, {
      type: 'view_submission',
      user: { id: 'UBERTRAND' },
      view: {
        callback_id: view.callback_id,
        private_metadata: view.private_metadata,
        state: {
          values: {
            type: { value: { type: 'static_select', selected_option: { value: 'incident' } } },
            title: { value: { type: 'plain_text_input', value: '' } },
            description: { value: { type: 'plain_text_input', value: 'écran noir' } },
            impact: { value: { type: 'static_select', selected_option: { value: 'low' } } },
            urgency: { value: { type: 'static_select', selected_option: { value: 'low' } } },
          },
        },
      },
    });
    expect(res.json).toEqual({ response_action: 'errors', errors: { title: 'Veuillez remplir ce champ.' } });

    await sendEvent(h.url, { type: 'app_home_opened', user: 'UBERTRAND', tab: 'home' });
    const home = await waitFor(() => h.slack.of('views.publish')[0], 'home');
    const text = JSON.stringify(home.view.blocks);
    expect(text).toContain('Bonjour Bertrand Petit');
    expect(text).toContain('Vos tickets ouverts');
    expect(text).toMatch(/SLA respecté · résolution avant le /);
  });
});

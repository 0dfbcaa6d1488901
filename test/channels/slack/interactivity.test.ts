import { ticketModel } from '../../../src/core/tickets';
import {
  AGENTS_CHANNEL,
  buttonsOf,
  click,
  sendCommand,
  sendEvent,
  sendInteraction,
  startSlackHelpdesk,
  triggerId,
  waitFor,
  type SlackHelpdesk,
} from './support';

/** What Slack sends when a modal is submitted: the view we opened, with the values typed in. */
function submit(
  user: string,
  view: Record<string, any>,
  values: Record<string, { value?: string; option?: string; user?: string }>,
) {
  const state = Object.fromEntries(
    Object.entries(values).map(([block, v]) => [
      block,
      {
        value:
          v.option !== undefined
            ? { type: 'static_select', selected_option: { value: v.option } }
            : v.user !== undefined
              ? { type: 'users_select', selected_user: v.user }
              : { type: 'plain_text_input', value: v.value ?? null },
      },
    ]),
  );
  return {
    type: 'view_submission',
    user: { id: user },
    trigger_id: triggerId(user),
    view: {
      id: 'V1',
      type: 'modal',
      callback_id: view.callback_id,
      private_metadata: view.private_metadata,
      state: { values: state },
      hash: 'h',
    },
  };
}

describe('Slack buttons, modals, App Home, shortcut and reaction', () => {
  let h: SlackHelpdesk;
  beforeAll(async () => {
    h = await startSlackHelpdesk();
  });
  afterAll(() => h.close());
  beforeEach(() => h.slack.reset());

  const tickets = () => ticketModel(h.connection);
  const send = (payload: Record<string, any>) => sendInteraction(h.url, payload);

  async function openForm(user: string): Promise<Record<string, any>> {
    await sendCommand(h.url, user, 'new');
    return (await waitFor(() => h.slack.of('views.open').at(-1), 'modal')).view;
  }

  async function openViaForm(user: string, title: string): Promise<string> {
    const view = await openForm(user);
    h.slack.reset();
    const res = await send(
      submit(user, view, {
        type: { option: 'incident' },
        title: { value: title },
        description: { value: `${title}, since this morning` },
        impact: { option: 'low' },
        urgency: { option: 'high' },
      }),
    );
    expect(res.status).toBe(200);
    const opened = await waitFor(
      () => h.slack.posts(`D${user.slice(1)}`).find((p) => /Ticket \*INC-\d{6}\*/.test(p.text)),
      'opened',
    );
    await waitFor(
      () => h.slack.posts(AGENTS_CHANNEL).find((p) => p.text.includes(/INC-\d{6}/.exec(opened.text)![0])),
      'agents post',
    );
    return /INC-\d{6}/.exec(opened.text)![0];
  }

  it('a valid modal submission opens the ticket with every field, and the requester gets its number in her DM', async () => {
    const view = await openForm('UALICE');
    expect(view.private_metadata).toBe(JSON.stringify({ locale: 'en' }));
    h.slack.reset();
    const res = await send(
      submit('UALICE', view, {
        type: { option: 'request' },
        title: { value: '  New laptop for the intern  ' },
        description: { value: 'Starts on Monday, needs a laptop with the developer image' },
        impact: { option: 'low' },
        urgency: { option: 'medium' },
      }),
    );
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const opened = await waitFor(
      () => h.slack.posts('DALICE').find((p) => /Ticket \*REQ-\d{6}\* opened/.test(p.text)),
      'opened',
    );
    const ticket = (await tickets()
      .findOne({ number: /REQ-\d{6}/.exec(opened.text)![0] })
      .lean())!;
    expect(ticket).toMatchObject({
      type: 'request',
      title: 'New laptop for the intern',
      description: 'Starts on Monday, needs a laptop with the developer image',
      impact: 'low',
      urgency: 'medium',
      priority: 'P4',
      channel: 'slack',
      requester: { key: 'slack:UALICE' },
    });
  });

  it('an invalid modal submission returns `response_action: errors` per field, and stores nothing', async () => {
    const view = await openForm('UALICE');
    const before = await tickets().countDocuments();
    const res = await send(
      submit('UALICE', view, {
        type: { option: 'meltdown' },
        title: { value: '   ' },
        description: { value: 'x'.repeat(3001) },
        impact: { option: 'high' },
        urgency: {},
      }),
    );
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      response_action: 'errors',
      errors: {
        type: 'Please choose one of the options.',
        title: 'Please fill in this field.',
        description: 'At most 3000 characters.',
        urgency: 'Please choose one of the options.',
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await tickets().countDocuments()).toBe(before);
  });

  it('the Claim button on the agents’ post drives the same core call as `/helpdesk claim`', async () => {
    const number = await openViaForm('UALICE', 'Wifi drops in meeting room B');
    const post = h.slack.posts(AGENTS_CHANNEL).find((p) => p.text.includes(number))!;
    h.slack.reset();
    // An employee who found the post is refused, privately.
    await click(h.url, 'UALICE', post, buttonsOf(post)[0]);
    const refusal = await waitFor(() => h.slack.of('chat.postEphemeral', (a) => a.user === 'UALICE')[0], 'refusal');
    expect(refusal).toMatchObject({ channel: AGENTS_CHANNEL, text: 'Only service-desk agents can use `claim`.' });

    await click(
      h.url,
      'USAM',
      post,
      buttonsOf(post).find((b) => b.action_id === 'ticket.claim')!,
    );
    await waitFor(() => h.slack.of('chat.postEphemeral', (a) => a.user === 'USAM')[0], 'agent told');
    expect(h.slack.of('chat.postEphemeral', (a) => a.user === 'USAM')[0].text).toBe(
      `*${number}* is assigned to Sam Carter.`,
    );
    const ticket = (await tickets().findOne({ number }).lean())!;
    expect(ticket).toMatchObject({ status: 'assigned', assignee: { key: 'slack:USAM' } });
    expect(ticket.history.at(-1)).toMatchObject({ type: 'claimed', channel: 'slack' });
    const update = await waitFor(
      () => h.slack.of('chat.update', (a) => a.channel === AGENTS_CHANNEL)[0],
      'post updated',
    );
    expect(update.ts).toBe(post.posted_ts);
  });

  it('Resolve, Escalate and Assign open a modal whose submission runs the verb', async () => {
    const number = await openViaForm('UALICE', 'Badge does not open the garage');
    const post = h.slack.posts(AGENTS_CHANNEL).find((p) => p.text.includes(number))!;
    const button = (id: string) => buttonsOf(post).find((b) => b.action_id === id)!;
    const formFor = async (id: string) => {
      h.slack.reset();
      await click(h.url, 'USAM', post, button(id));
      return (await waitFor(() => h.slack.of('views.open')[0], `${id} modal`)).view;
    };

    const escalate = await formFor('ticket.escalate');
    expect(escalate).toMatchObject({ callback_id: 'ticket_escalate', title: { text: `Escalate ${number}` } });
    const missing = await send(submit('USAM', escalate, { level: { option: 'next' }, reason: { value: '' } }));
    expect(missing.json).toEqual({ response_action: 'errors', errors: { reason: 'Please fill in this field.' } });
    await send(
      submit('USAM', escalate, { level: { option: 'next' }, reason: { value: 'needs the access-control team' } }),
    );
    await waitFor(async () => (await tickets().findOne({ number }).lean())!.level === 'L2', 'escalated');
    const told = await waitFor(() => h.slack.of('chat.postEphemeral', (a) => a.user === 'USAM')[0], 'agent told');
    expect(told).toMatchObject({ channel: AGENTS_CHANNEL, thread_ts: post.posted_ts });

    const assign = await formFor('ticket.assign');
    await send(submit('USAM', assign, { assignee: { user: 'ULUCIE' } }));
    await waitFor(
      async () => (await tickets().findOne({ number }).lean())!.assignee?.key === 'slack:ULUCIE',
      'assigned',
    );

    const resolve = await formFor('ticket.resolve');
    await send(submit('USAM', resolve, { resolution: { value: 'Badge re-encoded at the front desk' } }));
    await waitFor(async () => (await tickets().findOne({ number }).lean())!.status === 'resolved', 'resolved');
    const ticket = (await tickets().findOne({ number }).lean())!;
    expect(ticket.resolution).toBe('Badge re-encoded at the front desk');
    expect(ticket.history.map((e) => e.type)).toEqual(['opened', 'escalated', 'assigned', 'resolved']);
    // The requester hears about the resolution in her ticket thread.
    await waitFor(
      () => h.slack.posts('DALICE').find((p) => p.text.includes('is resolved') && p.thread_ts),
      'requester told',
    );
  });

  it('the App Home lists the person’s open tickets with their SLA state, and its button opens the form', async () => {
    const number = await openViaForm('UALICE', 'Docking station not detected');
    h.slack.reset();
    await sendEvent(h.url, {
      type: 'app_home_opened',
      user: 'UALICE',
      channel: 'DALICE',
      tab: 'home',
      event_ts: '1772442000.000001',
    });
    const publish = await waitFor(() => h.slack.of('views.publish')[0], 'home');
    expect(publish.user_id).toBe('UALICE');
    const text = JSON.stringify(publish.view.blocks);
    expect(publish.view.type).toBe('home');
    expect(text).toContain(number);
    expect(text).toContain('Docking station not detected');
    expect(text).toMatch(/🟢 SLA on track · resolve by/);

    const newButton = publish.view.blocks
      .flatMap((b: any) => b.elements ?? [])
      .find((e: any) => e.action_id === 'slack.new_ticket');
    h.slack.reset();
    await send({
      type: 'block_actions',
      user: { id: 'UALICE' },
      trigger_id: 'trigger-home',
      container: { type: 'view', view_id: 'VHOME' },
      view: { id: 'VHOME', type: 'home' },
      actions: [{ action_id: newButton.action_id, type: 'button', value: newButton.value, text: newButton.text }],
    });
    const open = await waitFor(() => h.slack.of('views.open')[0], 'form');
    expect(open).toMatchObject({ trigger_id: 'trigger-home', view: { callback_id: 'ticket_new' } });
  });

  it('an agent’s App Home names a ticket waiting on the requester as such, not “waiting on you”', async () => {
    const number = await openViaForm('UALICE', 'Second screen flickers');
    const sam = await h.actor('slack', 'USAM');
    await h.helpdesk.tickets.wait(sam, number, 'Which cable do you use?');
    h.slack.reset();
    await sendEvent(h.url, {
      type: 'app_home_opened',
      user: 'USAM',
      channel: 'DSAM',
      tab: 'home',
      event_ts: '1772442100.000001',
    });
    const text = JSON.stringify((await waitFor(() => h.slack.of('views.publish')[0], 'home')).view.blocks);
    expect(text).toContain(number);
    expect(text).toContain('waiting on the requester');
    expect(text).not.toContain('waiting on you');
  });

  it('the message shortcut opens the form filled with the message, and the ticket is the author’s', async () => {
    h.slack.messages.clear();
    await send({
      type: 'message_action',
      callback_id: 'create_ticket_from_message',
      trigger_id: 'trigger-shortcut',
      user: { id: 'USAM' },
      channel: { id: 'CGENERAL', name: 'general' },
      message: {
        type: 'message',
        ts: '1772441000.123456',
        user: 'UBERTRAND',
        text: 'Le projecteur de la salle &lt;Bleue&gt; ne s’allume plus',
      },
      response_url: 'https://hooks.slack.com/app/T1/1/abc',
    });
    const open = await waitFor(() => h.slack.of('views.open')[0], 'form');
    const description = open.view.blocks.find((b: any) => b.block_id === 'description');
    expect(description.element.initial_value).toBe('Le projecteur de la salle <Bleue> ne s’allume plus');
    expect(JSON.stringify(open.view.blocks)).toContain('Requester: <@UBERTRAND>');
    h.slack.reset();
    await send(
      submit('USAM', open.view, {
        type: { option: 'incident' },
        title: { value: 'Projector in the Blue room' },
        description: { value: description.element.initial_value },
        impact: { option: 'medium' },
        urgency: { option: 'medium' },
      }),
    );
    const toAuthor = await waitFor(
      () => h.slack.posts('DBERTRAND').find((p) => /Ticket \*INC-\d{6}\* ouvert/.test(p.text)),
      'author told',
    );
    expect(toAuthor.text).toContain('Sam Carter a ouvert ce ticket à partir de votre message dans <#CGENERAL>.');
    const number = /INC-\d{6}/.exec(toAuthor.text)![0];
    const ticket = (await tickets().findOne({ number }).lean())!;
    expect(ticket.requester).toMatchObject({ key: 'slack:UBERTRAND', locale: 'fr' });
    expect(ticket.history[0]).toMatchObject({ actor: { key: 'slack:USAM' }, data: { requester: 'slack:UBERTRAND' } });
    await waitFor(
      () =>
        h.slack
          .posts('DSAM')
          .find((p) => p.text === `Ticket *${number}* opened for Bertrand Petit from their message.`),
      'reporter told',
    );

    // The same message cannot become a second ticket.
    await send({
      type: 'message_action',
      callback_id: 'create_ticket_from_message',
      trigger_id: 't2',
      user: { id: 'USAM' },
      channel: { id: 'CGENERAL' },
      message: { ts: '1772441000.123456', user: 'UBERTRAND', text: 'again' },
    });
    const again = await waitFor(() => h.slack.of('views.open').at(-1), 'second form');
    const second = await send(
      submit('USAM', again.view, {
        type: { option: 'incident' },
        title: { value: 'dup' },
        description: { value: 'dup' },
        impact: { option: 'low' },
        urgency: { option: 'low' },
      }),
    );
    expect(second.json).toEqual({
      response_action: 'errors',
      errors: { description: `That message is already ticket *${number}*.` },
    });
  });

  it('the :ticket: reaction opens one ticket for the message’s author, however many times it is added', async () => {
    h.slack.messages.set('CGENERAL:1772441000.654321', {
      text: 'The shared drive S: is read-only since the migration',
      user: 'UALICE',
    });
    const before = await tickets().countDocuments();
    const react = (user: string, eventId: string) =>
      sendEvent(
        h.url,
        {
          type: 'reaction_added',
          user,
          reaction: 'ticket',
          item_user: 'UALICE',
          item: { type: 'message', channel: 'CGENERAL', ts: '1772441000.654321' },
          event_ts: '1',
        },
        { eventId },
      );
    await react('USAM', 'EvReact1');
    const toAuthor = await waitFor(
      () => h.slack.posts('DALICE').find((p) => /Ticket \*INC-\d{6}\* opened/.test(p.text)),
      'author told',
    );
    expect(toAuthor.text).toContain('Sam Carter opened this ticket from your message in <#CGENERAL>.');
    const number = /INC-\d{6}/.exec(toAuthor.text)![0];
    await waitFor(
      () => h.slack.of('chat.postEphemeral', (a) => a.user === 'USAM' && a.text.includes(number))[0],
      'reporter told',
    );

    await react('USAM', 'EvReact1'); // a retry
    await react('UCHLOE', 'EvReact2'); // someone else, later
    const already = await waitFor(() => h.slack.of('chat.postEphemeral', (a) => a.user === 'UCHLOE')[0], 'already');
    expect(already.text).toBe(`Ce message est déjà le ticket *${number}*.`);
    // Other reactions are not ours.
    await sendEvent(h.url, {
      type: 'reaction_added',
      user: 'USAM',
      reaction: 'thumbsup',
      item: { type: 'message', channel: 'CGENERAL', ts: '1772441000.654321' },
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await tickets().countDocuments()).toBe(before + 1);
    const ticket = (await tickets().findOne({ number }).lean())!;
    expect(ticket).toMatchObject({
      description: 'The shared drive S: is read-only since the migration',
      requester: { key: 'slack:UALICE' },
    });
  });
});

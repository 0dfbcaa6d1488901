import { Types } from 'mongoose';
import { csatSurveyModel } from '../../../src/core/csat';
import { ticketModel } from '../../../src/core/tickets';
import { consoleAct, consoleSay, startTestHelpdesk, type TestHelpdesk } from '../../support/helpdesk';
import { DAY, HOUR, MINUTE, job, polls, resolvedTicket, room, scoreValue } from './support';

describe('CSAT: the post-resolution poll, end to end on the console', () => {
  let h: TestHelpdesk;
  const surveys = () => csatSurveyModel(h.connection);
  const actors = async () => ({
    alice: await h.actor('console', 'alice', { name: 'Alice Martin', locale: 'en' }),
    sam: await h.actor('console', 'sam'),
  });

  beforeAll(async () => {
    h = await startTestHelpdesk();
  });
  afterAll(() => h.close());

  async function openByConsole(persona: string, text: string): Promise<string> {
    const first = await consoleSay(h.url, persona, text);
    const skip = first.body.replies[0].actions!.find((a) => a.id === 'intake.skip')!;
    return (await consoleAct(h.url, persona, skip.id, skip.value)).body.replies[0].ticketNumber!;
  }

  it('given a resolved ticket, the poll reaches the requester on their platform only after the delay, once', async () => {
    const number = await openByConsole('alice', 'my second screen stays black');
    const resolved = await consoleSay(h.url, 'sam', `resolve ${number} Replaced the DisplayPort cable`, {
      room: 'agents',
    });
    expect(resolved.status).toBe(200);
    expect(await surveys().findOne({ ticketNumber: number }).lean()).toMatchObject({
      status: 'scheduled',
      requester: { key: 'console:alice' },
    });

    h.clock.advance(30 * MINUTE);
    await job(h, 'csat.send')();
    expect(await polls(h, 'dm:alice', number)).toHaveLength(0);

    h.clock.advance(31 * MINUTE);
    await job(h, 'csat.send')();
    await job(h, 'csat.send')();
    const sent = await polls(h, 'dm:alice', number);
    expect(sent).toHaveLength(1);
    expect(sent[0].text).toContain(`${number}* (my second screen stays black)`);
    expect(sent[0].actions!.map((a) => a.label)).toEqual(['1 😞', '2 🙁', '3 😐', '4 🙂', '5 😄']);
    expect(await surveys().findOne({ ticketNumber: number }).lean()).toMatchObject({
      status: 'sent',
      sentAt: h.clock.now(),
    });
    // Nobody else hears about it.
    expect((await room(h, 'dm:bertrand')).some((m) => m.actions?.some((a) => a.id === 'csat.score'))).toBe(false);
  });

  it('an answer is stored once; a second click replaces it; the next message is the comment', async () => {
    const { alice, sam } = await actors();
    const number = await resolvedTicket(h, alice, sam, 'Teams crashes when sharing the screen');
    h.clock.advance(HOUR + MINUTE);
    await job(h, 'csat.send')();
    const [poll] = await polls(h, 'dm:alice', number);

    const first = await consoleAct(h.url, 'alice', 'csat.score', scoreValue(poll, 4));
    expect(first.body.replies[0].text).toMatch(
      new RegExp(`Your rating of 4/5 for \\*${number}\\* is recorded\\.\\nAny comment\\?`),
    );
    const again = await consoleAct(h.url, 'alice', 'csat.score', scoreValue(poll, 5));
    expect(again.body.replies[0].text).toContain(
      `Your rating for *${number}* is now 5/5; it replaces your previous answer.`,
    );
    await consoleAct(h.url, 'alice', 'csat.score', scoreValue(poll, 5));

    const stored = await surveys().find({ ticketNumber: number }).lean();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ status: 'answered', score: 5, changes: 1 });

    const comment = await consoleSay(h.url, 'alice', 'Quick and friendly, thanks!');
    expect(comment.body.replies[0].text).toBe(`Thank you, your comment on *${number}* is recorded.`);
    expect(await surveys().findOne({ ticketNumber: number }).lean()).toMatchObject({
      comment: 'Quick and friendly, thanks!',
      score: 5,
    });
    // The comment window closes with the comment: the next message is a new request again.
    const next = await consoleSay(h.url, 'alice', 'the wifi on floor 2 is down');
    expect(next.body.replies[0].text).toMatch(/How many people are affected/);
    // A command is never taken as a comment.
    await consoleAct(h.url, 'alice', 'csat.score', scoreValue(poll, 5));
    expect((await consoleSay(h.url, 'alice', 'my tickets')).body.replies[0].text).toMatch(/open ticket/);
    expect((await surveys().findOne({ ticketNumber: number }).lean())!.comment).toBe('Quick and friendly, thanks!');
  });

  it('given a ticket reopened before the delay, no poll is sent; resolved again, it is', async () => {
    const { alice, sam } = await actors();
    const number = await resolvedTicket(h, alice, sam, 'printer prints blank pages');
    h.clock.advance(10 * MINUTE);
    expect((await consoleSay(h.url, 'alice', `reopen ${number}`)).body.replies[0].text).toContain('reopened');
    h.clock.advance(2 * HOUR);
    await job(h, 'csat.send')();
    expect(await polls(h, 'dm:alice', number)).toHaveLength(0);
    expect(await surveys().findOne({ ticketNumber: number }).lean()).toMatchObject({
      status: 'cancelled',
      cancelReason: 'ticket_reopened',
    });

    await h.helpdesk.tickets.resolve(sam, number, 'New toner cartridge');
    h.clock.advance(HOUR + MINUTE);
    await job(h, 'csat.send')();
    expect(await polls(h, 'dm:alice', number)).toHaveLength(1);
    expect(await surveys().countDocuments({ ticketNumber: number })).toBe(1);
  });

  it('re-checks the ticket at send time, even if the change was never heard', async () => {
    const { alice, sam } = await actors();
    const number = await resolvedTicket(h, alice, sam, 'keyboard missing keys');
    // Reopened behind the service's back: no listener ran.
    await ticketModel(h.connection).updateOne({ number }, { $set: { status: 'assigned' } });
    h.clock.advance(HOUR + MINUTE);
    await job(h, 'csat.send')();
    expect(await polls(h, 'dm:alice', number)).toHaveLength(0);
    expect(await surveys().findOne({ ticketNumber: number }).lean()).toMatchObject({
      status: 'cancelled',
      cancelReason: 'ticket_assigned',
    });
  });

  it('an unanswered poll gets one reminder, then expires; an answered one gets none', async () => {
    const { alice, sam } = await actors();
    const silent = await resolvedTicket(h, alice, sam, 'outlook calendar does not sync');
    const answered = await resolvedTicket(h, alice, sam, 'cannot print in colour');
    h.clock.advance(HOUR + MINUTE);
    await job(h, 'csat.send')();
    await consoleAct(h.url, 'alice', 'csat.score', scoreValue((await polls(h, 'dm:alice', answered))[0], 3));
    await consoleSay(h.url, 'alice', 'ok'); // closes the comment window

    h.clock.advance(12 * HOUR);
    await job(h, 'csat.remind')();
    expect(await polls(h, 'dm:alice', silent)).toHaveLength(1);
    h.clock.advance(12 * HOUR + MINUTE);
    await job(h, 'csat.remind')();
    h.clock.advance(DAY);
    await job(h, 'csat.remind')();
    const sent = await polls(h, 'dm:alice', silent);
    expect(sent).toHaveLength(2);
    expect(sent[1].text).toMatch(/^Reminder: how satisfied/);
    expect(await polls(h, 'dm:alice', answered)).toHaveLength(1);

    h.clock.advance(6 * DAY);
    await job(h, 'csat.expire')();
    expect(await surveys().findOne({ ticketNumber: silent }).lean()).toMatchObject({ status: 'expired' });
    const late = await consoleAct(h.url, 'alice', 'csat.score', scoreValue(sent[0], 5));
    expect(late.body.replies[0].text).toBe('This survey has expired. Thank you all the same!');
    expect((await surveys().findOne({ ticketNumber: silent }).lean())!.score).toBeUndefined();
  });

  it('a low score alerts the team lead (in their language) with the comment, and offers the requester a reopen', async () => {
    const { alice, sam } = await actors();
    const number = await resolvedTicket(h, alice, sam, 'VPN disconnects every hour');
    h.clock.advance(HOUR + MINUTE);
    await job(h, 'csat.send')();
    const [poll] = await polls(h, 'dm:alice', number);

    // A double click: one answer, one alert.
    const [low] = await Promise.all([
      consoleAct(h.url, 'alice', 'csat.score', scoreValue(poll, 1)),
      consoleAct(h.url, 'alice', 'csat.score', scoreValue(poll, 1)),
    ]);
    expect(low.body.replies[0].text).toMatch(/Sorry it did not go well/);
    expect(low.body.replies[0].actions).toEqual([
      { id: 'ticket.reopen', label: 'Reopen', value: number, style: 'danger' },
    ]);

    const leadRoom = async () => (await room(h, 'dm:agnes')).filter((m) => m.text.includes(number));
    const alerts = await leadRoom();
    expect(alerts).toHaveLength(1);
    expect(alerts[0].text).toBe(
      `⚠️ Satisfaction basse sur *${number}* (VPN disconnects every hour) : 1/5 de Alice Martin. Traité par Sam Carter (Service Desk).`,
    );
    await consoleSay(h.url, 'alice', 'It still drops, nobody checked my router');
    expect((await leadRoom())[1].text).toBe(
      `💬 Commentaire de Alice Martin sur *${number}* (1/5) :\n> It still drops, nobody checked my router`,
    );

    const reopened = await consoleAct(
      h.url,
      'alice',
      low.body.replies[0].actions![0].id,
      low.body.replies[0].actions![0].value,
    );
    expect(reopened.body.replies[0].text).toBe(`*${number}* is reopened.`);
    expect((await ticketModel(h.connection).findOne({ number }).lean())!.status).toBe('assigned');
    // The answer stays; a changed low score does not alert the lead twice.
    await consoleAct(h.url, 'alice', 'csat.score', scoreValue(poll, 2));
    expect(await surveys().findOne({ ticketNumber: number }).lean()).toMatchObject({ status: 'answered', score: 2 });
    expect(await leadRoom()).toHaveLength(2);
    // Lucas leads another team: he hears nothing.
    expect((await room(h, 'dm:lucas')).some((m) => m.text.includes(number))).toBe(false);
  });

  it('refuses a forged survey id, a malformed payload and a click by anyone but the requester, storing nothing', async () => {
    const { alice, sam } = await actors();
    const number = await resolvedTicket(h, alice, sam, 'badge does not open the garage');
    h.clock.advance(HOUR + MINUTE);
    await job(h, 'csat.send')();
    const [poll] = await polls(h, 'dm:alice', number);
    const before = await surveys().find().sort({ _id: 1 }).lean();

    const stolen = await consoleAct(h.url, 'bertrand', 'csat.score', scoreValue(poll, 5));
    expect(stolen.body.replies[0].text).toBe(
      "Cette enquête a été envoyée à quelqu'un d'autre ; seule cette personne peut y répondre. Rien n'a été enregistré.",
    );
    const agent = await consoleAct(h.url, 'sam', 'csat.score', scoreValue(poll, 1));
    expect(agent.body.replies[0].text).toBe(
      'This survey was sent to someone else; only they can answer it. Nothing was recorded.',
    );
    const forged = await consoleAct(h.url, 'alice', 'csat.score', `${new Types.ObjectId().toHexString()}:5`);
    expect(forged.body.replies[0].text).toBe('This survey does not exist. Nothing was recorded.');
    for (const value of [`${String(poll.actions![0].value.split(':')[0])}:9`, `${number}:5`, '{"$gt":""}:5', ''])
      expect((await consoleAct(h.url, 'alice', 'csat.score', value)).body.replies[0].text).toBe(
        'This survey button is not valid. Nothing was recorded.',
      );
    const injected = await h.helpdesk.assistant.handleAction({
      actor: alice,
      id: 'csat.score',
      value: { $ne: null } as unknown as string,
    });
    expect(injected[0].text).toBe('This survey button is not valid. Nothing was recorded.');

    expect(await surveys().find().sort({ _id: 1 }).lean()).toEqual(before);
    expect((await room(h, 'dm:agnes')).some((m) => m.text.includes(number))).toBe(false);
  });
});

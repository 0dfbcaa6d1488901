import { Types } from 'mongoose';
import { csatSurveyModel, npsResponseModel } from '../../../src/core/csat';
import { toRef } from '../../../src/core/people';
import { ticketModel } from '../../../src/core/tickets';
import { consoleAct, consoleSay, startTestHelpdesk, type TestHelpdesk } from '../../support/helpdesk';
import { DAY, HOUR, MINUTE, job, polls, resolvedTicket, room, scoreValue } from './support';

// Finding 2: the message after a score is its comment only when nothing else claims it, and a
// comment taken by mistake goes back to intake with one click.
describe('the survey comment window never swallows an answer or a request', () => {
  let h: TestHelpdesk;
  beforeEach(async () => {
    h = await startTestHelpdesk();
  });
  afterEach(() => h.close());

  const surveys = () => csatSurveyModel(h.connection);
  const tickets = () => ticketModel(h.connection);
  const cast = async () => ({
    bertrand: await h.actor('console', 'bertrand', { name: 'Bertrand Petit', locale: 'fr' }),
    alice: await h.actor('console', 'alice', { name: 'Alice Martin', locale: 'en' }),
    agnes: await h.actor('console', 'agnes'),
  });

  /** A resolved ticket whose poll the requester answered with `score`: the comment window is open. */
  async function scored(persona: 'alice' | 'bertrand', score: number): Promise<string> {
    const people = await cast();
    const number = await resolvedTicket(h, people[persona], people.agnes, 'Accès au dossier partagé Compta');
    h.clock.advance(HOUR + MINUTE);
    await job(h, 'csat.send')();
    const [poll] = await polls(h, `dm:${persona}`, number);
    await consoleAct(h.url, persona, 'csat.score', scoreValue(poll, score));
    return number;
  }

  it('a ticket waiting on the person comes first: the answer reaches it, not the survey', async () => {
    const { bertrand } = await cast();
    const surveyed = await scored('bertrand', 2);
    const waiting = await h.helpdesk.tickets.open(bertrand, { description: 'Dossier partagé Compta inaccessible' });
    await consoleSay(h.url, 'agnes', `wait ${waiting.number} Quel est le chemin exact du dossier ?`, {
      room: 'agents',
    });

    const answer = await consoleSay(h.url, 'bertrand', '\\\\srv-fichiers\\Compta\\2026');
    expect(answer.body.replies[0].text).toMatch(
      new RegExp(`^Ajouté à \\*${waiting.number}\\* ; les techniciens sont prévenus\\.\\nL’horloge repart : `),
    );
    const ticket = (await tickets().findOne({ number: waiting.number }).lean())!;
    expect(ticket.status).not.toBe('waiting_user');
    expect(ticket.history.at(-1)).toMatchObject({ type: 'requester_message', text: '\\\\srv-fichiers\\Compta\\2026' });
    expect((await surveys().findOne({ ticketNumber: surveyed }).lean())!.comment).toBeUndefined();
    // The team lead hears no "comment" made of it.
    expect(
      (await room(h, 'dm:lucas')).concat(await room(h, 'dm:agnes')).some((m) => m.text.includes('srv-fichiers')),
    ).toBe(false);
  });

  it('a message in a ticket thread is never a comment', async () => {
    const surveyed = await scored('alice', 4);
    const reply = await consoleSay(h.url, 'alice', 'Thanks, it works again', { ticket: surveyed });
    expect(reply.body.replies[0].text).not.toMatch(/comment/);
    expect((await surveys().findOne({ ticketNumber: surveyed }).lean())!.comment).toBeUndefined();
    expect((await tickets().findOne({ number: surveyed }).lean())!.history.at(-1)).toMatchObject({
      type: 'requester_message',
      text: 'Thanks, it works again',
    });
  });

  it('a comment taken by mistake goes back to intake with one click, once, by its author only', async () => {
    const surveyed = await scored('bertrand', 4);
    // A new problem worded with no cue of one (no "ne … plus", no "pouvez-vous"): taken as a comment.
    const taken = (await consoleSay(h.url, 'bertrand', 'Écran externe tout noir depuis ce matin')).body.replies[0];
    expect(taken.text).toBe(`Merci, votre commentaire sur *${surveyed}* est enregistré.`);
    expect(taken.actions).toEqual([
      { id: 'survey.comment_new_request', label: "C'était une nouvelle demande", value: expect.any(String) },
    ]);
    const back = taken.actions![0];

    for (const [persona, value, answer] of [
      ['alice', back.value, 'This survey was sent to someone else; only they can answer it. Nothing was recorded.'],
      ['bertrand', 'csat:not-an-id:1', "Ce bouton d'enquête n'est pas valide. Rien n'a été enregistré."],
      ['bertrand', `csat:${String(new Types.ObjectId())}:1`, "Cette enquête n'existe pas. Rien n'a été enregistré."],
    ])
      expect((await consoleAct(h.url, persona, back.id, value)).body.replies[0].text).toBe(answer);
    expect((await surveys().findOne({ ticketNumber: surveyed }).lean())!.comment).toBe(
      'Écran externe tout noir depuis ce matin',
    );

    const [first, second] = await Promise.all([
      consoleAct(h.url, 'bertrand', back.id, back.value),
      consoleAct(h.url, 'bertrand', back.id, back.value),
    ]);
    const moved = [first, second].find((r) => r.body.replies.length > 1)!.body.replies;
    const refused = [first, second].find((r) => r.body.replies.length === 1)!.body.replies;
    expect(refused[0].text).toBe("Ce message n'est plus un commentaire d'enquête : il a déjà été retiré.");
    expect(moved[0].text).toBe(
      "Entendu : ce message n'est plus un commentaire d'enquête. Traitons-le comme une nouvelle demande.",
    );
    expect(moved[1].actions!.map((a) => a.id)).toContain('intake.skip');
    expect(await surveys().findOne({ ticketNumber: surveyed }).lean()).toMatchObject({ score: 4 });
    expect((await surveys().findOne({ ticketNumber: surveyed }).lean())!.comment).toBeUndefined();

    const skip = moved[1].actions!.find((a) => a.id === 'intake.skip')!;
    const opened = (await consoleAct(h.url, 'bertrand', skip.id, skip.value)).body.replies[0];
    expect((await tickets().findOne({ number: opened.ticketNumber }).lean())!.description).toBe(
      'Écran externe tout noir depuis ce matin',
    );
  });

  it('the NPS “why?” works the same way', async () => {
    const { alice } = await cast();
    const response = await npsResponseModel(h.connection).create({
      campaignId: new Types.ObjectId(),
      person: toRef(alice.person),
      status: 'sent',
      sentAt: h.clock.now(),
      expiresAt: new Date(h.clock.now().getTime() + 7 * DAY),
      createdAt: h.clock.now(),
    });
    await consoleAct(h.url, 'alice', 'nps.score', `${String(response._id)}:9`);
    const taken = (await consoleSay(h.url, 'alice', 'The wifi in meeting room B keeps dropping')).body.replies[0];
    expect(taken.text).toBe('Thank you for explaining, it helps us improve.');
    const back = taken.actions![0];
    expect(back.id).toBe('survey.comment_new_request');
    const moved = (await consoleAct(h.url, 'alice', back.id, back.value)).body.replies;
    expect(moved[0].text).toBe(
      "Understood: that message is no longer a survey comment. Let's treat it as a new request.",
    );
    expect(moved[1].actions!.map((a) => a.id)).toContain('intake.impact');
    expect((await npsResponseModel(h.connection).findById(response._id).lean())!.comment).toBeUndefined();
  });
});

import { ticketModel, type Ticket } from '../../../src/core/tickets';
import type { Actor } from '../../../src/core/people';
import { startTestHelpdesk, type TestHelpdesk } from '../../support/helpdesk';

const DAY = 24 * 3600_000;

describe('reopen, cancel and the requester’s words on a finished ticket (real database)', () => {
  let h: TestHelpdesk;
  let alice: Actor;
  let sam: Actor;
  beforeAll(async () => {
    h = await startTestHelpdesk();
    alice = await h.actor('console', 'alice', { locale: 'en' });
    sam = await h.actor('console', 'sam');
  });
  afterAll(() => h.close());

  const stored = async (number: string) => (await ticketModel(h.connection).findOne({ number }).lean<Ticket>())!;
  async function resolvedTicket(description: string): Promise<string> {
    const ticket = await h.helpdesk.tickets.open(alice, { description });
    await h.helpdesk.tickets.claim(sam, ticket.number);
    await h.helpdesk.tickets.resolve(sam, ticket.number, 'Cable replaced');
    return ticket.number;
  }

  it('given a ticket waiting on the requester, reopen is refused and the paused clock and reopen count stay as they were', async () => {
    const { number } = await h.helpdesk.tickets.open(alice, { description: 'badge reader blinks red' });
    await h.helpdesk.tickets.wait(sam, number, 'Which door?');
    const before = await stored(number);
    for (const who of [alice, sam])
      await expect(h.helpdesk.tickets.reopen(who, number)).rejects.toMatchObject({
        code: 'ticket.not_resolved',
        params: { number },
      });
    expect(await stored(number)).toEqual(before);
    expect(before).toMatchObject({ status: 'waiting_user', reopenCount: 0 });
    expect(before.sla.pausedSince).toBeInstanceOf(Date);

    // A follow-up question is asked, not refused as "waiting cannot become waiting"; the pause goes on.
    h.clock.advanceMinutes(5);
    const again = await h.helpdesk.tickets.wait(sam, number, 'And which floor?');
    expect(again.history.at(-1)).toMatchObject({ type: 'waiting', text: 'And which floor?' });
    expect(again.sla.pausedSince).toEqual(before.sla.pausedSince);
  });

  it('given a resolved ticket, reopen keeps the reason, counts once, and a second reopen is refused', async () => {
    const number = await resolvedTicket('second screen stays black');
    const reopened = await h.helpdesk.tickets.reopen(alice, number, 'black again after lunch');
    expect(reopened).toMatchObject({ status: 'assigned', reopenCount: 1 });
    expect(reopened.history.at(-1)).toMatchObject({ type: 'reopened', text: 'black again after lunch' });
    await expect(h.helpdesk.tickets.reopen(alice, number)).rejects.toMatchObject({ code: 'ticket.not_resolved' });
    expect((await stored(number)).reopenCount).toBe(1);
  });

  it('after the reopen window the requester is told a new ticket is needed; an agent may still reopen until it closes', async () => {
    const number = await resolvedTicket('docking station hums');
    h.clock.advance(h.policy.sla.autoCloseAfterDays * DAY + 60_000);
    await expect(h.helpdesk.tickets.reopen(alice, number)).rejects.toMatchObject({
      code: 'ticket.reopen_expired',
      params: { number, days: h.policy.sla.autoCloseAfterDays },
    });
    await expect(h.helpdesk.tickets.addRequesterMessage(alice, number, 'it is still humming')).rejects.toMatchObject({
      code: 'ticket.reopen_expired',
    });
    expect((await stored(number)).status).toBe('resolved');
    expect((await h.helpdesk.tickets.reopen(sam, number)).status).toBe('assigned');
  });

  it('cancel takes a reason; cancelling twice says it is already cancelled; a cancelled ticket cannot be reopened', async () => {
    const { number } = await h.helpdesk.tickets.open(alice, { description: 'Teams camera is upside down' });
    const cancelled = await h.helpdesk.tickets.cancel(alice, number, 'flipped it in the settings');
    expect(cancelled.history.at(-1)).toMatchObject({ type: 'cancelled', text: 'flipped it in the settings' });
    await expect(h.helpdesk.tickets.cancel(alice, number)).rejects.toMatchObject({
      code: 'ticket.already_cancelled',
      params: { number },
    });
    await expect(h.helpdesk.tickets.reopen(alice, number)).rejects.toMatchObject({ code: 'ticket.reopen_cancelled' });
    await expect(h.helpdesk.tickets.claim(sam, number)).rejects.toMatchObject({
      code: 'ticket.final',
      params: { from: 'cancelled' },
    });
  });

  it('a resolved ticket is not cancelled, and not claimed again without a reopen', async () => {
    const number = await resolvedTicket('mouse double-clicks');
    await expect(h.helpdesk.tickets.cancel(alice, number)).rejects.toMatchObject({ code: 'ticket.cancel_resolved' });
    await expect(h.helpdesk.tickets.claim(sam, number)).rejects.toMatchObject({ code: 'ticket.reopen_first' });
    await expect(h.helpdesk.tickets.resolve(sam, number, 'again')).rejects.toMatchObject({
      code: 'ticket.already_resolved',
    });
    expect(await stored(number)).toMatchObject({ status: 'resolved', reopenCount: 0 });
  });

  it('the requester saying it is still broken on a resolved ticket reopens it, with the words as the reason', async () => {
    const number = await resolvedTicket('network cable loose');
    const after = await h.helpdesk.tickets.addRequesterMessage(alice, number, 'it is still not working');
    expect(after).toMatchObject({ status: 'assigned', reopenCount: 1 });
    expect(after.resolution).toBeUndefined();
    expect(after.history.at(-1)).toMatchObject({
      type: 'reopened',
      text: 'it is still not working',
      from: 'resolved',
      to: 'assigned',
      actor: { key: 'console:alice' },
    });
  });

  it('a thank-you on a resolved ticket is recorded and leaves it resolved', async () => {
    const number = await resolvedTicket('printer offline');
    for (const words of ['Thanks, it works now!', 'merci, ça marche 👍']) {
      const after = await h.helpdesk.tickets.addRequesterMessage(alice, number, words);
      expect(after).toMatchObject({ status: 'resolved', reopenCount: 0 });
      expect(after.history.at(-1)).toMatchObject({ type: 'requester_message', text: words });
    }
  });

  it('a message on a cancelled or closed ticket is refused with its own explanation and nothing is stored', async () => {
    const { number: cancelled } = await h.helpdesk.tickets.open(alice, { description: 'keyboard sticky' });
    await h.helpdesk.tickets.cancel(alice, cancelled);
    await expect(h.helpdesk.tickets.addRequesterMessage(alice, cancelled, 'still sticky')).rejects.toMatchObject({
      code: 'ticket.message_cancelled',
      params: { number: cancelled },
    });
    const closed = await resolvedTicket('headset crackles');
    await h.helpdesk.tickets.close({ person: sam.person, channel: 'system' }, closed);
    const before = await stored(closed);
    await expect(h.helpdesk.tickets.addRequesterMessage(alice, closed, 'crackles again')).rejects.toMatchObject({
      code: 'ticket.message_closed',
    });
    await expect(h.helpdesk.tickets.reopen(alice, closed)).rejects.toMatchObject({ code: 'ticket.reopen_closed' });
    expect(await stored(closed)).toEqual(before);
  });
});

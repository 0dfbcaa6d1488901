import { ticketModel } from '../../../src/core/tickets';
import { inboxModel } from '../../../src/db/inbox';
import { consoleAct, consoleSay, startTestHelpdesk, type TestHelpdesk } from '../../support/helpdesk';

/** The console's requests go through the same inbox as Slack and Teams deliveries (issue 14). */
describe('console: requests kept in the inbox', () => {
  let h: TestHelpdesk;
  beforeAll(async () => {
    h = await startTestHelpdesk();
  });
  afterAll(() => h.close());

  const said = async (room: string, text: string) =>
    (await h.helpdesk.consoleMessenger.messages(room)).filter((m) => (m as { text: string }).text === text).length;

  it('a message sent twice with the same request id is worked once; the second answer says it was received', async () => {
    const text = 'My second screen stays black since this morning';
    const first = await consoleSay(h.url, 'alice', text, { id: 'page-1-msg-1' });
    expect(first.status).toBe(200);
    expect(first.body.replies[0].text).toMatch(/How many people/);
    const again = await consoleSay(h.url, 'alice', text, { id: 'page-1-msg-1' });
    expect(again.status).toBe(409);
    expect(await said('dm:alice', text)).toBe(1);
    expect(await inboxModel(h.connection).findById('console:alice:page-1-msg-1').lean()).toMatchObject({
      state: 'done',
      conversation: 'dm:alice',
    });
  });

  it('a button sent three times with the same request id opens one ticket', async () => {
    const asked = await consoleSay(h.url, 'bertrand', 'Le lecteur de badge du parking est en panne');
    const skip = asked.body.replies[0].actions!.find((a) => a.id === 'intake.skip')!;
    const before = await ticketModel(h.connection).countDocuments();
    const statuses = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await consoleAct(h.url, 'bertrand', skip.id, skip.value, { request: 'page-2-click-1' })).status);
    expect(statuses).toEqual([200, 409, 409]);
    expect(await ticketModel(h.connection).countDocuments()).toBe(before + 1);
  });

  it('a message left unfinished by a process that died is worked when the inbox resumes; its words are written once', async () => {
    const text = 'The printer on floor 3 jams on every page';
    const key = 'alice:page-3-msg-1';
    const input = { id: 'page-3-msg-1', persona: 'alice', text, room: 'dm:alice' };
    await h.helpdesk.inbox.store.add(
      {
        _id: `console:${key}`,
        platform: 'console',
        conversation: 'dm:alice',
        payload: JSON.stringify({ kind: 'message', input, key }),
      },
      new Date(Date.now() - 60_000),
      0,
    );
    expect(await h.helpdesk.inbox.resume()).toBe(1);
    const room = await h.helpdesk.consoleMessenger.messages('dm:alice');
    const at = room.findIndex((m) => (m as { text: string }).text === text);
    expect(at).toBeGreaterThanOrEqual(0);
    expect((room[at + 1] as { text: string }).text).toMatch(/How many people/);
    expect(await said('dm:alice', text)).toBe(1);
  });
});

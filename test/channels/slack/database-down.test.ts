import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../../src/db/embedded';
import { inboxModel } from '../../../src/db/inbox';
import { recoverUntilDone } from '../../support/helpdesk';
import { dm, sendCommand, startSlackHelpdesk, waitFor, type SlackHelpdesk } from './support';

describe('Slack while the database is down', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'helpdesk-slack-down-'));
  let db: EmbeddedDatabase;
  let h: SlackHelpdesk;
  let port: number;

  beforeAll(async () => {
    db = await startEmbeddedDatabase({ dataDir });
    port = Number(new URL(db.uri).port);
    // Room in the spool for about two deliveries.
    h = await startSlackHelpdesk({ databaseUri: db.uri, spoolMaxBytes: 2500 });
  });
  afterAll(async () => {
    await h.close().catch(() => undefined);
    await db.stop();
  });

  it('a first message is answered in the person’s language, spooled, and worked once the database is back', async () => {
    await db.stop();
    // Bertrand has never written before: who he is comes from Slack (fr-FR), not from the database.
    const text = "Mon imprimante n'imprime plus depuis ce matin";
    const res = await dm(h.url, 'UBERTRAND', text, { eventId: 'EvDown1' });
    expect(res.status).toBe(200);
    const kept = await waitFor(() => h.slack.posts('DBERTRAND')[0], 'kept');
    expect(kept.text).toMatch(/base de données du support est indisponible.*gardé votre message/);
    expect(h.helpdesk.inbox.spool.size).toBe(1);
    // Slack's redelivery during the outage is recognised in the spool.
    expect((await dm(h.url, 'UBERTRAND', text, { eventId: 'EvDown1', retryNum: 1 })).status).toBe(200);
    expect(h.helpdesk.inbox.spool.size).toBe(1);

    db = await startEmbeddedDatabase({ dataDir, port });
    expect(await recoverUntilDone(h.helpdesk)).toBe(1);
    const texts = h.slack
      .posts('DBERTRAND')
      .slice(1)
      .map((p) => p.text);
    expect(texts.join('\n')).toMatch(/Combien de personnes sont concernées/);
    expect(texts.filter((t) => /Combien de personnes/.test(t))).toHaveLength(1);
    expect(await inboxModel(h.connection).findById('slack:event:EvDown1').lean()).toMatchObject({ state: 'done' });
  });

  it('when the spool is full, then a DM and a command are refused in the default language and nothing more is kept', async () => {
    await db.stop();
    const refusal = /cannot keep any more messages/;
    try {
      // DMs until the spool has no room for one more.
      let sent = 0;
      while (!h.slack.posts('DALICE').some((p) => refusal.test(p.text)) && sent < 20)
        expect(
          (await dm(h.url, 'UALICE', `The VPN drops every hour (${++sent})`, { eventId: `EvFull${sent}` })).status,
        ).toBe(200);
      await waitFor(() => h.slack.posts('DALICE').find((p) => refusal.test(p.text)), 'refusal');
      const waiting = h.helpdesk.inbox.spool.size;
      expect(waiting).toBeLessThan(sent);
      const command = await sendCommand(h.url, 'UALICE', 'mine');
      expect(command.status).toBe(200);
      expect(command.json).toMatchObject({ response_type: 'ephemeral', text: expect.stringMatching(refusal) });
      expect(h.helpdesk.inbox.spool.size).toBe(waiting);
    } finally {
      db = await startEmbeddedDatabase({ dataDir, port });
    }
    await recoverUntilDone(h.helpdesk);
    expect(h.helpdesk.inbox.spool.size).toBe(0);
  });
});

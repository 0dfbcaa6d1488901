import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { createHelpdesk, finalizeHelpdesk, type Helpdesk } from '../../../src/compose';
import { loadPolicy, parseEnv } from '../../../src/config';
import { ManualClock } from '../../../src/core/clock';
import { draftModel } from '../../../src/core/conversation';
import { inboxModel } from '../../../src/db/inbox';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../../src/db/embedded';
import { createLogger } from '../../../src/observability/logger';
import { consoleSay, recoverUntilDone } from '../../support/helpdesk';

interface Running {
  helpdesk: Helpdesk;
  url: string;
  stop(): Promise<void>;
}

/**
 * While the database is down, what a person sends is kept in the local spool, answered "kept",
 * and worked once the database is back, a restart of the process in between included (issue 14,
 * finding 2); past the spool's bound it is refused, and the person is told to send it again.
 */
describe('when the database goes down, nothing a user sent is lost', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'helpdesk-down-'));
  let db: EmbeddedDatabase;
  let connection: mongoose.Connection;
  let port: number;
  const running: Running[] = [];

  /** A helpdesk process (its own spool in `spoolDir`) serving HTTP on the test's database. */
  async function start(spoolDir: string, maxBytes?: number): Promise<Running> {
    const env = parseEnv({ LOG_LEVEL: 'silent' });
    const logger = createLogger('silent');
    const helpdesk = createHelpdesk({
      connection,
      env,
      policy: loadPolicy(),
      logger,
      clock: new ManualClock(),
      spool: { dir: spoolDir, maxBytes },
    });
    finalizeHelpdesk(helpdesk, logger);
    const server = await new Promise<Server>((resolve) => {
      const s = helpdesk.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const run = {
      helpdesk,
      url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      async stop() {
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
    running.push(run);
    return run;
  }

  beforeAll(async () => {
    db = await startEmbeddedDatabase({ dataDir });
    port = Number(new URL(db.uri).port);
    connection = mongoose.createConnection(db.uri, { dbName: 'down', serverSelectionTimeoutMS: 1000 });
    await connection.asPromise();
    const first = await start(mkdtempSync(path.join(os.tmpdir(), 'helpdesk-spool-')));
    await first.helpdesk.syncIndexes();
  });
  afterAll(async () => {
    for (const run of running) await run.stop().catch(() => undefined);
    await connection.close().catch(() => undefined);
    await db.stop();
  });

  const bringBack = async () => {
    db = await startEmbeddedDatabase({ dataDir, port });
  };
  const roomTexts = async (h: Helpdesk, room: string) =>
    (await h.consoleMessenger.messages(room)).map((m) => (m as { text: string }).text);

  it('a first message while the database is down is answered in the person’s language, spooled, and worked once it is back', async () => {
    const { helpdesk, url } = running[0];
    await db.stop();
    // Nobody has identified Agnès yet: who she is must not need the database.
    const answer = await consoleSay(url, 'agnes', 'mon imprimante affiche une erreur 0x80070005', { id: 'agnes-1' });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ saved: false });
    expect(answer.body.replies[0].text).toMatch(/base de données du support est indisponible.*gardé votre message/);
    expect(helpdesk.inbox.spool.size).toBe(1);
    // The page sends it again (no answer seen): recognised in the spool, not kept twice.
    expect(
      (await consoleSay(url, 'agnes', 'mon imprimante affiche une erreur 0x80070005', { id: 'agnes-1' })).status,
    ).toBe(409);
    // Still down: nothing can be worked, nothing is dropped.
    expect(await helpdesk.inbox.recover()).toBe(0);
    expect(helpdesk.inbox.spool.size).toBe(1);

    await bringBack();
    expect(await recoverUntilDone(helpdesk)).toBe(1);
    expect(helpdesk.inbox.spool.size).toBe(0);
    expect(await draftModel(connection).countDocuments({ personKey: 'console:agnes' })).toBe(1);
    const room = await roomTexts(helpdesk, 'dm:agnes');
    expect(room).toEqual([
      'mon imprimante affiche une erreur 0x80070005',
      expect.stringMatching(/Combien de personnes/),
    ]);
    expect(await inboxModel(connection).findById('console:agnes:agnes-1').lean()).toMatchObject({ state: 'done' });
  });

  it('given messages spooled by a process that is then restarted, when the database is back, then the new process works them in order', async () => {
    const spoolDir = mkdtempSync(path.join(os.tmpdir(), 'helpdesk-spool-'));
    const before = await start(spoolDir);
    await db.stop();
    for (const [i, text] of ['The VPN drops every ten minutes', 'Outlook asks for my password again'].entries())
      expect((await consoleSay(before.url, 'alice', text, { id: `alice-restart-${i}` })).status).toBe(200);
    expect(before.helpdesk.inbox.spool.size).toBe(2);
    await before.stop();

    // A new process on the same data directory (nothing in memory), while the database is still down.
    const after = await start(spoolDir);
    expect(after.helpdesk.inbox.waiting).toBe(2);
    await bringBack();
    expect(await recoverUntilDone(after.helpdesk)).toBe(2);
    const entries = await inboxModel(connection)
      .find({ _id: { $in: ['console:alice:alice-restart-0', 'console:alice:alice-restart-1'] } })
      .sort({ receivedAt: 1, order: 1 })
      .lean();
    expect(entries.map((e) => [e._id, e.state])).toEqual([
      ['console:alice:alice-restart-0', 'done'],
      ['console:alice:alice-restart-1', 'done'],
    ]);
    const room = await roomTexts(after.helpdesk, 'dm:alice');
    const vpn = room.indexOf('The VPN drops every ten minutes');
    const outlook = room.indexOf('Outlook asks for my password again');
    expect(vpn).toBeGreaterThanOrEqual(0);
    expect(outlook).toBeGreaterThan(vpn);
  });

  it('when the spool is full, then a message is refused with a translated error and nothing is kept', async () => {
    const small = await start(mkdtempSync(path.join(os.tmpdir(), 'helpdesk-spool-')), 600);
    await db.stop();
    try {
      expect((await consoleSay(small.url, 'bertrand', 'écran noir', { id: 'b-1' })).status).toBe(200);
      const refused = await consoleSay(small.url, 'bertrand', 'écran noir encore, ' + 'x'.repeat(400), { id: 'b-2' });
      expect(refused.status).toBe(503);
      expect(refused.body.replies[0].text).toMatch(/ne peut plus garder de messages.*renvoyez-le/);
      expect(small.helpdesk.inbox.spool.size).toBe(1);
    } finally {
      await bringBack();
    }
    expect(await recoverUntilDone(small.helpdesk)).toBe(1);
    expect(await inboxModel(connection).findById('console:bertrand:b-2').lean()).toBeNull();
  });
});

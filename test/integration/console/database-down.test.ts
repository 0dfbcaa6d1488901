import { mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mongoose from 'mongoose';
import { createHelpdesk, type Helpdesk } from '../../../src/compose';
import { loadPolicy, parseEnv } from '../../../src/config';
import { ManualClock } from '../../../src/core/clock';
import { draftModel } from '../../../src/core/conversation';
import type { OutboundMessage } from '../../../src/core/notify';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../../src/db/embedded';
import { createLogger } from '../../../src/observability/logger';
import { consoleSay } from '../../support/helpdesk';

describe('when the database goes down, nothing a user sent is lost', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'helpdesk-down-'));
  let db: EmbeddedDatabase;
  let connection: mongoose.Connection;
  let helpdesk: Helpdesk;
  let port: number;

  beforeAll(async () => {
    db = await startEmbeddedDatabase({ dataDir });
    port = Number(new URL(db.uri).port);
    connection = mongoose.createConnection(db.uri, { dbName: 'down', serverSelectionTimeoutMS: 1000 });
    await connection.asPromise();
    helpdesk = createHelpdesk({
      connection,
      env: parseEnv({ LOG_LEVEL: 'silent' }),
      policy: loadPolicy(),
      logger: createLogger('silent'),
      clock: new ManualClock(),
    });
    await helpdesk.syncIndexes();
  });
  afterAll(async () => {
    await connection.close().catch(() => undefined);
    await db.stop();
  });

  /** Restarts the database on its port and retries until the kept messages have gone through. */
  async function bringBack(): Promise<OutboundMessage[][]> {
    db = await startEmbeddedDatabase({ dataDir, port });
    const delivered: OutboundMessage[][] = [];
    for (let i = 0; i < 20 && helpdesk.assistant.pendingCount > 0; i++) {
      await helpdesk.assistant.retryPending(async (_message, out) => void delivered.push(out));
      if (helpdesk.assistant.pendingCount > 0) await new Promise((r) => setTimeout(r, 500));
    }
    return delivered;
  }

  it("says so in the user's language, keeps the message and processes it once the database is back", async () => {
    const person = await helpdesk.people.identify({
      platform: 'console',
      platformId: 'bertrand',
      name: 'Bertrand',
      locale: 'fr',
    });
    const actor = { person, channel: 'console' as const };
    await db.stop();

    const replies = await helpdesk.assistant.handleMessage({ actor, text: "l'écran reste noir", place: 'direct' });
    expect(replies[0].text).toMatch(/base de données du support est indisponible.*gardé votre message/);
    expect(helpdesk.assistant.pendingCount).toBe(1);
    // Still down: the retry keeps the message.
    expect(await helpdesk.assistant.retryPending(async () => undefined)).toBe(0);
    expect(helpdesk.assistant.pendingCount).toBe(1);

    const delivered = await bringBack();
    expect(delivered).toHaveLength(1);
    expect(helpdesk.assistant.pendingCount).toBe(0);
    expect(delivered[0][0].text).toMatch(/Le support est de retour/);
    expect(delivered[0][1].text).toMatch(/Combien de personnes sont concernées/);
    expect(await draftModel(connection).findOne({ personKey: 'console:bertrand' }).lean()).toMatchObject({
      text: "l'écran reste noir",
    });
  });

  it('given a person first seen while the database is down, when they write on the console, then the message is kept and answered in their language', async () => {
    const server = await new Promise<Server>((resolve) => {
      const s = helpdesk.app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      await db.stop();
      // Nobody has identified Agnès yet: who she is must not need the database.
      const answer = await consoleSay(url, 'agnes', 'mon imprimante affiche une erreur 0x80070005');
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ saved: false });
      expect(answer.body.replies[0].text).toMatch(/base de données du support est indisponible.*gardé votre message/);
      expect(helpdesk.assistant.pendingCount).toBe(1);

      const delivered = await bringBack();
      expect(helpdesk.assistant.pendingCount).toBe(0);
      expect(delivered[0][0].text).toMatch(/Le support est de retour/);
      expect(await draftModel(connection).findOne({ personKey: 'console:agnes' }).lean()).toMatchObject({
        text: 'mon imprimante affiche une erreur 0x80070005',
      });
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});

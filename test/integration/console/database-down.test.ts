import { mkdtempSync } from 'node:fs';
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

    db = await startEmbeddedDatabase({ dataDir, port });
    const delivered: OutboundMessage[][] = [];
    let done = 0;
    for (let i = 0; i < 20 && done === 0; i++) {
      done = await helpdesk.assistant.retryPending(async (_message, out) => void delivered.push(out));
      if (!done) await new Promise((r) => setTimeout(r, 500));
    }
    expect(done).toBe(1);
    expect(helpdesk.assistant.pendingCount).toBe(0);
    expect(delivered[0][0].text).toMatch(/Le support est de retour/);
    expect(delivered[0][1].text).toMatch(/Combien de personnes sont concernées/);
    expect(await draftModel(connection).findOne({ personKey: 'console:bertrand' }).lean()).toMatchObject({
      text: "l'écran reste noir",
    });
  });
});

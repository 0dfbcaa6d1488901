import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../../src/db/embedded';
import { deliverPendingUntilDone } from '../../support/helpdesk';
import { dm, startSlackHelpdesk, waitFor, type SlackHelpdesk } from './support';

describe('Slack while the database is down', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'helpdesk-slack-down-'));
  let db: EmbeddedDatabase;
  let h: SlackHelpdesk;
  let port: number;

  beforeAll(async () => {
    db = await startEmbeddedDatabase({ dataDir });
    port = Number(new URL(db.uri).port);
    h = await startSlackHelpdesk({ databaseUri: db.uri });
  });
  afterAll(async () => {
    await h.close().catch(() => undefined);
    await db.stop();
  });

  it('a first message is answered in the person’s language, kept, and worked once the database is back', async () => {
    await db.stop();
    // Bertrand has never written before: who he is comes from Slack (fr-FR), not from the database.
    const res = await dm(h.url, 'UBERTRAND', "Mon imprimante n'imprime plus depuis ce matin");
    expect(res.status).toBe(200);
    const kept = await waitFor(() => h.slack.posts('DBERTRAND')[0], 'kept');
    expect(kept.text).toMatch(/base de données du support est indisponible.*gardé votre message/);
    expect(h.helpdesk.assistant.pendingCount).toBe(1);

    db = await startEmbeddedDatabase({ dataDir, port });
    await deliverPendingUntilDone(h.helpdesk);
    expect(h.helpdesk.assistant.pendingCount).toBe(0);
    const texts = h.slack
      .posts('DBERTRAND')
      .slice(1)
      .map((p) => p.text);
    expect(texts[0]).toMatch(/Le support est de retour/);
    expect(texts.join('\n')).toMatch(/Combien de personnes sont concernées/);
  });
});

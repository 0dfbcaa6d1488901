import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../../src/db/embedded';
import { deliverPendingUntilDone, type TestHelpdesk } from '../../support/helpdesk';
import {
  bertrand,
  cardOf,
  FakeConnector,
  installedPersonally,
  isolateNetwork,
  personalMessage,
  post,
  releaseNetwork,
  startTeamsHelpdesk,
  textOf,
} from './support';

/** What the bot said in a sent activity: its text, or its card's text. */
const said = (body: unknown): string => {
  const text = (body as { text?: string }).text;
  return text ?? textOf(cardOf(body));
};

describe('Teams while the database is down', () => {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'helpdesk-teams-down-'));
  let db: EmbeddedDatabase;
  let h: TestHelpdesk;
  let port: number;

  beforeAll(async () => {
    db = await startEmbeddedDatabase({ dataDir });
    port = Number(new URL(db.uri).port);
    isolateNetwork();
    h = await startTeamsHelpdesk({ databaseUri: db.uri });
  });
  afterAll(async () => {
    await h.close().catch(() => undefined);
    await db.stop();
    releaseNetwork();
  });

  it('a message is answered in the person’s language, kept, and worked once the database is back', async () => {
    const connector = new FakeConnector().install();
    expect((await post(h.url, installedPersonally(bertrand))).status).toBe(200);
    const before = connector.toPerson(bertrand).length;

    await db.stop();
    const res = await post(h.url, personalMessage(bertrand, "l'écran de mon portable reste noir"));
    expect(res.status).toBe(200);
    const replies = connector.toPerson(bertrand).slice(before);
    expect(replies).toHaveLength(1);
    expect(said(replies[0].body)).toMatch(/base de données du support est indisponible.*gardé votre message/);
    expect(h.helpdesk.assistant.pendingCount).toBe(1);

    db = await startEmbeddedDatabase({ dataDir, port });
    await deliverPendingUntilDone(h.helpdesk);
    expect(h.helpdesk.assistant.pendingCount).toBe(0);
    const later = connector
      .toPerson(bertrand)
      .slice(before + 1)
      .map((s) => said(s.body));
    expect(later[0]).toMatch(/Le support est de retour/);
    expect(later.join('\n')).toMatch(/Combien de personnes sont concernées/);
  });
});

import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedDatabase, type EmbeddedDatabase } from '../../../src/db/embedded';
import { recoverUntilDone, type TestHelpdesk } from '../../support/helpdesk';
import {
  bertrand,
  cardOf,
  FakeConnector,
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

  it('a first message is answered in the person’s language, spooled with its conversation reference, and worked once the database is back', async () => {
    const connector = new FakeConnector().install();
    await db.stop();
    // Bertrand has never written: the reference his answer needs comes with the spooled activity.
    const message = personalMessage(bertrand, "l'écran de mon portable reste noir");
    const res = await post(h.url, message);
    expect(res.status).toBe(200);
    const replies = await connector.waitFor(() => {
      const sent = connector.toPerson(bertrand);
      return sent.length ? sent : undefined;
    }, 30_000);
    expect(replies).toHaveLength(1);
    expect(said(replies[0].body)).toMatch(/base de données du support est indisponible.*gardé votre message/);
    expect(h.helpdesk.inbox.spool.size).toBe(1);
    // The Bot Framework's redelivery during the outage is recognised in the spool.
    expect((await post(h.url, message)).status).toBe(200);
    expect(h.helpdesk.inbox.spool.size).toBe(1);

    db = await startEmbeddedDatabase({ dataDir, port });
    expect(await recoverUntilDone(h.helpdesk)).toBe(1);
    const later = connector
      .toPerson(bertrand)
      .slice(1)
      .map((s) => said(s.body));
    expect(later.join('\n')).toMatch(/Combien de personnes sont concernées/);
    expect(later.filter((t) => /Combien de personnes/.test(t))).toHaveLength(1);
  });
});

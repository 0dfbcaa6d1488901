import type { Connection } from 'mongoose';
import { OPEN_STATUSES, ticketModel } from '../../../src/core/tickets/model';
import { ferretDbBuildVersion } from '../../../src/db/embedded';
import { closeTestDatabase, openTestDatabase } from '../../support/db';

/**
 * The embedded FerretDB is our patched build (ferretdb/README.md): the app's hot ticket queries
 * reach SQLite as index searches instead of reading the whole collection, with MongoDB's results.
 * On MongoDB (MONGODB_URI) the plans differ and only the results are checked.
 */
describe('FerretDB filter pushdown on the app queries', () => {
  let connection: Connection;
  let ferretdbVersion: string | undefined;
  const now = new Date('2026-03-04T14:00:00Z');
  const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

  const base = (n: number, extra: Record<string, unknown>) => ({
    number: `INC-${String(n).padStart(6, '0')}`,
    type: 'incident',
    title: `t${n}`,
    description: 'd',
    status: 'new',
    impact: 'low',
    urgency: 'low',
    priority: 'P4',
    level: 'L1',
    team: 'service-desk',
    channel: 'console',
    requester: { platform: 'console', id: 'alice', key: 'console:alice', name: 'Alice' },
    sla: {},
    slaNextCheckAt: null,
    reopenCount: 0,
    links: [],
    kbSuggestions: [],
    history: [],
    rev: 0,
    createdAt: now,
    updatedAt: now,
    ...extra,
  });

  beforeAll(async () => {
    connection = await openTestDatabase();
    const info = await connection.db!.admin().command({ buildInfo: 1 });
    ferretdbVersion = info.ferretdbVersion as string | undefined;
    const tickets = ticketModel(connection);
    await tickets.createIndexes();
    await tickets.collection.insertMany([
      base(1, { status: 'new', slaNextCheckAt: at(-5) }),
      base(2, { status: 'closed', slaNextCheckAt: null }),
      base(3, { status: 'assigned', slaNextCheckAt: at(30) }),
      base(4, {
        requester: { platform: 'console', id: 'bob', key: 'console:bob', name: 'Bob' },
        slaNextCheckAt: at(-1),
      }),
      // shapes a superset pre-filter must keep: an array where a value is expected
      base(5, { status: ['waiting_user', 'x'], slaNextCheckAt: [at(60), at(-60)] }),
      base(6, { status: 'resolved', slaNextCheckAt: at(0) }),
    ]);
    // A year of closed tickets from 200 other requesters: the planner's statistics then tell a requester's
    // index (a few rows) from a status' (hundreds).
    const requester = (n: number) => ({ platform: 'console', id: `e${n}`, key: `console:e${n % 200}`, name: `E${n}` });
    await tickets.collection.insertMany(
      Array.from({ length: 594 }, (_, i) => base(i + 7, { status: 'closed', requester: requester(i) })),
    );
  });
  afterAll(() => closeTestDatabase(connection));

  const plan = async (filter: Record<string, unknown>): Promise<string> => {
    const explained = await ticketModel(connection).collection.find(filter).explain();
    return JSON.stringify(explained.queryPlanner);
  };

  it('runs on the FerretDB build of ferretdb/patches when the server is FerretDB', () => {
    if (ferretdbVersion === undefined) return; // MongoDB: nothing to check here
    expect(ferretdbVersion).toBe(ferretDbBuildVersion());
    expect(ferretdbVersion).toMatch(/^v1\.24\.2-helpdesk\.[0-9a-f]{8}$/);
  });

  it('answers my tickets, the SLA sweep and lookups by number exactly like MongoDB', async () => {
    const tickets = ticketModel(connection);
    const mine = await tickets
      .find({ 'requester.key': 'console:alice', status: { $in: OPEN_STATUSES } })
      .sort({ number: 1 })
      .lean();
    expect(mine.map((t) => t.number)).toEqual(['INC-000001', 'INC-000003', 'INC-000005']);
    const due = await tickets
      .find({ slaNextCheckAt: { $lte: now } })
      .sort({ number: 1 })
      .lean();
    expect(due.map((t) => t.number)).toEqual(['INC-000001', 'INC-000004', 'INC-000005', 'INC-000006']);
    await expect(tickets.countDocuments({ status: 'closed' })).resolves.toBe(595);
    await expect(tickets.findOne({ number: 'INC-000004' }).lean()).resolves.toMatchObject({ title: 't4' });
    const updated = await tickets.updateOne({ number: 'INC-000003', rev: 0 }, { $inc: { rev: 1 } });
    expect(updated.modifiedCount).toBe(1);
  });

  it('searches the declared indexes instead of scanning the collection (FerretDB)', async () => {
    if (ferretdbVersion === undefined) return; // MongoDB plans are checked by MongoDB's own explain
    // The requester's index, not one of the status indexes: SQLite knows which selects fewer rows from the
    // statistics FerretDB refreshes in the background after inserts (ferretdb/README.md).
    const requesterIndex = /SEARCH tickets_\w+ USING INDEX tickets_\w+_requester\.key_1_status_1/;
    const mineFilter = { 'requester.key': 'console:alice', status: { $in: OPEN_STATUSES } };
    let mine = await plan(mineFilter);
    for (const deadline = Date.now() + 30_000; !requesterIndex.test(mine) && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      mine = await plan(mineFilter);
    }
    expect(mine).toMatch(requesterIndex);
    expect(mine).not.toMatch(/USING INDEX tickets_\w+_status_1/);
    const due = await plan({ slaNextCheckAt: { $lte: now } });
    expect(due).toMatch(/USING INDEX _ferretdb_value_tickets_\w+_slaNextCheckAt_1/);
    expect(await plan({ number: 'INC-000004' })).toMatch(/USING INDEX tickets_\w+_number_1/);
    const { _id } = (await ticketModel(connection).findOne({ number: 'INC-000002' }).lean())!;
    expect(await plan({ _id })).toMatch(/USING INDEX tickets_\w+__id_/);
    for (const p of [mine, due]) expect(p).not.toMatch(/SCAN/);
  });
});

import type { Connection } from 'mongoose';
import {
  AppProcess,
  attempt,
  burst,
  ChaosDatabase,
  Platforms,
  redeliver,
  settle,
  sleep,
  slackDm,
  teamsMessage,
  type Delivery,
  type Tally,
} from './harness';

/**
 * The chaos scenarios of issue 14, run by `test/reliability/` (small sizes) and by
 * `npm run bench --silent -- chaos` (the sizes): a real app process, a real FerretDB.
 */
export interface Rig {
  db: ChaosDatabase;
  platforms: Platforms;
  app: AppProcess;
  /** The test's own connection to the app's database. */
  connection: Connection;
  close(): Promise<void>;
}

export async function startRig(): Promise<Rig> {
  const db = await ChaosDatabase.start();
  const platforms = await Platforms.start();
  const app = await AppProcess.create(db, platforms);
  await app.start();
  // Ready: indexes made, knowledge base loaded.
  for (let i = 0; i < 600 && !(await app.ready()); i++) await sleep(100);
  const connection = await db.connect();
  return {
    db,
    platforms,
    app,
    connection,
    async close() {
      await app.stop().catch(() => undefined);
      await connection.close().catch(() => undefined);
      await platforms.close();
      await db.down();
    },
  };
}

let run = 0;
/** Distinct people per scenario (a new person's first message always gets the intake's first question). */
const people = (prefix: string, count: number) => {
  run++;
  return Array.from({ length: count }, (_, i) => `${prefix}${run}X${String(i).padStart(3, '0')}`);
};

const problem = (i: number) => `Chaos check ${i}: the zorblax terminal shows code QX-${1000 + i}`;

/** `count` first messages at `perSecond` on one channel, the app killed with SIGKILL halfway and restarted. */
export async function burstWithKill(
  rig: Rig,
  channel: 'slack' | 'teams',
  count: number,
  perSecond: number,
): Promise<Tally & { restartMs: number }> {
  const deliveries: Delivery[] = people(channel === 'slack' ? 'UB' : 'aad-b-', count).map((user, i) =>
    channel === 'slack' ? slackDm(user, problem(i)) : teamsMessage(rig.platforms, user, problem(i)),
  );
  let restartMs = 0;
  await burst(rig.app, deliveries, perSecond, {
    at: Math.floor(count / 2),
    run: async () => {
      await rig.app.kill();
      const started = Date.now();
      await rig.app.start();
      restartMs = Date.now() - started;
    },
  });
  // What the dead process never acknowledged is delivered again, as the platforms do.
  await redeliver(rig.app, deliveries);
  return { ...(await settle(rig.platforms, deliveries, 90_000)), restartMs };
}

/**
 * The database down for `outageMs`, first messages arriving all along on both channels, and the
 * app killed and started again (with the database still down) halfway through.
 */
export async function outageWithRestart(rig: Rig, outageMs: number, count: number): Promise<Tally> {
  const slack = people('UO', Math.ceil(count / 2)).map((user, i) => slackDm(user, problem(i)));
  const teams = people('aad-o-', Math.floor(count / 2)).map((user, i) => teamsMessage(rig.platforms, user, problem(i)));
  const deliveries = slack.flatMap((d, i) => (teams[i] ? [d, teams[i]] : [d]));
  await rig.db.down();
  const started = Date.now();
  const inFlight: Promise<void>[] = [];
  let restart: Promise<void> | undefined;
  for (const [i, delivery] of deliveries.entries()) {
    const due = started + (i * outageMs) / deliveries.length;
    if (due > Date.now()) await sleep(due - Date.now());
    if (!restart && Date.now() - started >= outageMs / 2)
      restart = (async () => {
        await rig.app.kill();
        await rig.app.start();
      })();
    inFlight.push(attempt(rig.app, delivery));
  }
  await Promise.all(inFlight);
  await restart;
  const left = started + outageMs - Date.now();
  if (left > 0) await sleep(left);
  await redeliver(rig.app, deliveries);
  await rig.db.up();
  await redeliver(rig.app, deliveries);
  return settle(rig.platforms, deliveries, 120_000);
}

/** `count` first messages of one new person, all at once: how many were worked, how many person records. */
export async function concurrentFirstMessages(
  rig: Rig,
  count: number,
): Promise<{ sent: number; acknowledged: number; processed: number; personRecords: number }> {
  const [user] = people('UC', 1);
  const deliveries = Array.from({ length: count }, (_, i) => slackDm(user, `${problem(i)} (message ${i + 1})`));
  await Promise.all(deliveries.map((d) => attempt(rig.app, d)));
  await redeliver(rig.app, deliveries);
  const ids = deliveries.map((d) => `slack:event:${d.id}`);
  const inbox = rig.connection.collection<{ _id: string; state: string }>('inbox');
  const until = Date.now() + 60_000;
  let processed = 0;
  while (Date.now() < until) {
    processed = await inbox.countDocuments({ _id: { $in: ids }, state: 'done' });
    if (processed === count) break;
    await sleep(250);
  }
  const personRecords = await rig.connection.collection('people').countDocuments({ key: `slack:${user}` });
  return { sent: count, acknowledged: deliveries.filter((d) => d.acknowledged).length, processed, personRecords };
}

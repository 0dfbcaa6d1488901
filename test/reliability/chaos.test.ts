import { burstWithKill, concurrentFirstMessages, outageWithRestart, startRig, type Rig } from './scenarios';

/**
 * Issue 14 end to end on the real thing: the app as `npm start` runs it (a child process, killed
 * with SIGKILL), a FerretDB of its own (stopped and started), signed Slack events and Teams
 * activities over HTTP, Slack's Web API and the Bot Framework connector on loopback. Sizes are
 * smaller than `npm run bench --silent -- chaos`, which prints the figures.
 */
describe('reliability: nothing acknowledged is lost, nothing is worked twice', () => {
  let rig: Rig;
  beforeAll(async () => {
    rig = await startRig();
  }, 300_000);
  afterAll(() => rig?.close());

  it.each(['slack', 'teams'] as const)(
    'given a burst of 30 first messages on %s at 100/s, when the app is killed with SIGKILL halfway and started again, then every one is answered (a few answers may be repeated: known gap)',
    async (channel) => {
      const outcome = await burstWithKill(rig, channel, 30, 100);
      expect(outcome).toMatchObject({ sent: 30, acknowledged: 30, lost: 0 });
      // Known gap (issue 14, still open): answers are sent at least once, not exactly once. An answer
      // posted just before the SIGKILL, whose delivery was not yet marked done, is posted again when
      // the delivery is resumed (a clean-clone CI run saw 2 of 30 on Teams; the landing runs saw 0).
      // Reaching 0 needs an outbox that records each outgoing message per delivery. Until then this
      // bounds the window to a few messages, so a broken de-duplication (every redelivery answered)
      // still fails.
      expect(outcome.duplicated).toBeLessThanOrEqual(5);
    },
    300_000,
  );

  it('given the database down for 8 s and the app killed and restarted meanwhile, then every message sent during the outage is answered once it is back', async () => {
    const outcome = await outageWithRestart(rig, 8_000, 8);
    expect(outcome).toMatchObject({ sent: 8, acknowledged: 8, lost: 0, duplicated: 0 });
  }, 300_000);

  it('given 30 concurrent first messages of one new person, then all 30 are worked and there is one person record', async () => {
    expect(await concurrentFirstMessages(rig, 30)).toEqual({
      sent: 30,
      acknowledged: 30,
      processed: 30,
      personRecords: 1,
    });
  }, 300_000);
});

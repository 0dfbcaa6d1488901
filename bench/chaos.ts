import { burstWithKill, concurrentFirstMessages, outageWithRestart, startRig } from '../test/reliability/scenarios';

/**
 * Chaos figures of issue 14 on a real app process and a real FerretDB (see test/reliability/):
 * bursts of 100 first messages at 100/s on Slack and on Teams with a `kill -9` of the app in the
 * middle; a 30 s database outage with a restart of the app in the middle; 30 concurrent first
 * messages of one new person. Options: --burst N, --rate N, --outage-s N, --concurrent N.
 */
export async function run(argv: string[]) {
  const option = (name: string, fallback: number) => {
    const at = argv.indexOf(`--${name}`);
    return at >= 0 ? Number(argv[at + 1]) : fallback;
  };
  const size = option('burst', 100);
  const rate = option('rate', 100);
  const outageS = option('outage-s', 30);
  const concurrent = option('concurrent', 30);
  const progress = (line: string) => process.stderr.write(`chaos: ${line}\n`);

  const rig = await startRig();
  try {
    progress(`slack burst of ${size} at ${rate}/s, kill -9 halfway`);
    const slack = await burstWithKill(rig, 'slack', size, rate);
    progress(JSON.stringify(slack));
    progress(`teams burst of ${size} at ${rate}/s, kill -9 halfway`);
    const teams = await burstWithKill(rig, 'teams', size, rate);
    progress(JSON.stringify(teams));
    progress(`database down ${outageS} s, app restarted halfway`);
    const outage = await outageWithRestart(rig, outageS * 1000, outageS);
    progress(JSON.stringify(outage));
    progress(`${concurrent} concurrent first messages of one new person`);
    const first = await concurrentFirstMessages(rig, concurrent);
    return {
      bench: 'chaos',
      burst: { size, perSecond: rate, slack, teams },
      outage: { seconds: outageS, restartInTheMiddle: true, ...outage },
      concurrentFirstMessages: first,
    };
  } finally {
    await rig.close();
  }
}

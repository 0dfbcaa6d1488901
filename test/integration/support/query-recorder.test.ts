import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Mongoose } from 'mongoose';
import { loadPolicy } from '../../../src/config';
import { systemClock } from '../../../src/core/clock';
import { People, personModel } from '../../../src/core/people';
import type { Recorded } from '../../support/queries/recorder';
import { installQueryRecorder } from '../../support/queries/recorder';
import { describe as describeShape } from '../../support/queries/shapes';

describe('index guard: the recorder', () => {
  it("records the app's commands with their caller and declared indexes, not a test's own reads", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'recorder-test-'));
    const mongoose = new Mongoose();
    const recorder = installQueryRecorder(mongoose, dir, () => 'this test');
    const connection = mongoose.createConnection(process.env.TEST_MONGODB_URI!, { dbName: `rec_${process.pid}` });
    try {
      await connection.asPromise();
      const people = new People({ connection, policy: loadPolicy(), clock: systemClock });
      await people.identify({ platform: 'console', platformId: 'alice', name: 'Alice' });
      // The test's own look at the data, by a field no index has: not the app's query.
      await personModel(connection).find({ name: 'Alice' }).lean();
      recorder.flush();
      const lines = readdirSync(dir).flatMap((f) =>
        readFileSync(path.join(dir, f), 'utf8')
          .split('\n')
          .filter(Boolean)
          .map((l) => JSON.parse(l) as Recorded),
      );
      const shapes = lines.flatMap((r) => (r.kind === 'shape' ? [r] : []));
      expect(shapes.map((r) => describeShape(r.shape)).sort()).toEqual([
        'people find eq(key) limit',
        'people update eq(key) limit',
      ]);
      // The write goes through a shared helper of src/db/: both are named.
      expect(Object.fromEntries(shapes.map((r) => [describeShape(r.shape), r.caller]))).toEqual({
        'people find eq(key) limit': 'src/core/people/service.ts (People.identify)',
        'people update eq(key) limit': 'src/db/upsert.ts (upsertOne) ← src/core/people/service.ts (People.identify)',
      });
      const indexes = lines.flatMap((r) => (r.kind === 'index' && r.collection === 'people' ? [r.index] : []));
      expect(indexes).toContainEqual({ key: [['key', 1]], unique: true });
    } finally {
      await connection.dropDatabase().catch(() => undefined);
      await connection.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

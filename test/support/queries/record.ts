import mongoose from 'mongoose';
import { installQueryRecorder } from './recorder';

// Every test file: record what its connections send, for the index guard in globalTeardown.
const dir = process.env.QUERY_SHAPES_DIR;
if (dir) {
  const recorder = installQueryRecorder(mongoose, dir, () =>
    (expect.getState().testPath ?? 'unknown').replace(`${process.cwd()}/`, ''),
  );
  afterAll(() => recorder.flush());
}

import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Recorded } from './recorder';
import { describe, isServed, type IndexSpec } from './shapes';

/**
 * Collections whose every query may scan: each is tiny and fixed in size by the code or the
 * policy, never by how much the desk is used. Say why when adding one.
 */
export const SCAN_ALLOWED: Record<string, string> = {
  // agenda's own collection holds one document per periodic job (src/jobs, registered with
  // `every`; the helpdesk schedules no one-off jobs): about ten documents whatever the load.
  // agenda's lock query (`lockedAt: null` between `name` and `nextRunAt`) does not follow ESR
  // on agenda's index, and our stop() releases locks by `lastModifiedBy`.
  agenda_jobs: 'one document per periodic job',
};

export interface Uncovered {
  description: string;
  count: number;
  example: string;
  files: string[];
  callers: string[];
}

/** The recorded shapes that no declared index serves, on collections that are not allowed to scan. */
export function uncoveredShapes(dir: string): Uncovered[] {
  const indexes = new Map<string, IndexSpec[]>();
  const shapes: Extract<Recorded, { kind: 'shape' }>[] = [];
  for (const name of readdirSync(dir).filter((f) => f.endsWith('.jsonl'))) {
    for (const line of readFileSync(path.join(dir, name), 'utf8').split('\n')) {
      if (!line) continue;
      const r = JSON.parse(line) as Recorded;
      if (r.kind === 'index') indexes.set(r.collection, [...(indexes.get(r.collection) ?? []), r.index]);
      else shapes.push(r);
    }
  }
  const out = new Map<string, Uncovered>();
  for (const r of shapes) {
    if (r.shape.collection in SCAN_ALLOWED) continue;
    if (isServed(r.shape, indexes.get(r.shape.collection) ?? [])) continue;
    const description = describe(r.shape);
    const u = out.get(description) ?? { description, count: 0, example: r.example, files: [], callers: [] };
    u.count += r.count;
    if (!u.callers.includes(r.caller)) u.callers.push(r.caller);
    if (!u.files.includes(r.file)) u.files.push(r.file);
    out.set(description, u);
  }
  return [...out.values()].sort((a, b) => a.description.localeCompare(b.description));
}

export function report(uncovered: Uncovered[]): string {
  return [
    `Index guard: ${uncovered.length} query shape(s) that no declared index serves (a collection scan or an in-memory sort on MongoDB).`,
    'Declare an index in the model (ESR: equality fields, then sort, then range) or change the query:',
    ...uncovered.map(
      (u) =>
        `  - ${u.description}  [${u.count}x in ${u.files.slice(0, 3).join(', ')}${u.files.length > 3 ? ', …' : ''}]\n` +
        `      from ${u.callers.slice(0, 3).join(', ')}\n      e.g. ${u.example}`,
    ),
  ].join('\n');
}

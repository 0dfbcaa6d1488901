/**
 * Query shapes and the indexes that serve them: the index guard's rules (issue 17, point 3).
 *
 * A shape is what an index sees of a database command: the collection, the fields bound by
 * equality (`$in` counts as equality), the fields bound by a range or another operator, and the
 * sort. An index serves a shape by the ESR rule: its leading fields are exactly the equality
 * fields, followed by the sort fields (same or all-reversed directions); range fields follow in
 * the index or filter what it bounds (a range alone must lead the index). A lookup by `_id`, or
 * by every field of a unique index, is served whatever else it filters. `$or` is served when each
 * branch is, or when the rest of the filter is (the `$or` then filters what it bounds). On MongoDB
 * anything else is a collection scan or an in-memory sort, growing with the collection.
 */

export type Direction = 1 | -1;

export interface Branch {
  eq: string[];
  range: string[];
}

export interface Shape {
  collection: string;
  /** find, update, delete, findAndModify, count, distinct, aggregate, lookup. */
  op: string;
  eq: string[];
  range: string[];
  sort: [string, Direction][];
  /** `$or` branches (each combined with `eq`/`range` above). */
  or?: Branch[];
  /** A read of at most a few documents whatever the filter (`limit` without sort). */
  limited?: boolean;
  /** A stage or operator no index can serve ($expr, $where, a $lookup pipeline, a $group over everything). */
  unindexable?: string;
}

export interface IndexSpec {
  key: [string, Direction][];
  unique?: boolean;
}

type Doc = Record<string, unknown>;

const RANGE_OPERATORS = new Set([
  '$gt',
  '$gte',
  '$lt',
  '$lte',
  '$ne',
  '$nin',
  '$exists',
  '$regex',
  '$not',
  '$type',
  '$size',
  '$all',
  '$mod',
]);

function isPlainObject(value: unknown): value is Doc {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  if (value instanceof Date || value instanceof RegExp) return false;
  // BSON values (ObjectId, Decimal128, Binary...) carry a _bsontype.
  if ('_bsontype' in value) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

interface Parsed extends Branch {
  or?: Branch[];
  unindexable?: string;
}

function uniq(values: string[]): string[] {
  return [...new Set(values)].sort();
}

/** The fields a MongoDB filter binds, by kind. */
export function parseFilter(filter: unknown, prefix = ''): Parsed {
  const out: Parsed = { eq: [], range: [] };
  if (!isPlainObject(filter)) return out;
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) {
      for (const part of value) merge(out, parseFilter(part, prefix));
    } else if (key === '$or' && Array.isArray(value)) {
      const branches = value.map((part) => parseFilter(part, prefix));
      const nested = branches.find((b) => b.or || b.unindexable);
      if (nested) out.unindexable ??= nested.unindexable ?? 'nested $or';
      if (branches.length === 1) merge(out, branches[0]);
      else if (out.or) out.unindexable ??= 'two $or in one filter';
      else out.or = branches.map(({ eq, range }) => ({ eq, range }));
    } else if (key === '$nor' && Array.isArray(value)) {
      for (const part of value) {
        const p = parseFilter(part, prefix);
        out.range.push(...p.eq, ...p.range);
      }
    } else if (key === '$expr' || key === '$where' || key === '$text') {
      out.unindexable ??= key;
    } else if (key === '$comment') {
      continue;
    } else {
      const field = prefix + key;
      if (isPlainObject(value) && Object.keys(value).some((k) => k.startsWith('$'))) {
        for (const [op, arg] of Object.entries(value)) {
          if (op === '$eq' || op === '$in') out.eq.push(field);
          else if (op === '$elemMatch') {
            const inner = isPlainObject(arg) && Object.keys(arg).every((k) => !k.startsWith('$'));
            if (inner) merge(out, parseFilter(arg, `${field}.`));
            else out.range.push(field);
          } else if (RANGE_OPERATORS.has(op)) out.range.push(field);
          else if (op !== '$options') out.unindexable ??= `${field} ${op}`;
        }
      } else if (value instanceof RegExp || (value as { _bsontype?: string })?._bsontype === 'BSONRegExp') {
        out.range.push(field);
      } else out.eq.push(field);
    }
  }
  out.eq = uniq(out.eq);
  // A field bound by equality and also by a range is an equality for the index.
  out.range = uniq(out.range.filter((f) => !out.eq.includes(f)));
  return out;
}

function merge(into: Parsed, from: Parsed): void {
  into.eq.push(...from.eq);
  into.range.push(...from.range);
  if (from.or) {
    if (into.or) into.unindexable ??= 'two $or in one filter';
    else into.or = from.or;
  }
  if (from.unindexable) into.unindexable ??= from.unindexable;
}

function sortOf(sort: unknown): [string, Direction][] {
  // The driver sends a find's sort as a Map (key order matters).
  const entries = sort instanceof Map ? [...sort.entries()] : isPlainObject(sort) ? Object.entries(sort) : [];
  return entries.map(([f, d]) => [String(f), Number(d) < 0 || d === 'desc' || d === 'descending' ? -1 : 1]);
}

function shape(collection: string, op: string, filter: unknown, sort?: unknown, limited = false): Shape {
  const parsed = parseFilter(filter);
  const s: Shape = { collection, op, eq: parsed.eq, range: parsed.range, sort: sortOf(sort) };
  if (parsed.or) s.or = parsed.or;
  if (parsed.unindexable) s.unindexable = parsed.unindexable;
  if (limited && s.sort.length === 0) s.limited = true;
  return s;
}

/** The shapes one command sends (several for a bulk update or a pipeline with $lookup). */
export function shapesOf(commandName: string, command: Doc): Shape[] {
  const target = command[commandName];
  if (typeof target !== 'string') return [];
  switch (commandName) {
    case 'find':
      return [shape(target, 'find', command.filter, command.sort, Number(command.limit ?? 0) > 0)];
    case 'update':
      return ((command.updates as Doc[] | undefined) ?? []).map((u) =>
        shape(target, 'update', u.q, undefined, !u.multi),
      );
    case 'delete':
      return ((command.deletes as Doc[] | undefined) ?? []).map((d) =>
        shape(target, 'delete', d.q, undefined, Number(d.limit) === 1),
      );
    case 'findAndModify':
      return [shape(target, 'findAndModify', command.query, command.sort, true)];
    case 'count': {
      // A count without a filter is read from the collection's metadata.
      const query = command.query;
      if (!isPlainObject(query) || Object.keys(query).length === 0) return [];
      return [shape(target, 'count', query)];
    }
    case 'distinct': {
      // DISTINCT_SCAN walks an index that starts with the key, like a sort on it.
      const s = shape(target, 'distinct', command.query, { [String(command.key)]: 1 });
      return [s];
    }
    case 'aggregate':
      return shapesOfPipeline(target, (command.pipeline as Doc[] | undefined) ?? []);
    default:
      return [];
  }
}

function shapesOfPipeline(collection: string, pipeline: Doc[]): Shape[] {
  const out: Shape[] = [];
  const [first, second] = pipeline;
  if (first && '$match' in first) {
    const sort = second && '$sort' in second ? second.$sort : undefined;
    out.push(shape(collection, 'aggregate', first.$match, sort, Boolean(second && '$limit' in second)));
  } else if (first && '$sort' in first) {
    out.push(shape(collection, 'aggregate', {}, first.$sort));
  } else {
    const stage = first ? Object.keys(first)[0] : 'empty pipeline';
    out.push({ collection, op: 'aggregate', eq: [], range: [], sort: [], unindexable: `starts with ${stage}` });
  }
  for (const stage of pipeline) {
    const lookup = stage.$lookup as Doc | undefined;
    if (!lookup) continue;
    const from = String(lookup.from);
    if (typeof lookup.foreignField === 'string' && !lookup.pipeline)
      out.push(shape(from, 'lookup', { [lookup.foreignField]: 1 }));
    else out.push({ collection: from, op: 'lookup', eq: [], range: [], sort: [], unindexable: '$lookup pipeline' });
  }
  return out;
}

function servesBranch(index: IndexSpec, eq: string[], range: string[], sort: [string, Direction][]): boolean {
  const fields = index.key.map(([f]) => f);
  if (fields.length === 0) return false;
  if (eq.includes('_id')) return true;
  if (index.unique && fields.every((f) => eq.includes(f))) return true;
  // Equality fields first, all of them.
  const n = eq.length;
  if (n > 0 && !fields.slice(0, n).every((f) => eq.includes(f))) return false;
  if (fields.length < n) return false;
  const rest = index.key.slice(n);
  // Then the sort, ignoring sort fields already bound by equality.
  const wanted = sort.filter(([f]) => !eq.includes(f));
  if (wanted.length > 0) {
    if (rest.length < wanted.length) return false;
    const same = wanted.every(([f, d], i) => rest[i][0] === f && rest[i][1] === d);
    const reversed = wanted.every(([f, d], i) => rest[i][0] === f && rest[i][1] === -d);
    if (!same && !reversed) return false;
  }
  // Range fields outside the index are filtered from the documents it bounds; but when nothing
  // else bounds the scan (no equality, no sort), the index must start with one of them.
  if (n === 0 && wanted.length === 0) return range.includes(fields[0]);
  return true;
}

/** True when one of `indexes` serves `s` without a collection scan or an in-memory sort. */
export function isServed(s: Shape, indexes: IndexSpec[]): boolean {
  if (s.unindexable) return false;
  const all: IndexSpec[] = [{ key: [['_id', 1]], unique: true }, ...indexes];
  const servesAll = (eq: string[], range: string[]) => all.some((i) => servesBranch(i, eq, range, s.sort));
  if (s.or) {
    const branches = s.or.every((b) =>
      servesAll(
        uniq([...s.eq, ...b.eq]),
        uniq([...s.range, ...b.range]).filter((f) => !b.eq.includes(f)),
      ),
    );
    // Else the planner bounds the scan by the rest of the filter and applies the $or to what it reads.
    const rest = (s.eq.length > 0 || s.range.length > 0 || s.sort.length > 0) && servesAll(s.eq, s.range);
    return branches || rest;
  }
  if (s.eq.length === 0 && s.range.length === 0 && s.sort.length === 0) return Boolean(s.limited);
  return servesAll(s.eq, s.range);
}

/** One line a reader can match with the code: `tickets find eq(status) range(createdAt) sort(createdAt:-1)`. */
export function describe(s: Shape): string {
  const parts = [s.collection, s.op];
  if (s.eq.length) parts.push(`eq(${s.eq.join(',')})`);
  if (s.range.length) parts.push(`range(${s.range.join(',')})`);
  if (s.or) parts.push(`or[${s.or.map((b) => `eq(${b.eq.join(',')}) range(${b.range.join(',')})`).join(' | ')}]`);
  if (s.sort.length) parts.push(`sort(${s.sort.map(([f, d]) => `${f}:${d}`).join(',')})`);
  if (s.limited) parts.push('limit');
  if (s.unindexable) parts.push(`unindexable(${s.unindexable})`);
  return parts.join(' ');
}

/** Index declarations from a `createIndexes` command or a mongoose schema's `indexes()`. */
export function indexSpec(key: Doc | Map<string, unknown>, options: { unique?: unknown } = {}): IndexSpec | undefined {
  // The driver sends index keys as a Map (key order matters).
  const entries = key instanceof Map ? [...key.entries()] : Object.entries(key);
  if (entries.length === 0) return undefined;
  // Text, hashed and geo indexes do not serve the shapes above.
  if (entries.some(([, d]) => typeof d !== 'number')) return undefined;
  return { key: entries.map(([f, d]) => [f, Number(d) < 0 ? -1 : 1]), unique: Boolean(options.unique) };
}

import {
  describe as describeShape,
  isServed,
  parseFilter,
  shapesOf,
  type IndexSpec,
} from '../../support/queries/shapes';

const ticketsIndexes: IndexSpec[] = [
  { key: [['number', 1]], unique: true },
  {
    key: [
      ['requester.key', 1],
      ['status', 1],
      ['createdAt', -1],
    ],
  },
  {
    key: [
      ['status', 1],
      ['priority', 1],
    ],
  },
  { key: [['slaNextCheckAt', 1]] },
];

function find(filter: object, sort?: object, limit?: number) {
  return shapesOf('find', { find: 'tickets', filter, ...(sort ? { sort } : {}), ...(limit ? { limit } : {}) })[0];
}

describe('index guard: which declared index serves a query shape', () => {
  it('reads equality, $in, ranges and operators from a filter', () => {
    expect(parseFilter({ a: 1, b: { $in: [1, 2] }, c: { $gte: 3, $lt: 4 }, d: { $exists: false }, e: null })).toEqual({
      eq: ['a', 'b', 'e'],
      range: ['c', 'd'],
    });
    expect(parseFilter({ tickets: { $elemMatch: { number: 'INC-1' } } }).eq).toEqual(['tickets.number']);
    expect(parseFilter({ $and: [{ a: 1 }, { b: { $lt: 2 } }] })).toEqual({ eq: ['a'], range: ['b'] });
    expect(parseFilter({ $expr: { $gt: ['$a', '$b'] } }).unindexable).toBe('$expr');
    expect(parseFilter({ room: /^crisis:/ })).toEqual({ eq: [], range: ['room'] });
  });

  it('serves equality then sort then range (ESR), in either sort direction', () => {
    expect(isServed(find({ 'requester.key': 'p', status: { $in: ['new'] } }, { createdAt: -1 }), ticketsIndexes)).toBe(
      true,
    );
    expect(isServed(find({ 'requester.key': 'p', status: 'new' }, { createdAt: 1 }), ticketsIndexes)).toBe(true);
    expect(isServed(find({ slaNextCheckAt: { $lte: new Date() } }, { slaNextCheckAt: 1 }), ticketsIndexes)).toBe(true);
    expect(isServed(find({ status: 'new' }), ticketsIndexes)).toBe(true);
    // As the driver sends it: a Map.
    const mapped = find({ 'requester.key': 'p', status: 'new' }, new Map([['createdAt', -1]]));
    expect(mapped.sort).toEqual([['createdAt', -1]]);
    expect(isServed(mapped, ticketsIndexes)).toBe(true);
    // A range outside the index filters what the index bounds.
    expect(isServed(find({ status: 'new', title: { $ne: 'x' } }), ticketsIndexes)).toBe(true);
  });

  it('refuses a scan, an in-memory sort, an equality outside the index, a range alone that does not lead it, a skipped prefix', () => {
    expect(isServed(find({ title: 'x' }), ticketsIndexes)).toBe(false);
    expect(isServed(find({}), ticketsIndexes)).toBe(false);
    expect(isServed(find({ status: 'new' }, { createdAt: -1 }), ticketsIndexes)).toBe(false);
    expect(isServed(find({ status: 'new', type: 'incident' }), ticketsIndexes)).toBe(false);
    expect(isServed(find({ priority: 'P1' }), ticketsIndexes)).toBe(false);
    expect(isServed(find({ createdAt: { $gte: new Date() } }), ticketsIndexes)).toBe(false);
    expect(isServed(find({ 'requester.key': 'p' }, { createdAt: -1 }), ticketsIndexes)).toBe(false);
    expect(isServed(find({ 'requester.key': 'p', status: 'new' }, { createdAt: -1, number: 1 }), ticketsIndexes)).toBe(
      false,
    );
  });

  it('serves a lookup by _id or by a unique index whatever else it filters; a bounded read of an empty filter', () => {
    expect(isServed(find({ _id: 'x', title: 'y' }), [])).toBe(true);
    expect(isServed(find({ number: 'INC-1', rev: 3 }), ticketsIndexes)).toBe(true);
    expect(isServed(find({}, undefined, 1), [])).toBe(true);
  });

  it('serves $or only when every branch is served', () => {
    expect(isServed(find({ $or: [{ number: 'INC-1' }, { status: 'new' }] }), ticketsIndexes)).toBe(true);
    expect(isServed(find({ $or: [{ number: 'INC-1' }, { title: 'x' }] }), ticketsIndexes)).toBe(false);
    // Or the rest of the filter is, and the $or filters what it reads.
    expect(isServed(find({ status: 'new', $or: [{ title: 'x' }, { category: 'y' }] }), ticketsIndexes)).toBe(true);
    expect(isServed(find({ status: 'new', $or: [{ title: 'x' }] }, { title: 1 }), ticketsIndexes)).toBe(false);
  });

  it('reads every command that filters: updates, deletes, findAndModify, count, distinct, aggregate and $lookup', () => {
    const shapes = [
      ...shapesOf('update', {
        update: 'tickets',
        updates: [{ q: { number: 'a' } }, { q: { title: 'b' }, multi: true }],
      }),
      ...shapesOf('delete', { delete: 'claims', deletes: [{ q: { at: { $lt: 1 } }, limit: 0 }] }),
      ...shapesOf('findAndModify', { findAndModify: 'tickets', query: { status: 'new' }, sort: { createdAt: 1 } }),
      ...shapesOf('count', { count: 'tickets', query: {} }),
      ...shapesOf('distinct', { distinct: 'tickets', key: 'category', query: {} }),
      ...shapesOf('aggregate', {
        aggregate: 'tickets',
        pipeline: [
          { $match: { status: 'new' } },
          { $sort: { priority: 1 } },
          { $lookup: { from: 'people', localField: 'requester.key', foreignField: 'key', as: 'p' } },
        ],
      }),
      ...shapesOf('aggregate', { aggregate: 'tickets', pipeline: [{ $group: { _id: '$status' } }] }),
    ];
    expect(shapes.map(describeShape)).toEqual([
      'tickets update eq(number) limit',
      'tickets update eq(title)',
      'claims delete range(at)',
      'tickets findAndModify eq(status) sort(createdAt:1)',
      'tickets distinct sort(category:1)',
      'tickets aggregate eq(status) sort(priority:1)',
      'people lookup eq(key)',
      'tickets aggregate unindexable(starts with $group)',
    ]);
    const people: IndexSpec[] = [{ key: [['key', 1]], unique: true }];
    const served = shapes.map((s) => isServed(s, s.collection === 'people' ? people : ticketsIndexes));
    expect(served).toEqual([true, false, false, false, false, true, true, false]);
  });
});

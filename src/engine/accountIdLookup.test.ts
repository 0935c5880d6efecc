import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PackedIdIndex } from './accountIdLookup.ts';
import { accountIdIndex } from './ownership.ts';

function pack(ids: string[]): { text: string; offsets: Uint32Array } {
  const offsets = new Uint32Array(ids.length + 1);
  for (let i = 0; i < ids.length; i++) offsets[i + 1] = offsets[i] + ids[i].length;
  return { text: ids.join(''), offsets };
}

describe('PackedIdIndex', () => {
  it('finds each Id, first copy winning, and nothing else', () => {
    const { text, offsets } = pack(['001A', '001B', '', '001A', 'é-ü', '001']);
    const index = new PackedIdIndex(text, offsets);
    expect(index.get('001A')).toBe(0);
    expect(index.get('001B')).toBe(1);
    expect(index.get('')).toBe(2);
    expect(index.get('é-ü')).toBe(4);
    expect(index.get('001')).toBe(5);
    expect(index.get('001C')).toBeUndefined();
    expect(index.get('001A ')).toBeUndefined();
  });

  it('answers like a Map of the same Ids', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 4 }), { maxLength: 200 }),
        fc.array(fc.string({ maxLength: 4 })),
        (ids, probes) => {
          const { text, offsets } = pack(ids);
          const index = new PackedIdIndex(text, offsets);
          const map = accountIdIndex(ids.length, (a) => ids[a]);
          for (const id of [...ids, ...probes]) expect(index.get(id)).toBe(map.get(id));
        },
      ),
    );
  });
});

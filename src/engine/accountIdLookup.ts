import { fnv1a } from '../domain/hash.ts';

/** Account index by account Id: a Map fits, and so does the packed index below. */
export interface AccountIdLookup {
  get(id: string): number | undefined;
}

/**
 * Account index by account Id over Ids packed into one string: an open-addressing hash table in a
 * typed array, so a million Ids cost two arrays and no per-account string or Map entry for the
 * garbage collector to walk. The first copy of an Id wins.
 */
export class PackedIdIndex implements AccountIdLookup {
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(
    private readonly text: string,
    private readonly offsets: Uint32Array,
  ) {
    const count = offsets.length - 1;
    let size = 16;
    while (size < count * 2) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    for (let a = 0; a < count; a++) {
      const start = offsets[a];
      const end = offsets[a + 1];
      let slot = fnv1a(this.text, start, end) & this.mask;
      for (;;) {
        const held = this.slots[slot];
        if (held < 0) {
          this.slots[slot] = a;
          break;
        }
        if (this.sameText(held, start, end)) break;
        slot = (slot + 1) & this.mask;
      }
    }
  }

  get(id: string): number | undefined {
    for (let slot = fnv1a(id) & this.mask; ; slot = (slot + 1) & this.mask) {
      const held = this.slots[slot];
      if (held < 0) return undefined;
      const start = this.offsets[held];
      if (this.offsets[held + 1] - start !== id.length) continue;
      let equal = true;
      for (let i = 0; i < id.length && equal; i++) equal = this.text.charCodeAt(start + i) === id.charCodeAt(i);
      if (equal) return held;
    }
  }

  private sameText(account: number, start: number, end: number): boolean {
    const heldStart = this.offsets[account];
    if (this.offsets[account + 1] - heldStart !== end - start) return false;
    for (let i = 0; i < end - start; i++)
      if (this.text.charCodeAt(heldStart + i) !== this.text.charCodeAt(start + i)) return false;
    return true;
  }
}

/** Binary min-heap of unit ids keyed by a number, on typed arrays that grow as needed. */
export class UnitHeap {
  private keys = new Float64Array(256);
  private units = new Int32Array(256);
  size = 0;

  clear(): void {
    this.size = 0;
  }

  push(unit: number, key: number): void {
    if (this.size === this.keys.length) {
      const keys = new Float64Array(this.size * 2);
      keys.set(this.keys);
      this.keys = keys;
      const units = new Int32Array(this.size * 2);
      units.set(this.units);
      this.units = units;
    }
    let i = this.size++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (this.keys[parent] <= key) break;
      this.keys[i] = this.keys[parent];
      this.units[i] = this.units[parent];
      i = parent;
    }
    this.keys[i] = key;
    this.units[i] = unit;
  }

  /** Removes and returns the unit with the smallest key (ties: any). */
  pop(): number {
    const top = this.units[0];
    const last = --this.size;
    const key = this.keys[last];
    const unit = this.units[last];
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= last) break;
      if (child + 1 < last && this.keys[child + 1] < this.keys[child]) child++;
      if (this.keys[child] >= key) break;
      this.keys[i] = this.keys[child];
      this.units[i] = this.units[child];
      i = child;
    }
    this.keys[i] = key;
    this.units[i] = unit;
    return top;
  }
}

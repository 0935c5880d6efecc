/** A new unique id for plan objects ("t-lx2k9a-4f1c"): time-ordered, with a random tail against collisions. */
export function newId(prefix: string): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

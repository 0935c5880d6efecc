/**
 * A fresh id for something the planner creates (territory, rep, scenario, saved dataset): the prefix, the time in
 * base 36 and six random base-36 characters, e.g. "t-mb3x9k2a-4f0q1z". Ids sort by creation time within a prefix,
 * contain only [a-z0-9-] after the prefix (no "/", which the workspace database uses to name a dataset's parts) and
 * do not repeat within a millisecond in practice.
 */
export function newId(prefix: string, now: number = Date.now()): string {
  const random = crypto.getRandomValues(new Uint32Array(1))[0] % 36 ** 6;
  return `${prefix}-${now.toString(36)}-${random.toString(36).padStart(6, '0')}`;
}

import type { Territory } from '../domain/plan.ts';

/**
 * The one lock rule every command and the auto-balancer follow: a unit may not change territory when it
 * is locked itself or belongs to a locked territory (1 = immovable), and a locked territory takes no
 * unit either (see `canReceive`).
 */
export function immovableUnits(
  territories: readonly Pick<Territory, 'locked'>[],
  assignment: Int32Array,
  lockedUnits: Uint8Array | undefined,
): Uint8Array {
  const out = new Uint8Array(assignment.length);
  for (let u = 0; u < assignment.length; u++) {
    const t = assignment[u];
    if (lockedUnits?.[u] || (t >= 0 && territories[t]?.locked)) out[u] = 1;
  }
  return out;
}

/** Whether a territory may take units (-1, unassigning, always may): locked territories may not. */
export function canReceive(territories: readonly Pick<Territory, 'locked'>[], territory: number): boolean {
  return territory < 0 || !territories[territory]?.locked;
}

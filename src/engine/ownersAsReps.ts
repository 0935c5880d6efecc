import type { Rep } from '../domain/plan.ts';
import type { CodedColumn } from './ownership.ts';

/** An account owner of the data that is not a rep of the plan yet. */
export interface OwnerToAdd {
  name: string;
  email: string;
  crmUserId: string;
}

/** What "Add owners as reps" does: reps to add, and CRM user Ids to fill in for reps that lack one. */
export interface OwnersAsReps {
  add: OwnerToAdd[];
  /** Existing reps (by id) the data gives a CRM user Id they do not have yet. */
  fillIds: { repId: string; crmUserId: string }[];
}

const labelAt = (column: CodedColumn, a: number): string =>
  column.codes[a] >= 0 ? column.labels[column.codes[a]].trim() : '';

/**
 * The account owners of the data (owner name, email and CRM user Id columns) that are not reps yet, and the
 * reps the owner Id column gives a CRM user Id. Works with any one of the three columns: an export with only
 * OwnerId gives reps named after their Id. Reps match owners by email, name or CRM user Id, like the ladder.
 */
export function ownersAsReps(
  owners: { count: number; ownerName: CodedColumn; ownerEmail: CodedColumn; ownerId: CodedColumn },
  reps: readonly Pick<Rep, 'id' | 'name' | 'email' | 'crmUserId'>[],
): OwnersAsReps {
  const { count, ownerName, ownerEmail, ownerId } = owners;
  const repByKey = new Map<string, number>();
  reps.forEach((r, i) => {
    for (const key of [r.email, r.name, r.crmUserId ?? '']) {
      const k = key.trim().toLowerCase();
      if (k && !repByKey.has(k)) repByKey.set(k, i);
    }
  });
  // one visit per distinct (name, email, Id) code triple, not per account
  const nameCodes = ownerName.labels.length + 1;
  const emailCodes = ownerEmail.labels.length + 1;
  const seen = new Set<number>();
  const added = new Map<string, OwnerToAdd>();
  const fillIds = new Map<number, string>();
  for (let a = 0; a < count; a++) {
    const triple =
      (ownerId.codes[a] + 1) * nameCodes * emailCodes + (ownerEmail.codes[a] + 1) * nameCodes + ownerName.codes[a] + 1;
    if (seen.has(triple)) continue;
    seen.add(triple);
    const name = labelAt(ownerName, a);
    const email = labelAt(ownerEmail, a);
    const crmUserId = labelAt(ownerId, a);
    const keys = [email, name, crmUserId].map((k) => k.toLowerCase()).filter(Boolean);
    if (keys.length === 0) continue;
    const rep = keys.map((k) => repByKey.get(k)).find((r) => r !== undefined);
    if (rep !== undefined) {
      if (crmUserId && !reps[rep].crmUserId?.trim() && !fillIds.has(rep)) fillIds.set(rep, crmUserId);
      continue;
    }
    const key = keys.find((k) => added.has(k)) ?? keys[0];
    const known = added.get(key);
    if (known) {
      known.name ||= name;
      known.email ||= email;
      known.crmUserId ||= crmUserId;
      for (const k of keys) added.set(k, known);
    } else {
      const owner = { name, email, crmUserId };
      for (const k of keys) added.set(k, owner);
    }
  }
  const add = [...new Set(added.values())].map((o) => ({
    ...o,
    name: o.name || o.email || `Owner ${o.crmUserId}`,
  }));
  add.sort((x, y) => x.name.localeCompare(y.name));
  return {
    add,
    fillIds: [...fillIds].map(([r, crmUserId]) => ({ repId: reps[r].id, crmUserId })),
  };
}

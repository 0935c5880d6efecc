/** Accounts grouped by the unit they sit in (CSR), so a map view can list its accounts without scanning all. */
export interface AccountsByUnit {
  offsets: Int32Array;
  accounts: Int32Array;
}

/** Groups accounts by unit; unplaced accounts (-1) are left out. */
export function groupAccountsByUnit(unitOfAccount: Int32Array, unitCount: number): AccountsByUnit {
  const offsets = new Int32Array(unitCount + 1);
  for (const u of unitOfAccount) if (u >= 0) offsets[u + 1]++;
  for (let u = 0; u < unitCount; u++) offsets[u + 1] += offsets[u];
  const fill = offsets.slice(0, unitCount);
  const accounts = new Int32Array(offsets[unitCount]);
  for (let a = 0; a < unitOfAccount.length; a++) {
    const u = unitOfAccount[a];
    if (u >= 0) accounts[fill[u]++] = a;
  }
  return { offsets, accounts };
}

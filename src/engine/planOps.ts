import { newTerritoryColour, unusedColours } from '../domain/palette.ts';
import {
  type NamedAccount,
  type OwnershipSettings,
  type Rep,
  type Team,
  type TeamCondition,
  type Territory,
} from '../domain/plan.ts';
import { canReceive, immovableUnits } from './locks.ts';
import { applyDiff, removeTerritoryFromAssignment, type AssignmentDiff } from './paint.ts';

/** The plan's parts besides its unit layers: what an edit of names, reps or rules changes. */
export interface PlanParts {
  teams: Team[];
  reps: Rep[];
  namedAccounts: NamedAccount[];
  ownership: OwnershipSettings;
  rulesOfEngagement: string;
}

/** Every team's unit assignment (unit -> territory, -1 = none) and unit locks. */
export interface TeamLayers {
  assignments: Int32Array[];
  lockedUnits: Uint8Array[];
}

/** The editable plan: its parts and its unit layers. */
export interface PlanDocument extends PlanParts, TeamLayers {}

/** Units of one team whose lock switched to `locked` (each of them had the other state before). */
export interface LockChange {
  team: number;
  units: Int32Array;
  locked: boolean;
}

/**
 * One change of a plan, as a command computes it and the editor applies, records and undoes it.
 * `parts` holds the plan parts before and after; `diffs` move units; `locks` switch unit locks;
 * `layers` replaces every team's layers (teams added or removed).
 */
export interface PlanChange {
  parts?: { before: PlanParts; after: PlanParts };
  diffs: AssignmentDiff[];
  locks?: LockChange[];
  layers?: { before: TeamLayers; after: TeamLayers };
}

/** A diff from parallel lists of units and their territories before and after. */
function diffOf(team: number, units: number[], from: number[], to: number[]): AssignmentDiff {
  return { team, units: Int32Array.from(units), from: Int32Array.from(from), to: Int32Array.from(to) };
}

/** A copy of the plan parts that an edit may change freely. */
export function cloneParts(doc: PlanParts): PlanParts {
  const { teams, reps, namedAccounts, ownership, rulesOfEngagement } = doc;
  return structuredClone({ teams, reps, namedAccounts, ownership, rulesOfEngagement });
}

/** A copy of every team's layers. */
export function cloneLayers(doc: TeamLayers): TeamLayers {
  return {
    assignments: doc.assignments.map((a) => Int32Array.from(a)),
    lockedUnits: doc.lockedUnits.map((l) => Uint8Array.from(l)),
  };
}

/** The change that undoes `change`. */
export function invertChange(change: PlanChange): PlanChange {
  return {
    parts: change.parts && { before: change.parts.after, after: change.parts.before },
    diffs: [...change.diffs].reverse().map((d) => ({ team: d.team, units: d.units, from: d.to, to: d.from })),
    locks: change.locks && [...change.locks].reverse().map((l) => ({ ...l, locked: !l.locked })),
    layers: change.layers && { before: change.layers.after, after: change.layers.before },
  };
}

/**
 * Applies a change to a plan document: layers and assignments in place, and the parts it returns
 * (copies, so history entries are never aliased by the live plan).
 */
export function applyChange(doc: PlanDocument, change: PlanChange): PlanDocument {
  let next: PlanDocument = doc;
  if (change.layers) next = { ...next, ...cloneLayers(change.layers.after) };
  if (change.parts) next = { ...next, ...cloneParts(change.parts.after) };
  for (const diff of change.diffs) applyDiff(next.assignments[diff.team], diff, 'forward');
  for (const lock of change.locks ?? []) {
    const locks = next.lockedUnits[lock.team];
    for (const u of lock.units) locks[u] = lock.locked ? 1 : 0;
  }
  return next;
}

/** True when a change moves no unit, switches no lock and edits nothing. */
export function isEmptyChange(change: PlanChange): boolean {
  const partsChanged = change.parts && JSON.stringify(change.parts.before) !== JSON.stringify(change.parts.after);
  return (
    !partsChanged &&
    !change.layers &&
    change.diffs.every((d) => d.units.length === 0) &&
    (change.locks ?? []).every((l) => l.units.length === 0)
  );
}

/** A change of the plan parts made by `edit` on a copy, with optional unit moves. */
export function editParts(doc: PlanParts, edit: (parts: PlanParts) => void, diffs: AssignmentDiff[] = []): PlanChange {
  const before = cloneParts(doc);
  const after = cloneParts(doc);
  edit(after);
  return { parts: { before, after }, diffs };
}

/** A new territory of a team, vacant and unlocked. */
export function newTerritory(id: string, name: string, colour: string): Territory {
  return { id, name, colour, repId: null, vacantFrom: '', locked: false };
}

/** Adds an empty territory at the end of a team's list. */
export function addTerritoryChange(doc: PlanDocument, team: number, id: string): PlanChange {
  const territories = doc.teams[team].territories;
  const territory = newTerritory(id, `Territory ${territories.length + 1}`, newTerritoryColour(territories));
  return editParts(doc, (p) => p.teams[team].territories.push(territory));
}

/** Why territory `index` cannot be deleted or merged away: it holds locked areas (null when it does not). */
function lockedAreasMessage(doc: PlanDocument, team: number, index: number, verb: string): string | null {
  const locks = doc.lockedUnits[team];
  let held = 0;
  doc.assignments[team].forEach((t, u) => t === index && locks?.[u] && held++);
  if (held === 0) return null;
  const name = doc.teams[team].territories[index].name;
  return `${name} holds ${held} locked area${held === 1 ? '' : 's'}; unlock ${held === 1 ? 'it' : 'them'} to ${verb} ${name}.`;
}

/** Deletes a territory: its units become unassigned and later territories move up one index. Never a locked one. */
export function deleteTerritoryChange(doc: PlanDocument, team: number, index: number): PlanChange | string {
  const territory = doc.teams[team]?.territories[index];
  if (!territory) return 'No such territory.';
  if (territory.locked) return `${territory.name} is locked; unlock it to delete it.`;
  const held = lockedAreasMessage(doc, team, index, 'delete');
  if (held) return held;
  const diff = { ...removeTerritoryFromAssignment(doc.assignments[team], index), team };
  return editParts(doc, (p) => p.teams[team].territories.splice(index, 1), [diff]);
}

/**
 * Splits territory `index`: its units among `cut` go to a new territory at the end of the list.
 * Returns a message when the cut does not divide the territory in two. Locked territories and
 * locked units never change.
 */
export function splitTerritoryChange(
  doc: PlanDocument,
  team: number,
  index: number,
  cut: ArrayLike<number>,
  id: string,
): PlanChange | string {
  const territories = doc.teams[team]?.territories ?? [];
  const source = territories[index];
  if (!source) return 'Select the territory to split, then draw a line or shape across it.';
  if (source.locked) return `${source.name} is locked; unlock it to split it.`;
  const assignment = doc.assignments[team];
  const immovable = immovableUnits(territories, assignment, doc.lockedUnits[team]);
  const moved: number[] = [];
  for (let i = 0; i < cut.length; i++) if (assignment[cut[i]] === index && !immovable[cut[i]]) moved.push(cut[i]);
  let total = 0;
  for (let u = 0; u < assignment.length; u++) if (assignment[u] === index) total++;
  if (moved.length === 0 || moved.length === total) return `The line or shape must cut ${source.name} in two.`;
  const fresh = territories.length;
  const territory = newTerritory(id, `${source.name} (split)`, newTerritoryColour(territories));
  const diff: AssignmentDiff = {
    team,
    units: Int32Array.from(moved),
    from: new Int32Array(moved.length).fill(index),
    to: new Int32Array(moved.length).fill(fresh),
  };
  return editParts(doc, (p) => p.teams[team].territories.push(territory), [diff]);
}

/** Merges territory `from` into `into`: its units move, then it is deleted (later indices shift up). */
export function mergeTerritoriesChange(
  doc: PlanDocument,
  team: number,
  from: number,
  into: number,
): PlanChange | string {
  const territories = doc.teams[team]?.territories ?? [];
  if (from === into || !territories[from] || !territories[into]) return 'Choose two different territories to merge.';
  if (territories[from].locked || territories[into].locked) return 'Locked territories cannot be merged; unlock them.';
  const held = lockedAreasMessage(doc, team, from, 'merge');
  if (held) return held;
  const assignment = doc.assignments[team];
  const units: number[] = [];
  const fromValues: number[] = [];
  const toValues: number[] = [];
  for (let u = 0; u < assignment.length; u++) {
    const t = assignment[u];
    if (t === -1 || (t < from && t !== into)) continue;
    const target = t === from ? into : t;
    const shifted = target > from ? target - 1 : target;
    if (shifted === t) continue;
    units.push(u);
    fromValues.push(t);
    toValues.push(shifted);
  }
  const diff = diffOf(team, units, fromValues, toValues);
  return editParts(doc, (p) => p.teams[team].territories.splice(from, 1), [diff]);
}

/** Adds a team with one condition before the catch-all team, so its accounts leave that team. */
export function addTeamChange(
  doc: PlanDocument,
  name: string,
  condition: TeamCondition,
  id: string,
): { change: PlanChange; at: number } {
  const unitCount = doc.assignments[0]?.length ?? 0;
  const catchAll = doc.teams.findIndex((t) => t.conditions.length === 0);
  const at = catchAll >= 0 ? catchAll : doc.teams.length;
  const team: Team = { id, name, conditions: [condition], territories: [] };
  const before = cloneLayers(doc);
  const after: TeamLayers = {
    assignments: [
      ...before.assignments.slice(0, at),
      new Int32Array(unitCount).fill(-1),
      ...before.assignments.slice(at),
    ],
    lockedUnits: [...before.lockedUnits.slice(0, at), new Uint8Array(unitCount), ...before.lockedUnits.slice(at)],
  };
  const change = editParts(doc, (p) => p.teams.splice(at, 0, team));
  return { change: { ...change, layers: { before, after: cloneLayers(after) } }, at };
}

/** Deletes a team with its territories and layers (never the last team). */
export function deleteTeamChange(doc: PlanDocument, index: number): PlanChange | string {
  if (doc.teams.length <= 1) return 'A plan keeps at least one team.';
  if (!doc.teams[index]) return 'No such team.';
  const before = cloneLayers(doc);
  const after: TeamLayers = {
    assignments: before.assignments.filter((_, i) => i !== index).map((a) => Int32Array.from(a)),
    lockedUnits: before.lockedUnits.filter((_, i) => i !== index).map((l) => Uint8Array.from(l)),
  };
  const change = editParts(doc, (p) => p.teams.splice(index, 1));
  return { ...change, layers: { before, after } };
}

/** Locks or unlocks units of a team; only units whose lock really switches are in the change. */
export function unitLocksChange(doc: TeamLayers, team: number, units: ArrayLike<number>, locked: boolean): PlanChange {
  const locks = doc.lockedUnits[team];
  const changed = new Set<number>();
  if (locks) for (let i = 0; i < units.length; i++) if (locks[units[i]] !== (locked ? 1 : 0)) changed.add(units[i]);
  return { diffs: [], locks: [{ team, units: Int32Array.from(changed), locked }] };
}

/** Removes a rep; their territories become vacant. */
export function removeRepChange(doc: PlanParts, repId: string): PlanChange {
  return editParts(doc, (p) => {
    p.reps = p.reps.filter((r) => r.id !== repId);
    for (const team of p.teams) for (const t of team.territories) if (t.repId === repId) t.repId = null;
  });
}

/**
 * Activates a territory's planned growth cut: parts 1.. become vacant territories starting on the
 * hire date; units painted elsewhere since the cut was planned stay where they are.
 */
export function activateGrowthCutChange(
  doc: PlanDocument,
  team: number,
  index: number,
  ids: readonly string[],
): PlanChange | string {
  const territories = doc.teams[team]?.territories ?? [];
  const t = territories[index];
  const cut = t?.growthCut;
  if (!t || !cut) return 'That territory has no planned growth cut.';
  if (t.locked) return `${t.name} is locked; unlock it to activate its growth cut.`;
  const assignment = doc.assignments[team];
  const immovable = immovableUnits(territories, assignment, doc.lockedUnits[team]);
  const added: Territory[] = Array.from({ length: cut.parts - 1 }, (_, i) => ({
    ...newTerritory(ids[i] ?? `${t.id}-${i + 2}`, `${t.name} ${String.fromCharCode(66 + i)}`, ''),
    colour: newTerritoryColour(territories, i),
    vacantFrom: cut.hireDate,
  }));
  const units: number[] = [];
  const from: number[] = [];
  const to: number[] = [];
  cut.units.forEach((u, i) => {
    if (cut.part[i] === 0 || assignment[u] !== index || immovable[u]) return;
    units.push(u);
    from.push(index);
    to.push(territories.length + cut.part[i] - 1);
  });
  const diff = diffOf(team, units, from, to);
  return editParts(
    doc,
    (p) => {
      delete p.teams[team].territories[index].growthCut;
      p.teams[team].territories.push(...added);
    },
    [diff],
  );
}

/**
 * Applies an auto-balance proposal to a team: units move to their proposed territory (locked units
 * and units of locked territories never move) and territories the proposal adds are created.
 */
export function balanceProposalChange(
  doc: PlanDocument,
  team: number,
  proposal: Int32Array,
  territoryCount: number,
  ids: readonly string[],
): PlanChange {
  const territories = doc.teams[team].territories;
  const assignment = doc.assignments[team];
  const immovable = immovableUnits(territories, assignment, doc.lockedUnits[team]);
  const units: number[] = [];
  const from: number[] = [];
  const to: number[] = [];
  for (let u = 0; u < proposal.length; u++) {
    const now = assignment[u];
    if (proposal[u] === now || immovable[u] || !canReceive(territories, proposal[u])) continue;
    units.push(u);
    from.push(now);
    to.push(proposal[u]);
  }
  const added: Territory[] = [];
  for (let k = territories.length; k < territoryCount; k++) {
    const i = k - territories.length;
    const colour = newTerritoryColour(territories, i);
    added.push(newTerritory(ids[i] ?? `t-proposal-${k}`, `Territory ${k + 1}`, colour));
  }
  const diff = diffOf(team, units, from, to);
  return editParts(doc, (p) => p.teams[team].territories.push(...added), [diff]);
}

/** Colour of part `part` (1..) of a cut territory in the future view: palette colours no territory uses yet. */
export function futurePartColour(territories: readonly Territory[], part: number): string {
  const free = unusedColours(territories);
  return free[(part - 1) % Math.max(1, free.length)] ?? '#9ca3af';
}

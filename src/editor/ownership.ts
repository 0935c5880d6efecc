import { newId } from '../domain/ids.ts';
import type { NamedAccount, OwnershipRule, Rep } from '../domain/plan.ts';
import { isEngineError } from '../engine/engineErrors.ts';
import type { AccountOwnership } from '../engine/planEngine.ts';
import { ownersAsReps, type OwnersAsReps } from '../engine/ownersAsReps.ts';
import { useOwnership } from '../store/ownershipStore.ts';
import { usePlan } from '../store/planStore.ts';
import { useWorkspace } from '../store/workspaceStore.ts';
import { subscribe, type PlanCommit } from './editor.ts';
import { engineCall } from './engineLink.ts';
import { refreshReport } from './follow/engineFollower.ts';
import { editPlanParts } from './planCommands.ts';

const plan = () => usePlan.getState();
let syncTimer: ReturnType<typeof setTimeout> | null = null;
let syncing: Promise<void> = Promise.resolve();

/** Re-resolves ownership shortly after plan changes (strokes, edits, undo), coalescing bursts. */
function scheduleOwnershipSync(): void {
  if (syncTimer) clearTimeout(syncTimer);
  syncTimer = setTimeout(() => {
    syncTimer = null;
    syncing = syncOwnership();
  }, 120);
}

function follow(commit: PlanCommit): void {
  if (commit.kind === 'plan' || commit.kind === 'dataset') return scheduleOwnershipSync();
  if (commit.kind !== 'step' && commit.kind !== 'strokeEnd') return;
  const { change } = commit;
  if (change.parts || change.layers) scheduleOwnershipSync();
  else if (change.diffs.length > 0) ownershipFollowsMap();
}

/** Re-resolves ownership after plan changes: at once after edits, lazily after strokes (see below). */
export function followWithOwnership(): () => void {
  return subscribe(follow);
}

/** Strokes (and their undo/redo) so far: a summary asked for before the latest one is already stale. */
let mapEdits = 0;
let cardsTimer: ReturnType<typeof setTimeout> | null = null;

/**
 * After strokes only the map changed, which the engine already holds: it resolves again when asked,
 * so a million accounts are not resolved between two strokes. Open account cards ask again once the
 * painting pauses.
 */
function ownershipFollowsMap(): void {
  mapEdits++;
  useOwnership.getState().set({ summaryStale: true });
  if (useOwnership.getState().dialog === 'rules') scheduleOwnershipSync();
  if (cardsTimer) clearTimeout(cardsTimer);
  cardsTimer = setTimeout(() => {
    cardsTimer = null;
    useOwnership.getState().set({ revision: useOwnership.getState().revision + 1 });
  }, 300);
}

/** Opens the ownership rules dialog, with counts per rule that include the latest strokes. */
export function openRulesDialog(): void {
  useOwnership.getState().set({ dialog: 'rules' });
  if (useOwnership.getState().summaryStale) syncing = syncOwnership();
}

/** Sends the plan's ownership inputs to the engine now and stores the summary. */
export async function syncOwnership(): Promise<void> {
  const { teams, reps, namedAccounts, ownership } = plan();
  if (teams.length === 0 || !useWorkspace.getState().dataset) return;
  const mapEditsBefore = mapEdits;
  try {
    const summary = await engineCall('setOwnershipPlan', { teams, reps, namedAccounts, settings: ownership });
    const summaryStale = mapEdits !== mapEditsBefore; // a stroke ended while the engine resolved
    useOwnership.getState().set({ summary, summaryStale, revision: useOwnership.getState().revision + 1 });
    if (summaryStale && useOwnership.getState().dialog === 'rules') scheduleOwnershipSync();
    if (useOwnership.getState().bookView) await refreshReport();
  } catch (e) {
    // the engine has no data yet (first load still running); the next change resolves again
    if (!isEngineError(e)) throw e;
  }
}

/** Waits for the pending ownership resolution (tests, exports). */
export async function ownershipSettled(): Promise<void> {
  if (syncTimer) {
    clearTimeout(syncTimer);
    syncTimer = null;
    syncing = syncOwnership();
  }
  await syncing;
}

/** Switches the charts between map-only totals and what reps own after the ladder. */
export async function setBookView(on: boolean): Promise<void> {
  useOwnership.getState().set({ bookView: on });
  await engineCall('setBookView', on);
  await ownershipSettled();
  await refreshReport();
}

/** Switches one rule of the ladder on or off (one undo step). */
export function setRuleEnabled(rule: OwnershipRule, on: boolean): void {
  editPlanParts(`${on ? 'Use' : 'Skip'} rule ${rule}`, (edits) => (edits.ownership.enabled[rule] = on));
}

/** Moves a rule up (-1) or down (+1) the ladder (one undo step). */
export function moveRule(rule: OwnershipRule, delta: -1 | 1): void {
  const order = plan().ownership.order;
  const from = order.indexOf(rule);
  const to = from + delta;
  if (from < 0 || to < 0 || to >= order.length) return;
  editPlanParts(`Move rule ${rule}`, (edits) => {
    const next = edits.ownership.order;
    [next[from], next[to]] = [next[to], next[from]];
  });
}

/** Sets the recent-engagement window in days (one undo step). */
export function setEngagementWindow(days: number): void {
  if (!Number.isFinite(days) || days < 0 || days === plan().ownership.engagementWindowDays) return;
  editPlanParts(`Engagement window ${days} days`, (edits) => (edits.ownership.engagementWindowDays = Math.round(days)));
}

/** Sets the day the plan is evaluated on ('' = today). */
export function setEvaluationDay(isoDate: string): void {
  if (isoDate === plan().ownership.asOf) return;
  editPlanParts('Evaluation day', (edits) => (edits.ownership.asOf = isoDate));
}

/** Makes an account a named account of a rep, or removes the override (repId null). One undo step. */
export function setNamedAccount(accountId: string, repId: string | null, accountName = accountId): void {
  const rep = plan().reps.find((r) => r.id === repId);
  editPlanParts(rep ? `Name ${accountName} for ${rep.name}` : `Unname ${accountName}`, (edits) => {
    edits.namedAccounts = edits.namedAccounts.filter((n) => n.accountId !== accountId);
    if (rep) edits.namedAccounts.push({ accountId, repId: rep.id });
  });
}

/** Adds many named accounts at once (a named-accounts import), replacing earlier overrides of the same accounts. */
export function addNamedAccounts(entries: NamedAccount[], label: string): void {
  if (entries.length === 0) return;
  const ids = new Set(entries.map((e) => e.accountId));
  editPlanParts(label, (edits) => {
    edits.namedAccounts = [...edits.namedAccounts.filter((n) => !ids.has(n.accountId)), ...entries];
  });
}

/** Routes a team by the map or as a round-robin pool of the given reps (one undo step). */
export function setTeamRouting(team: number, routing: 'territory' | 'roundRobin', poolRepIds: string[]): void {
  const name = plan().teams[team]?.name ?? '';
  editPlanParts(`Routing of ${name}`, (edits) => {
    const t = edits.teams[team];
    if (!t) return;
    t.routing = routing;
    t.poolRepIds = poolRepIds;
  });
}

/** Marks a rep (un)available for round-robin pools (one undo step). */
export function setRepAvailability(repId: string, available: boolean): void {
  editPlanParts(`${available ? 'Available' : 'Unavailable'}: rep`, (edits) => {
    const rep = edits.reps.find((r: Rep) => r.id === repId);
    if (rep) rep.unavailable = !available;
  });
}

/** Owner, reason and territory of some accounts, from the engine's latest resolution. */
export async function ownershipOfAccounts(accounts: number[]): Promise<AccountOwnership[]> {
  await ownershipSettled();
  return engineCall('ownershipOf', Int32Array.from(accounts));
}

/** What "Add owners as reps" would do with the loaded data: owners to add and CRM user Ids to fill in. */
export function ownersNotInPlan(): OwnersAsReps {
  const ds = useWorkspace.getState().dataset;
  if (!ds) return { add: [], fillIds: [] };
  return ownersAsReps({ count: ds.table.count, ...ds.table.categories }, plan().reps);
}

/**
 * Adds every account owner of the data as a rep, with the CRM user Id from the owner Id column, and fills in the
 * Id of existing reps that lack one (one undo step), so ownership rules and the Data Loader export can name them.
 * Returns how many reps were added.
 */
export function addRepsFromOwners(): number {
  const { add, fillIds } = ownersNotInPlan();
  if (add.length === 0 && fillIds.length === 0) return 0;
  const stamp = newId('rep');
  const label =
    add.length > 0 ? `Add ${add.length} reps from account owners` : `CRM user Ids of ${fillIds.length} reps`;
  editPlanParts(label, (edits) => {
    add.forEach((o, i) =>
      edits.reps.push({
        id: `${stamp}-${i}`,
        name: o.name,
        email: o.email,
        crmUserId: o.crmUserId || undefined,
        capacityAccounts: 0,
        capacityValue: 0,
        homeZip: '',
      }),
    );
    for (const { repId, crmUserId } of fillIds) {
      const rep = edits.reps.find((r) => r.id === repId);
      if (rep) rep.crmUserId = crmUserId;
    }
  });
  return add.length;
}

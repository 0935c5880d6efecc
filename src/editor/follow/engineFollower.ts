import type { PlanChange, PlanParts } from '../../engine/planOps.ts';
import type { TeamReport, TeamTotals } from '../../engine/planEngine.ts';
import { engineAccountsOf, engineGeographyOf, ownershipColumnsOf } from '../../io/engineInput.ts';
import { usePlan } from '../../store/planStore.ts';
import { useWorkspace } from '../../store/workspaceStore.ts';
import { subscribe, type PlanCommit } from '../editor.ts';
import { engineCall } from '../engineLink.ts';

const plan = () => usePlan.getState();

/** Hooks for the paint latency marks (benchmarks); no-ops by default. */
export interface TotalsHooks {
  totalsArrived?: () => void;
}

let geographySent = false;
let accountsLoaded = false;
let hooks: TotalsHooks = {};

/** An engine call that failed: the next commit sends the plan again, so it is reported, not thrown. */
function warn(e: unknown): void {
  console.warn('Engine follower:', e);
}

/** Sequence numbers of the engine's answers: an answer to an older question never replaces a newer one. */
let asked = 0;
let shown = 0;

/** Shows live totals from the engine when no newer answer was shown. */
function showTotals(answer: Promise<TeamTotals>): void {
  const n = ++asked;
  answer
    .then((totals) => {
      hooks.totalsArrived?.();
      if (n < shown || totals.team !== plan().activeTeam) return;
      shown = n;
      plan().set({ totals });
    })
    .catch(warn);
}

/** Shows a full report from the engine when no newer answer was shown. */
async function showReport(answer: Promise<TeamReport>): Promise<void> {
  const n = ++asked;
  const report = await answer;
  if (n < shown || report.team !== plan().activeTeam) return;
  shown = n;
  plan().set({ report, totals: report });
}

/** The team filters differ (teams added, removed, reordered or refiltered): accounts must be re-split. */
function teamsResplit(before: PlanParts, after: PlanParts): boolean {
  const filters = (p: PlanParts) => JSON.stringify(p.teams.map((t) => [t.id, t.conditions]));
  return filters(before) !== filters(after);
}

function territoryCountsDiffer(before: PlanParts, after: PlanParts): boolean {
  const counts = (p: PlanParts) => p.teams.map((t) => t.territories.length).join();
  return counts(before) !== counts(after);
}

/** Sends every team's assignment to the engine and shows the active team's report. */
async function sendAssignments(): Promise<void> {
  const { teams, assignments, activeTeam } = plan();
  const reports = teams.map((t, i) => engineCall('setAssignment', i, assignments[i], t.territories.length));
  if (activeTeam < reports.length) await showReport(reports[activeTeam]);
  await Promise.all(reports);
}

/** Sends the team filters and every assignment (the accounts are re-split into teams). */
async function sendTeams(): Promise<void> {
  await engineCall(
    'setTeams',
    plan().teams.map((t) => t.conditions),
    plan().tolerance,
  );
  await sendAssignments();
}

/** Sends the geography (once) and the accounts, then the whole plan. */
async function sendDataset(): Promise<void> {
  const ws = useWorkspace.getState();
  if (!ws.assets || !ws.dataset) return;
  if (!geographySent) {
    geographySent = true;
    engineCall('setGeography', engineGeographyOf(ws.assets.geo, ws.assets.borderLengths ?? null)).catch(warn);
  }
  // the worker answers in order: the teams sent next are split over these accounts
  engineCall('loadAccounts', engineAccountsOf(ws.dataset.table)).catch(warn);
  engineCall('loadOwnershipColumns', ownershipColumnsOf(ws.dataset.table)).catch(warn);
  accountsLoaded = true;
  await sendTeams();
}

async function followStep(change: PlanChange): Promise<void> {
  const parts = change.parts;
  if (change.layers || (parts && teamsResplit(parts.before, parts.after))) return sendTeams();
  if (parts && territoryCountsDiffer(parts.before, parts.after)) return sendAssignments();
  if (change.diffs.length === 0) return;
  for (const diff of change.diffs) engineCall('applyDiff', diff.team, diff.units, diff.to).catch(warn);
  await showReport(engineCall('endStroke', change.diffs[change.diffs.length - 1].team));
}

async function follow(commit: PlanCommit): Promise<void> {
  if (commit.kind === 'dataset') return sendDataset();
  if (!accountsLoaded) return; // the engine starts with the first dataset and then gets the whole plan
  switch (commit.kind) {
    case 'stroke': {
      // one paint step: the engine first, so it counts while the map recolours
      for (const diff of commit.change.diffs) {
        const to = diff.to;
        const single = to.every((k) => k === to[0]);
        showTotals(
          single
            ? engineCall('applyMoves', diff.team, diff.units, to[0] ?? -1)
            : engineCall('applyDiff', diff.team, diff.units, to),
        );
      }
      return;
    }
    case 'strokeEnd':
      if (commit.change.diffs.length > 0) await showReport(engineCall('endStroke', commit.change.diffs[0].team));
      return;
    case 'step':
      return followStep(commit.change);
    case 'plan':
      return sendTeams();
    case 'settings':
      await engineCall('setTolerance', plan().tolerance);
      await showReport(engineCall('report', plan().activeTeam));
      return;
  }
}

/**
 * Keeps the engine in step with the plan: paint steps move units incrementally, stroke ends and
 * undo steps recompute, team changes re-split the accounts, a new plan or dataset is sent whole.
 */
export function followWithEngine(totalsHooks: TotalsHooks = {}): () => void {
  hooks = totalsHooks;
  return subscribe((commit) => {
    follow(commit).catch(warn);
  });
}

/** Asks the engine for the active team's report again (team switch, view or ownership change). */
export async function refreshReport(): Promise<void> {
  if (!accountsLoaded) return;
  try {
    await showReport(engineCall('report', plan().activeTeam));
  } catch {
    // a team the engine gets in the same breath (added just now): its report follows with the team
  }
}

/** Forgets what was sent (tests start from a fresh engine). */
export function resetEngineFollower(): void {
  geographySent = false;
  accountsLoaded = false;
}

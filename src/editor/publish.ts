import { buildCandidateData, buildPublishedData } from '../io/publishData.ts';
import type { PublishOptions } from '../io/publishFormat.ts';
import { composePublishedHtml } from '../viewer/composeHtml.ts';
import { downloadHtml, fetchPublishGeography, fetchViewerBundle, publishedFileName } from '../viewer/publishClient.ts';
import { usePlan } from '../store/planStore.ts';
import { useWorkspace } from '../store/workspaceStore.ts';
import { formatCount } from '../domain/format.ts';
import { ownershipSettled } from './ownership.ts';
import { currentPlan } from './editor.ts';
import { engineCall } from './engineLink.ts';
import { editPlanParts } from './planCommands.ts';

async function publishInput() {
  const { assets, dataset } = useWorkspace.getState();
  if (!assets) throw new Error('The map is still loading.');
  await ownershipSettled();
  const [geography, ownership] = await Promise.all([
    fetchPublishGeography(assets.geo),
    dataset ? engineCall('ownershipColumns') : Promise.resolve(null),
  ]);
  const plan = currentPlan();
  return { plan, geography, accounts: dataset?.table ?? null, ownership, planName: plan.name };
}

/** Publishes the plan as one self-contained HTML territory map (offline, no network) and downloads it. */
export async function publishTerritoryMap(options: PublishOptions): Promise<string> {
  const [viewer, input] = await Promise.all([fetchViewerBundle(), publishInput()]);
  const data = buildPublishedData(input, options);
  const html = composePublishedHtml(viewer.js, viewer.css, data, input.plan.name);
  downloadHtml(html, publishedFileName(input.plan.name, 'territory-map'));
  const territories = input.plan.teams.reduce((n, t) => n + t.territories.length, 0);
  return `${formatCount(territories)} territories, ${(html.length / 1e6).toFixed(1)} MB.`;
}

/** Publishes the recruiters' view of one territory: map, definition and aggregate figures only. */
export async function publishCandidateView(territoryId: string): Promise<string> {
  const [viewer, input] = await Promise.all([fetchViewerBundle(), publishInput()]);
  const data = buildCandidateData(input, territoryId);
  const territory = input.plan.teams.flatMap((t) => t.territories).find((t) => t.id === territoryId);
  const html = composePublishedHtml(viewer.js, viewer.css, data, territory?.name ?? 'Territory');
  downloadHtml(html, publishedFileName(input.plan.name, 'candidate', territory?.name ?? ''));
  return `${(html.length / 1e6).toFixed(1)} MB, no account names, Ids or values.`;
}

/** Sets the rules of engagement shown in the published map (one undo step). */
export function setRulesOfEngagement(text: string): void {
  if (text === usePlan.getState().rulesOfEngagement) return;
  editPlanParts('Rules of engagement', (edits) => (edits.rulesOfEngagement = text));
}

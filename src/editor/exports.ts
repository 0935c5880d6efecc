import type { Topology } from 'topojson-specification';
import { territoryBoundariesGeoJson } from '../geo/territoryBoundaries.ts';
import { assignmentsCsv, type AssignmentLayout, type AssignmentsCsv } from '../io/assignmentExport.ts';
import { territoryDefinitions, territoryDefinitionsCsv, territoryDefinitionsJson } from '../io/territoryExport.ts';
import { currentMap } from '../map/mapRegistry.ts';
import { usePlan } from '../store/planStore.ts';
import { useWorkspace } from '../store/workspaceStore.ts';
import { downloadText } from './download.ts';
import { formatCount } from '../domain/format.ts';
import { ownershipSettled } from './ownership.ts';
import { currentPlan } from './editor.ts';
import { engineCall } from './engineLink.ts';
import { fileStem } from './planFile.ts';

const stem = (): string => fileStem(usePlan.getState().planName);

/** What an assignments export in a CRM layout would write and leave out, before anything is downloaded. */
export async function assignmentsPreflight(layout: AssignmentLayout): Promise<AssignmentsCsv | null> {
  const dataset = useWorkspace.getState().dataset;
  if (!dataset) return null;
  await ownershipSettled();
  const result = await engineCall('ownershipColumns');
  return assignmentsCsv(result, dataset.table, currentPlan(), layout, false);
}

/** The sentence on what an assignments export leaves out, '' when it writes every account. */
export function leftOutSentence(out: AssignmentsCsv, layout: AssignmentLayout): string {
  const left: string[] = [];
  if (out.withoutOwner) left.push(`${formatCount(out.withoutOwner)} without a rep (vacant or unroutable)`);
  if (out.withoutOwnerKey)
    left.push(
      `${formatCount(out.withoutOwnerKey)} whose rep has no ${layout === 'salesforce' ? 'CRM user Id' : 'email'} (${out.repsWithoutKey.slice(0, 5).join(', ')}${out.repsWithoutKey.length > 5 ? '…' : ''})`,
    );
  return left.length ? `left out: ${left.join('; ')}` : '';
}

/**
 * Downloads every account's planned owner in a CRM layout; returns a sentence on what was left out. Writes no
 * file when no account could be written (a header-only file would load nothing) and says why instead.
 */
export async function downloadAssignments(layout: AssignmentLayout): Promise<string> {
  const dataset = useWorkspace.getState().dataset;
  if (!dataset) return 'No accounts loaded.';
  await ownershipSettled();
  const result = await engineCall('ownershipColumns');
  const out = assignmentsCsv(result, dataset.table, currentPlan(), layout);
  const left = leftOutSentence(out, layout);
  if (out.rows === 0) return `nothing downloaded: no account could be written; ${left || 'there are no accounts'}.`;
  // Data Loader rejects a byte-order mark; HubSpot and Excel read it
  downloadText(`${stem()}-assignments-${layout}.csv`, out.csv, undefined, layout !== 'salesforce');
  return `${formatCount(out.rows)} accounts written${left ? `; ${left}` : ''}.`;
}

/** Downloads the territory definitions (ZIP lists chunked to the CRM's rule size) as CSV or JSON. */
export function downloadDefinitions(format: 'csv' | 'json', ruleSize: number): void {
  const assets = useWorkspace.getState().assets;
  if (!assets) return;
  const plan = currentPlan();
  const records = territoryDefinitions(plan, assets.geo, { ruleSize });
  if (format === 'csv') downloadText(`${stem()}-territories.csv`, territoryDefinitionsCsv(records));
  else
    downloadText(
      `${stem()}-territories.json`,
      territoryDefinitionsJson(records, { planName: plan.name, savedAt: new Date().toISOString() }),
      'application/json',
    );
}

async function topology(name: string): Promise<Topology> {
  const response = await fetch(`${import.meta.env.BASE_URL}geo/${name}`);
  if (!response.ok) throw new Error(`Could not load ${name} (HTTP ${response.status}).`);
  return (await response.json()) as Topology;
}

/** Downloads the active team's dissolved territory boundaries as RFC 7946 GeoJSON. */
export async function downloadBoundaries(): Promise<string> {
  const { teams, activeTeam, assignments, reps } = usePlan.getState();
  const team = teams[activeTeam];
  if (!team) return 'No team.';
  const [zips, countries] = await Promise.all([topology('zip-areas.topo.json'), topology('countries.topo.json')]);
  const features = territoryBoundariesGeoJson(
    zips,
    assignments[activeTeam],
    team.territories.map((t) => ({
      id: t.id,
      name: t.name,
      properties: { team: team.name, colour: t.colour, owner: reps.find((r) => r.id === t.repId)?.name ?? 'Vacant' },
    })),
    { countries },
  );
  downloadText(`${stem()}-${fileStem(team.name)}-boundaries.geojson`, JSON.stringify(features), 'application/geo+json');
  return `${formatCount(features.features.length)} territories written.`;
}

/** Downloads a PNG of the map as shown, with a legend of the active team's territories. */
export async function downloadMapPng(): Promise<void> {
  const map = currentMap();
  if (!map) return;
  // the drawing buffer is only readable in the frame that drew it
  const mapImage = await new Promise<HTMLCanvasElement>((resolve) => {
    map.map.once('render', () => {
      const source = map.map.getCanvas();
      const copy = document.createElement('canvas');
      copy.width = source.width;
      copy.height = source.height;
      copy.getContext('2d')?.drawImage(source, 0, 0);
      resolve(copy);
    });
    map.map.triggerRepaint();
  });
  const { teams, activeTeam, reps, totals, planName } = usePlan.getState();
  const territories = teams[activeTeam]?.territories ?? [];
  const scale = mapImage.width / map.map.getCanvas().clientWidth || 1;
  const row = 22 * scale;
  const legendWidth = 300 * scale;
  const out = document.createElement('canvas');
  out.width = mapImage.width + legendWidth;
  out.height = Math.max(mapImage.height, (territories.length + 3) * row);
  const g = out.getContext('2d');
  if (!g) return;
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, out.width, out.height);
  g.drawImage(mapImage, 0, 0);
  const x = mapImage.width + 16 * scale;
  g.fillStyle = '#111827';
  g.font = `600 ${15 * scale}px system-ui, sans-serif`;
  g.fillText(`${planName} · ${teams[activeTeam]?.name ?? ''}`, x, row);
  g.font = `${12 * scale}px system-ui, sans-serif`;
  const columns = totals?.columnNames.length ?? 0;
  territories.forEach((t, k) => {
    const y = row * (k + 2);
    g.fillStyle = t.colour;
    g.fillRect(x, y - 11 * scale, 14 * scale, 14 * scale);
    g.fillStyle = '#111827';
    const rep = reps.find((r) => r.id === t.repId)?.name ?? 'Vacant';
    const accounts =
      totals && k < totals.territoryCount ? ` · ${formatCount(totals.totals[k * columns])} accounts` : '';
    g.fillText(`${t.name} — ${rep}${accounts}`, x + 20 * scale, y);
  });
  const blob = await new Promise<Blob | null>((resolve) => out.toBlob(resolve, 'image/png'));
  if (!blob) return;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `${stem()}-map.png`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

import type { Topology } from 'topojson-specification';
import { territoryBoundariesGeoJson } from '../geo/territoryBoundaries.ts';
import { assignmentsCsv, type AssignmentLayout, type AssignmentsCsv } from '../io/assignmentExport.ts';
import { territoryDefinitions, territoryDefinitionsCsv, territoryDefinitionsJson } from '../io/territoryExport.ts';
import { assignedBounds } from '../geo/planExtent.ts';
import { currentMap } from '../map/mapRegistry.ts';
import { territoryLabelPoints } from '../map/territoryLabels.ts';
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
  // a territory without any area has no outline: say which, so none goes missing unnoticed
  const written = new Set(features.features.map((f) => f.properties.id));
  const without = team.territories.filter((t) => !written.has(t.id)).map((t) => t.name);
  const left = without.length ? `; left out (no areas on the map): ${without.join(', ')}` : '';
  return `${formatCount(features.features.length)} territories written${left}.`;
}

/**
 * What the map picture shows: the plan's US areas (all its areas when it has none there), everything in the plan
 * with its countries abroad, or the map as it is on screen.
 */
export type PictureExtent = 'plan' | 'world' | 'view';

/** The extents as the export dialog offers them. */
export const PICTURE_EXTENT_WORDS: Record<PictureExtent, string> = {
  plan: 'the whole plan in the US',
  world: 'the whole plan, countries abroad too',
  view: 'the map as shown now',
};

/** Device pixels per CSS pixel of the picture: sharp on print and on high-density screens. */
export const PICTURE_PIXEL_RATIO = 2;

/**
 * Renders the map at PICTURE_PIXEL_RATIO, framed on the whole plan or left as shown, and copies the frame (the
 * drawing buffer is only readable in the frame that drew it). The camera and pixel ratio are put back after.
 */
async function renderMapFrame(
  extent: PictureExtent,
  assignment: Int32Array | undefined,
  labelPoints: readonly ([number, number] | null)[],
): Promise<{ image: HTMLCanvasElement; labels: ([number, number] | null)[] } | null> {
  const map = currentMap();
  if (!map) return null;
  const m = map.map;
  const camera = { center: m.getCenter(), zoom: m.getZoom(), bearing: m.getBearing(), pitch: m.getPitch() };
  const ratio = m.getPixelRatio();
  const worldCopies = m.getRenderWorldCopies();
  try {
    m.setPixelRatio(PICTURE_PIXEL_RATIO);
    const geo = useWorkspace.getState().assets?.geo;
    const bounds = !geo
      ? null
      : extent === 'plan'
        ? (assignedBounds(geo, assignment, geo.zipUnitCount) ?? assignedBounds(geo, assignment))
        : extent === 'world'
          ? assignedBounds(geo, assignment)
          : null;
    // world copies let a box across the antimeridian (the Aleutians) show whole
    m.setRenderWorldCopies(true);
    if (bounds) m.fitBounds(bounds, { padding: 32, animate: false });
    // idle after this repaint: the tiles of the new frame and pixel ratio are drawn
    await new Promise<void>((resolve) => {
      m.once('idle', () => resolve());
      m.triggerRepaint();
    });
    const image = await new Promise<HTMLCanvasElement>((resolve) => {
      m.once('render', () => {
        const source = m.getCanvas();
        const copy = document.createElement('canvas');
        copy.width = source.width;
        copy.height = source.height;
        copy.getContext('2d')?.drawImage(source, 0, 0);
        resolve(copy);
      });
      m.triggerRepaint();
    });
    // label positions in picture pixels, taken before the camera goes back
    const scale = image.width / (m.getCanvas().clientWidth || image.width);
    const labels = labelPoints.map((p): [number, number] | null => {
      if (!p) return null;
      const at = m.project(p);
      return [at.x * scale, at.y * scale];
    });
    return { image, labels };
  } finally {
    m.setRenderWorldCopies(worldCopies);
    m.setPixelRatio(ratio);
    m.jumpTo(camera);
  }
}

/**
 * Downloads a PNG of the active team's map at twice the screen resolution, framed on the whole plan (or the view
 * as shown), with every territory's name on the map and a legend sized to its longest line.
 */
export async function downloadMapPng(extent: PictureExtent = 'plan'): Promise<string> {
  const { teams, activeTeam, reps, totals, planName, assignments } = usePlan.getState();
  const assignment = assignments[activeTeam];
  const territories = teams[activeTeam]?.territories ?? [];
  const geo = useWorkspace.getState().assets?.geo;
  const labelPoints = geo && assignment ? territoryLabelPoints(geo, assignment, territories.length) : [];
  const frame = await renderMapFrame(extent, assignment, labelPoints);
  if (!frame) return 'The map is not ready.';
  const { image: mapImage, labels: onMap } = frame;

  const scale = PICTURE_PIXEL_RATIO;
  const row = 22 * scale;
  const pad = 16 * scale;
  const columns = totals?.columnNames.length ?? 0;
  const title = `${planName} · ${teams[activeTeam]?.name ?? ''}`;
  const lines = territories.map((t, k) => {
    const rep = reps.find((r) => r.id === t.repId)?.name ?? 'Vacant';
    const accounts =
      totals && k < totals.territoryCount ? ` · ${formatCount(totals.totals[k * columns])} accounts` : '';
    return `${t.name} — ${rep}${accounts}`;
  });
  const titleFont = `600 ${15 * scale}px system-ui, sans-serif`;
  const lineFont = `${12 * scale}px system-ui, sans-serif`;
  const measure = document.createElement('canvas').getContext('2d');
  if (!measure) return 'The browser cannot draw the picture.';
  measure.font = titleFont;
  let legendWidth = measure.measureText(title).width;
  measure.font = lineFont;
  for (const line of lines) legendWidth = Math.max(legendWidth, measure.measureText(line).width + 20 * scale);
  legendWidth = Math.ceil(legendWidth + 2 * pad);

  const out = document.createElement('canvas');
  out.width = mapImage.width + legendWidth;
  out.height = Math.max(mapImage.height, Math.ceil((territories.length + 2) * row + pad));
  const g = out.getContext('2d');
  if (!g) return 'The browser cannot draw the picture.';
  g.fillStyle = '#ffffff';
  g.fillRect(0, 0, out.width, out.height);
  g.drawImage(mapImage, 0, 0);

  // territory names on the map, with a white halo so they read on any fill
  g.font = `600 ${12 * scale}px system-ui, sans-serif`;
  g.textAlign = 'center';
  g.textBaseline = 'middle';
  g.lineJoin = 'round';
  g.lineWidth = 4 * scale;
  territories.forEach((t, k) => {
    const p = onMap[k];
    if (!p || p[0] < 0 || p[1] < 0 || p[0] > mapImage.width || p[1] > mapImage.height) return;
    g.strokeStyle = 'rgba(255,255,255,0.9)';
    g.strokeText(t.name, p[0], p[1]);
    g.fillStyle = '#111827';
    g.fillText(t.name, p[0], p[1]);
  });

  g.textAlign = 'start';
  g.textBaseline = 'alphabetic';
  const x = mapImage.width + pad;
  g.fillStyle = '#111827';
  g.font = titleFont;
  g.fillText(title, x, row);
  g.font = lineFont;
  territories.forEach((t, k) => {
    const y = row * (k + 2);
    g.fillStyle = t.colour;
    g.fillRect(x, y - 11 * scale, 14 * scale, 14 * scale);
    g.fillStyle = '#111827';
    g.fillText(lines[k], x + 20 * scale, y);
  });
  const blob = await new Promise<Blob | null>((resolve) => out.toBlob(resolve, 'image/png'));
  if (!blob) return 'The browser could not encode the picture.';
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = `${stem()}-map.png`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return `${out.width} × ${out.height} pixels, ${PICTURE_EXTENT_WORDS[extent]}.`;
}

import { useEffect, useRef, useState } from 'react';
import { useWorkspace } from '../store/workspaceStore.ts';
import { ACCOUNT_POINTS_ZOOM, TesseraMap, type MapViewport } from '../map/tesseraMap.ts';
import {
  categoryColours,
  unitCountPoints,
  unitValuePoints,
  valueChoropleth,
  visibleAccountPoints,
} from '../map/accountLayers.ts';
import { accountPosition, type AccountPositions } from '../geo/accountPositions.ts';
import type { GeoIndex } from '../geo/geoIndex.ts';
import { LayerClient } from '../worker/layerClient.ts';
import { HoverCard } from './HoverCard.tsx';
import { PaintTools } from '../map/paintTools.ts';
import { registerMap, registerPaintTools } from '../map/mapRegistry.ts';
import { TerritoryLabels, territoryLabelPoints } from '../map/territoryLabels.ts';
import { territoryOutlines } from '../geo/borders.ts';
import { usePlan } from '../store/planStore.ts';
import {
  beginStroke,
  endStroke,
  paint,
  selectTerritory,
  setUnitLocks,
  splitSelectedTerritory,
} from '../editor/planCommands.ts';
import { recolourAll, showAllLocks } from '../editor/follow/mapFollower.ts';
import { accountPopupContent } from './accountDetails.ts';
import { AccountOwnership } from './AccountOwnership.tsx';
import { stringAt } from '../io/accountTable.ts';
import { createRoot } from 'react-dom/client';

declare global {
  interface Window {
    /** Read-only handle for end-to-end tests and benchmarks. */
    __tessera?: {
      map: TesseraMap;
      geo: GeoIndex;
      ready: boolean;
      /** Ids of the units in a territory of the active team. */
      territoryUnitIds: (territory: number) => string[];
    };
  }
}

/** At most this many account dots are drawn at once; when more are in view they are thinned evenly and a notice says so. */
const VISIBLE_LIMIT = 12_000;
let layerClient: LayerClient | null = null;
const layers = (): LayerClient =>
  (layerClient ??= new LayerClient(new URL(`${import.meta.env.BASE_URL}geo/units.json`, window.location.href).href));

/** Hosts the MapLibre map and keeps it in step with the workspace store. */
export function PlannerMap() {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<TesseraMap | null>(null);
  const positionsRef = useRef<AccountPositions | null>(null);
  const [pointsVersion, setPointsVersion] = useState(0);
  const [truncated, setTruncated] = useState<{ shown: number; total: number } | null>(null);
  const accountsReady = useRef<Promise<void> | null>(null);
  const paintToolsRef = useRef<PaintTools | null>(null);
  const colouring = usePlan((s) => s.colouring);
  const activeTeam = usePlan((s) => s.activeTeam);
  const futureView = usePlan((s) => s.futureView);
  const planTeams = usePlan((s) => s.teams);
  const assets = useWorkspace((s) => s.assets);
  const dataset = useWorkspace((s) => s.dataset);
  const level = useWorkspace((s) => s.level);
  const selectedUnit = useWorkspace((s) => s.selectedUnit);
  const colourBy = useWorkspace((s) => s.colourBy);
  const heatmap = useWorkspace((s) => s.heatmap);
  const focusedAccount = useWorkspace((s) => s.focusedAccount);

  useEffect(() => {
    if (!assets || !container.current) return;
    const { setHover, select } = useWorkspace.getState();
    const map = new TesseraMap(container.current, assets, {
      onHover: setHover,
      onSelect: (unit) => {
        select(unit);
        const { assignments, activeTeam } = usePlan.getState();
        if (unit !== null && assignments[activeTeam]) selectTerritory(assignments[activeTeam][unit]);
      },
      onAccountClick: (account) => showAccount(account, false),
      onViewChange: (view) => void refreshVisible(view),
    });
    mapRef.current = map;
    registerMap(map);
    window.__tessera = {
      map,
      geo: assets.geo,
      ready: false,
      territoryUnitIds: (k) => {
        const { assignments, activeTeam } = usePlan.getState();
        const a = assignments[activeTeam] ?? new Int32Array(0);
        const ids: string[] = [];
        for (let u = 0; u < a.length; u++) if (a[u] === k) ids.push(assets.geo.ids[u]);
        return ids;
      },
    };
    let lockMode: boolean | null = null;
    const tools = new PaintTools(map, assets.geo, {
      tool: () => usePlan.getState().tool,
      level: () => useWorkspace.getState().level,
      brushRadius: () => usePlan.getState().brushSize,
      onStrokeStart: () => {
        lockMode = null;
        beginStroke();
      },
      onPaint: (units, erase, pointer) => {
        if (usePlan.getState().tool !== 'lock') return void paint(units, erase, pointer);
        // the lock brush locks, or unlocks when the stroke starts on a locked unit
        const { lockedUnits, activeTeam } = usePlan.getState();
        lockMode ??= lockedUnits[activeTeam]?.[units[0]] !== 1;
        setUnitLocks(units, lockMode);
      },
      onStrokeEnd: () => endStroke(),
      onLasso: (units) => paint(units, false),
      onSplit: splitSelectedTerritory,
    });
    paintToolsRef.current = tools;
    registerPaintTools(tools);
    const labels = new TerritoryLabels(map.map);
    let labelTimer: ReturnType<typeof setTimeout> | null = null;
    const updateLabels = (): void => {
      const { teams, reps, assignments, activeTeam, colouring } = usePlan.getState();
      const territories = teams[activeTeam]?.territories ?? [];
      const assignment = assignments[activeTeam];
      if (!assignment) return labels.clear();
      void map
        .whenLoaded()
        .then(() =>
          map.setTerritoryOutlines(colouring === 'territory' ? territoryOutlines(assets.borders, assignment) : []),
        );
      const points = territoryLabelPoints(assets.geo, assignment, territories.length);
      labels.set(
        territories.flatMap((t, k) => {
          const p = points[k];
          if (!p) return [];
          const rep = reps.find((r) => r.id === t.repId)?.name ?? 'Vacant';
          return [{ lon: p[0], lat: p[1], name: t.name, rep, colour: t.colour }];
        }),
      );
    };
    map.selectionEnabled = usePlan.getState().tool === 'select';
    const unsubscribe = usePlan.subscribe((state, previous) => {
      if (state.tool !== previous.tool) {
        map.selectionEnabled = state.tool === 'select';
        tools.cancel();
        // double-click closes a polygon instead of zooming
        if (state.tool === 'polygon') map.map.doubleClickZoom.disable();
        else map.map.doubleClickZoom.enable();
      }
      // labels move when a stroke ends or the plan changes, not on every pointer move
      if (
        state.report !== previous.report ||
        state.teams !== previous.teams ||
        state.reps !== previous.reps ||
        state.colouring !== previous.colouring ||
        state.activeTeam !== previous.activeTeam
      ) {
        if (labelTimer) clearTimeout(labelTimer);
        labelTimer = setTimeout(updateLabels, 50);
      }
    });
    return () => {
      unsubscribe();
      if (labelTimer) clearTimeout(labelTimer);
      labels.clear();
      registerPaintTools(null);
      tools.destroy();
      registerMap(null);
      map.destroy();
      mapRef.current = null;
    };
  }, [assets]);

  // value shading and heat map follow the per-unit totals
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !dataset || !assets) return;
    let cancelled = false;
    container.current?.setAttribute('data-map-ready', 'false');
    if (window.__tessera) window.__tessera.ready = false;
    void map.whenLoaded().then(async () => {
      if (cancelled) return;
      if (usePlan.getState().colouring === 'value')
        map.setUnitFills(valueChoropleth(dataset.totals.value, assets.geo.zipUnitCount).fills);
      else recolourAll();
      map.setUnitValuePoints(unitValuePoints(dataset.totals, assets.geo));
      map.setAccountUnits(unitCountPoints(dataset.totals, assets.geo));
      await map.whenIdle();
      if (cancelled) return;
      if (window.__tessera) window.__tessera.ready = true;
      container.current?.setAttribute('data-map-ready', 'true');
    });
    return () => {
      cancelled = true;
    };
  }, [dataset, assets]);

  // the layer worker keeps every account's dot; the map only ever receives the dots in view
  useEffect(() => {
    if (!dataset) return;
    positionsRef.current = null;
    const colours = categoryColours(dataset.table.categories[useWorkspace.getState().colourBy], dataset.table.count);
    const ready = layers()
      .setAccounts(dataset.table, colours.classOfAccount)
      .then((positions) => {
        positionsRef.current = positions;
      });
    accountsReady.current = ready;
    void ready.then(() => {
      const map = mapRef.current;
      if (map) void refreshVisible(map.view());
    });
  }, [dataset]);

  const firstColourBy = useRef(true);
  useEffect(() => {
    if (firstColourBy.current) {
      firstColourBy.current = false;
      return;
    }
    const ds = useWorkspace.getState().dataset;
    if (!ds || !accountsReady.current) return;
    const colours = categoryColours(ds.table.categories[colourBy], ds.table.count);
    void accountsReady.current
      .then(() => layers().setClasses(colours.classOfAccount))
      .then(() => {
        const map = mapRef.current;
        if (map) void refreshVisible(map.view());
      });
  }, [colourBy]);

  useEffect(() => {
    const map = mapRef.current;
    if (map) void map.whenLoaded().then(() => map.setHeatmap(heatmap));
  }, [heatmap]);

  useEffect(() => {
    mapRef.current?.setLevel(level);
  }, [level]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !dataset || !assets) return;
    void map.whenLoaded().then(() => {
      if (colouring === 'value') map.setUnitFills(valueChoropleth(dataset.totals.value, assets.geo.zipUnitCount).fills);
      else recolourAll();
      showAllLocks();
    });
  }, [colouring, activeTeam, dataset, assets, futureView, planTeams]);

  useEffect(() => {
    mapRef.current?.select(selectedUnit);
  }, [selectedUnit, level]);

  useEffect(() => {
    if (focusedAccount) showAccount(focusedAccount.account, true);
  }, [focusedAccount]);

  return (
    <div className="map-wrap">
      <div
        ref={container}
        className="map"
        role="region"
        aria-label="Territory map"
        data-testid="map"
        data-points-version={pointsVersion}
      />
      <HoverCard />
      {truncated && (
        <div className="map-chip" role="status">
          Showing {truncated.shown.toLocaleString('en-US')} of {truncated.total.toLocaleString('en-US')} accounts in
          view; zoom in to see all
        </div>
      )}
    </div>
  );

  async function refreshVisible(view: MapViewport): Promise<void> {
    const map = mapRef.current;
    if (!map || !accountsReady.current) return;
    await accountsReady.current;
    if (view.zoom < ACCOUNT_POINTS_ZOOM - 0.5) {
      map.setAccountPoints({ type: 'FeatureCollection', features: [] });
      setTruncated(null);
      return;
    }
    const visible = await layers().visible(view.west, view.south, view.east, view.north, VISIBLE_LIMIT);
    if (!visible || mapRef.current !== map) return;
    map.setAccountPoints(visibleAccountPoints(visible));
    setTruncated(
      visible.total > visible.account.length ? { shown: visible.account.length, total: visible.total } : null,
    );
    setPointsVersion((v) => v + 1);
  }

  function showAccount(account: number, fly: boolean): void {
    const { dataset: ds, assets: geoAssets } = useWorkspace.getState();
    const map = mapRef.current;
    if (!ds || !geoAssets || !map) return;
    const p = positionsRef.current;
    const [lon, lat] = p
      ? [p.lon[account], p.lat[account]]
      : accountPosition(geoAssets.geo, ds.table.unit[account], ds.table.lon[account], ds.table.lat[account], account);
    if (!(lat === lat)) return;
    if (fly) map.flyTo(lon, lat, 12);
    const content = accountPopupContent(ds.table, geoAssets.geo, account);
    const host = document.createElement('div');
    content.insertBefore(host, content.children[1] ?? null);
    const root = createRoot(host);
    root.render(
      <AccountOwnership
        account={account}
        accountId={stringAt(ds.table.id, account)}
        accountName={stringAt(ds.table.name, account) || stringAt(ds.table.id, account)}
      />,
    );
    // unmount after MapLibre finished closing, never during a React render
    map.showPopup(lon, lat, content, () => setTimeout(() => root.unmount(), 0));
  }
}

import { useEffect, useMemo, useRef } from 'react';
import { useWorkspace } from '../store/workspaceStore.ts';
import { TesseraMap } from '../map/tesseraMap.ts';
import {
  accountPoints,
  accountPositions,
  categoryColours,
  unitValuePoints,
  valueChoropleth,
} from '../map/accountLayers.ts';
import type { GeoIndex } from '../geo/geoIndex.ts';
import { HoverCard } from './HoverCard.tsx';
import { accountPopupContent } from './accountDetails.ts';

declare global {
  interface Window {
    /** Read-only handle for end-to-end tests and benchmarks. */
    __tessera?: { map: TesseraMap; geo: GeoIndex; ready: boolean };
  }
}

/** Hosts the MapLibre map and keeps it in step with the workspace store. */
export function MapView() {
  const container = useRef<HTMLDivElement>(null);
  const mapRef = useRef<TesseraMap | null>(null);
  const assets = useWorkspace((s) => s.assets);
  const dataset = useWorkspace((s) => s.dataset);
  const level = useWorkspace((s) => s.level);
  const selectedUnit = useWorkspace((s) => s.selectedUnit);
  const colourBy = useWorkspace((s) => s.colourBy);
  const heatmap = useWorkspace((s) => s.heatmap);
  const focusedAccount = useWorkspace((s) => s.focusedAccount);
  const positions = useMemo(
    () => (dataset && assets ? accountPositions(dataset.table, assets.geo) : null),
    [dataset, assets],
  );
  const positionsRef = useRef(positions);
  useEffect(() => {
    positionsRef.current = positions;
  }, [positions]);

  useEffect(() => {
    if (!assets || !container.current) return;
    const showAccount = (account: number): void => {
      const { dataset: ds } = useWorkspace.getState();
      const map = mapRef.current;
      const p = positionsRef.current;
      if (!ds || !map || !p) return;
      map.showPopup(p.lon[account], p.lat[account], accountPopupContent(ds.table, assets.geo, account));
    };
    const { setHover, select } = useWorkspace.getState();
    const map = new TesseraMap(container.current, assets, {
      onHover: setHover,
      onSelect: select,
      onAccountClick: showAccount,
    });
    mapRef.current = map;
    window.__tessera = { map, geo: assets.geo, ready: false };
    return () => {
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
      map.setUnitFills(valueChoropleth(dataset.totals.value, assets.geo.zipUnitCount).fills);
      map.setUnitValuePoints(unitValuePoints(dataset.totals, assets.geo));
      await map.whenIdle();
      if (cancelled) return;
      if (window.__tessera) window.__tessera.ready = true;
      container.current?.setAttribute('data-map-ready', 'true');
    });
    return () => {
      cancelled = true;
    };
  }, [dataset, assets]);

  // account dots follow the data and the colour-by field
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !dataset || !positions) return;
    let cancelled = false;
    void map.whenLoaded().then(() => {
      if (cancelled) return;
      const colours = categoryColours(dataset.table.categories[colourBy], dataset.table.count);
      map.setAccountPoints(accountPoints(dataset.table, positions, colours));
    });
    return () => {
      cancelled = true;
    };
  }, [dataset, positions, colourBy]);

  useEffect(() => {
    const map = mapRef.current;
    if (map) void map.whenLoaded().then(() => map.setHeatmap(heatmap));
  }, [heatmap]);

  useEffect(() => {
    mapRef.current?.setLevel(level);
  }, [level]);

  useEffect(() => {
    mapRef.current?.select(selectedUnit);
  }, [selectedUnit, level]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !focusedAccount || !dataset || !positions || !assets) return;
    const a = focusedAccount.account;
    if (!(positions.lat[a] === positions.lat[a])) return;
    map.flyTo(positions.lon[a], positions.lat[a], 12);
    map.showPopup(positions.lon[a], positions.lat[a], accountPopupContent(dataset.table, assets.geo, a));
  }, [focusedAccount, dataset, positions, assets]);

  return (
    <div className="map-wrap">
      <div ref={container} className="map" role="region" aria-label="Territory map" data-testid="map" />
      <HoverCard />
    </div>
  );
}

import { useEffect, useRef } from 'react';
import { useWorkspace } from '../store/workspaceStore.ts';
import { TesseraMap } from '../map/tesseraMap.ts';
import { accountPoints, valueChoropleth } from '../map/accountLayers.ts';
import { HoverCard } from './HoverCard.tsx';
import type { GeoIndex } from '../geo/geoIndex.ts';

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

  useEffect(() => {
    if (!assets || !container.current) return;
    const { setHover, select } = useWorkspace.getState();
    const map = new TesseraMap(container.current, assets, { onHover: setHover, onSelect: select });
    mapRef.current = map;
    window.__tessera = { map, geo: assets.geo, ready: false };
    return () => {
      map.destroy();
      mapRef.current = null;
    };
  }, [assets]);

  useEffect(() => {
    const map = mapRef.current;
    if (!map || !dataset || !assets) return;
    let cancelled = false;
    void map.whenLoaded().then(async () => {
      if (cancelled) return;
      map.setUnitFills(valueChoropleth(dataset.totals.value, assets.geo.zipUnitCount).fills);
      map.setAccountPoints(accountPoints(dataset.table, assets.geo));
      await map.whenIdle();
      if (!cancelled && window.__tessera) window.__tessera.ready = true;
      container.current?.setAttribute('data-map-ready', 'true');
    });
    return () => {
      cancelled = true;
    };
  }, [dataset, assets]);

  useEffect(() => {
    mapRef.current?.setLevel(level);
  }, [level]);

  useEffect(() => {
    mapRef.current?.select(selectedUnit);
  }, [selectedUnit, level]);

  return (
    <div className="map-wrap">
      <div ref={container} className="map" role="region" aria-label="Territory map" data-testid="map" />
      <HoverCard />
    </div>
  );
}

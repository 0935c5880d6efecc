import type { AuditAccounts } from '../engine/audit.ts';
import type { EngineAccounts, EngineGeography, EngineOwnershipColumns } from '../engine/planEngine.ts';
import type { GeoIndex } from '../geo/geoIndex.ts';
import type { UnitBorderLengths } from '../geo/unitBorderLengths.ts';
import { stringAt, type AccountTable } from './accountTable.ts';

/** The geography as the engine takes it; with border lengths its reports carry the territories' shapes. */
export function engineGeographyOf(geo: GeoIndex, borders: UnitBorderLengths | null = null): EngineGeography {
  return {
    unitCount: geo.unitCount,
    adjacencyOffsets: geo.adjacencyOffsets,
    adjacency: geo.adjacency,
    lon: geo.lon,
    lat: geo.lat,
    areaKm2: geo.areaKm2,
    island: geo.island,
    borders,
  };
}

/** An imported table's columns as the engine takes them (the app's worker and the CLI send the same). */
export function engineAccountsOf(table: AccountTable): EngineAccounts {
  return {
    unit: table.unit,
    employees: table.employees,
    value: table.value,
    metrics: table.metrics.map((m) => m.values),
    columnNames: [table.valueName || 'Value', ...table.metrics.map((m) => m.name)],
    categories: {
      segment: table.categories.segment,
      tier: table.categories.tier,
      industry: table.categories.industry,
      accountType: table.categories.accountType,
    },
  };
}

/** The columns the ownership ladder reads. */
export function ownershipColumnsOf(table: AccountTable): EngineOwnershipColumns {
  return {
    ids: table.id,
    parentIds: table.parentId,
    ownerName: table.categories.ownerName,
    ownerEmail: table.categories.ownerEmail,
    ownerId: table.categories.ownerId,
    openOpportunityOwner: table.categories.openOpportunityOwner,
    lastActivityBy: table.categories.lastActivityBy,
    lastActivityDay: table.lastActivityDay,
  };
}

/** An audit file's accounts: today's owners and values. */
export function auditAccountsOf(table: AccountTable): AuditAccounts {
  return {
    count: table.count,
    idOf: (a) => stringAt(table.id, a),
    nameOf: (a) => stringAt(table.name, a),
    ownerName: table.categories.ownerName,
    ownerEmail: table.categories.ownerEmail,
    ownerId: table.categories.ownerId,
    value: table.value,
  };
}

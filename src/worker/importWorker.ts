import type { AccountTable } from '../io/accountTable.ts';
import { AccountImporter, accountRowReader } from '../io/accountImporter.ts';
import { detectCrmSource, numericColumns, proposeColumnMapping } from '../io/columnMapping.ts';
import { ImportFileError, SNIFF_BYTES, sniffCsv } from '../io/sniff.ts';
import { openWorkspaceDb, saveDataset, StorageQuotaError } from '../io/workspaceDb.ts';
import type { ImportApi, ImportProgress, ImportResult, ImportRun, SniffOutcome } from './importProtocol.ts';
import { buffersOf, exposeApi, transfer } from './rpc.ts';
import { loadWorkerGeography } from './workerGeography.ts';

const CHUNK_BYTES = 4 * 1024 * 1024;

/** Buffers of a table's typed arrays, so they move to the main thread instead of being copied. */
function tableTransferables(table: AccountTable): ArrayBuffer[] {
  return buffersOf(
    table.id.offsets,
    table.name.offsets,
    table.postalCode.offsets,
    table.parentId.offsets,
    ...(table.website ? [table.website.offsets] : []),
    table.unit,
    table.placement,
    table.lon,
    table.lat,
    table.value,
    table.employees,
    table.lastActivityDay,
    ...table.metrics.map((m) => m.values),
    ...Object.values(table.categories).map((c) => c.codes),
  );
}

/** The error the import dialog shows: a problem with the file as it is, anything else as "Import failed". */
function userFacing(error: unknown): Error {
  if (error instanceof ImportFileError) return new Error(error.message);
  return new Error(`Import failed: ${error instanceof Error ? error.message : String(error)}`);
}

async function sniff(file: File): Promise<SniffOutcome> {
  const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
  const result = sniffCsv(file.name, file.size, head);
  return {
    ...result,
    source: detectCrmSource(result.headers),
    proposed: proposeColumnMapping(result.headers, result.sampleRows, result.decimal),
    numericColumns: numericColumns(result.headers, result.sampleRows, result.decimal),
  };
}

async function runImport(request: ImportRun, onProgress: (p: ImportProgress) => void): Promise<ImportResult> {
  const geo = await loadWorkerGeography(request.geoUrl);
  const { file, sniff: sniffed, mapping } = request;
  const started = performance.now();
  // about 110 bytes per CRM row: size the columns once for the whole file
  const importer = new AccountImporter(geo, mapping, sniffed.headers, {
    fileName: file.name,
    source: request.source,
    capacityHint: Math.ceil(file.size / 110),
  });
  const reader = accountRowReader(importer, sniffed.delimiter, request.quotes);
  const decoder = new TextDecoder(sniffed.encoding);
  let lastProgress = 0;
  for (let at = 0; at < file.size; at += CHUNK_BYTES) {
    let bytes: ArrayBuffer;
    try {
      bytes = await file.slice(at, at + CHUNK_BYTES).arrayBuffer();
    } catch (e) {
      throw new ImportFileError(`Could not read ${file.name}: ${e instanceof Error ? e.message : String(e)}`);
    }
    reader.push(decoder.decode(bytes, { stream: true }));
    const now = performance.now();
    if (now - lastProgress > 100) {
      lastProgress = now;
      onProgress({
        rows: importer.rowsSeen,
        bytes: Math.min(file.size, at + CHUNK_BYTES),
        totalBytes: file.size,
        elapsedMs: now - started,
      });
    }
  }
  reader.push(decoder.decode());
  reader.end();
  if (reader.reading.records <= 1) throw new ImportFileError(`${file.name} has a header row but no accounts.`);
  const { table, report } = importer.finish(reader.reading);
  let savedKey: string | null = null;
  let saveError: string | null = null;
  if (request.persist) {
    // saving here keeps the copy of a million rows off the main thread; it becomes current on accept
    try {
      const db = await openWorkspaceDb(indexedDB);
      savedKey = await saveDataset(db, table, report);
      db.close();
    } catch (e) {
      saveError =
        e instanceof StorageQuotaError
          ? e.message
          : `These accounts could not be saved in this browser (${e instanceof Error ? e.message : String(e)}); they stay open until you close the tab.`;
    }
  }
  return transfer({ table, report, savedKey, saveError }, tableTransferables(table));
}

const api: ImportApi = {
  sniff: (file) => sniff(file).catch((e: unknown) => Promise.reject(userFacing(e))),
  run: (request, onProgress) => runImport(request, onProgress).catch((e: unknown) => Promise.reject(userFacing(e))),
};

exposeApi(api);

/// <reference lib="webworker" />
import Papa from 'papaparse';
import type { GeoDataFile } from '../geo/geoData.ts';
import { GeoIndex } from '../geo/geoIndex.ts';
import { AccountImporter } from '../io/accountImporter.ts';
import { detectCrmSource, numericColumns, proposeColumnMapping } from '../io/columnMapping.ts';
import { ImportFileError, sniffCsv } from '../io/sniff.ts';
import { openWorkspaceDb, saveDataset, StorageQuotaError } from '../io/workspaceDb.ts';
import { tableTransferables, type ImportRequest, type ImportResponse } from './importProtocol.ts';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const SNIFF_BYTES = 256 * 1024;
const CHUNK_BYTES = 4 * 1024 * 1024;
let geoPromise: Promise<GeoIndex> | null = null;

function post(message: ImportResponse, transfer: Transferable[] = []): void {
  scope.postMessage(message, transfer);
}

function loadGeo(url: string): Promise<GeoIndex> {
  geoPromise ??= fetch(url).then(async (r) => {
    if (!r.ok) throw new Error(`Could not load the geography (HTTP ${r.status})`);
    return new GeoIndex((await r.json()) as GeoDataFile);
  });
  return geoPromise;
}

async function sniff(file: File): Promise<void> {
  const head = new Uint8Array(await file.slice(0, SNIFF_BYTES).arrayBuffer());
  const result = sniffCsv(file.name, file.size, head);
  post({
    type: 'sniffed',
    outcome: {
      ...result,
      source: detectCrmSource(result.headers),
      proposed: proposeColumnMapping(result.headers, result.sampleRows),
      numericColumns: numericColumns(result.headers, result.sampleRows),
    },
  });
}

async function runImport(request: Extract<ImportRequest, { type: 'import' }>): Promise<void> {
  const geo = await loadGeo(request.geoUrl);
  const { file, sniff: sniffed, mapping } = request;
  const started = performance.now();
  // about 110 bytes per CRM row: size the columns once for the whole file
  const importer = new AccountImporter(geo, mapping, sniffed.headers, {
    fileName: file.name,
    source: request.source,
    capacityHint: Math.ceil(file.size / 110),
  });
  let row = 0;
  let chunks = 0;
  let lastProgress = 0;
  await new Promise<void>((resolve, reject) => {
    Papa.parse<string[]>(file, {
      delimiter: sniffed.delimiter,
      encoding: sniffed.encoding,
      skipEmptyLines: 'greedy',
      chunkSize: CHUNK_BYTES,
      chunk: (results) => {
        chunks++;
        for (const cells of results.data) {
          row++;
          if (row > 1) importer.addRow(cells, row);
        }
        const now = performance.now();
        if (now - lastProgress > 100) {
          lastProgress = now;
          post({
            type: 'progress',
            progress: {
              rows: importer.rowsSeen,
              bytes: Math.min(file.size, chunks * CHUNK_BYTES),
              totalBytes: file.size,
              elapsedMs: now - started,
            },
          });
        }
      },
      complete: () => resolve(),
      error: (error) => reject(new ImportFileError(`Could not read ${file.name}: ${error.message}`)),
    });
  });
  if (row <= 1) throw new ImportFileError(`${file.name} has a header row but no accounts.`);
  const { table, report } = importer.finish();
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
  post({ type: 'done', result: { table, report, savedKey, saveError } }, tableTransferables(table));
}

scope.onmessage = (event: MessageEvent<ImportRequest>) => {
  const request = event.data;
  const work = request.type === 'sniff' ? sniff(request.file) : runImport(request);
  work.catch((error: unknown) => {
    const message =
      error instanceof ImportFileError
        ? error.message
        : `Import failed: ${error instanceof Error ? error.message : String(error)}`;
    post({ type: 'error', message });
  });
};

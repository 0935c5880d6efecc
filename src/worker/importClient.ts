import type { ColumnMapping } from '../io/columnMapping.ts';
import type { QuoteReading } from '../io/csvRecords.ts';
import type { ImportApi, ImportProgress, ImportResult, SniffOutcome } from './importProtocol.ts';
import { connectWorker, progressCallback, type Remote } from './rpc.ts';

/** A running import: its result, and cancel (which stops the worker at once). */
export interface RunningImport {
  result: Promise<ImportResult>;
  cancel: () => void;
}

/** Thrown by a cancelled import's result. */
export class ImportCancelled extends Error {
  constructor() {
    super('Import cancelled');
  }
}

/** Main-thread side of the import worker: one request at a time; cancel terminates the worker. */
export class ImportClient {
  private running: { worker: Worker; api: Remote<ImportApi> } | null = null;

  constructor(private readonly geoUrl: string) {}

  private spawn(): { worker: Worker; api: Remote<ImportApi> } {
    if (!this.running) {
      const worker = new Worker(new URL('./importWorker.ts', import.meta.url), { type: 'module', name: 'import' });
      this.running = { worker, api: connectWorker<ImportApi>(worker) };
    }
    return this.running;
  }

  /** Runs one call in the worker; a worker that dies (e.g. fails to load) rejects it. */
  private request<T>(call: (api: Remote<ImportApi>) => Promise<T>): Promise<T> {
    const { worker, api } = this.spawn();
    const crashed = new Promise<never>((_, reject) => {
      worker.onerror = (event) => reject(new Error(`Import worker failed: ${event.message}`));
    });
    return Promise.race([call(api), crashed]);
  }

  /** Reads the head of a file: encoding, delimiter, headers, sample rows and a proposed mapping. */
  sniff(file: File): Promise<SniffOutcome> {
    return this.request((api) => api.sniff(file));
  }

  /** Streams the whole file through the importer in the worker. */
  run(
    file: File,
    outcome: SniffOutcome,
    mapping: ColumnMapping,
    source: string,
    onProgress: (p: ImportProgress) => void,
    persist = true,
    quotes: QuoteReading = 'strict',
  ): RunningImport {
    let cancelReject: ((e: Error) => void) | null = null;
    const cancelled = new Promise<never>((_, reject) => (cancelReject = reject));
    const progress = progressCallback(onProgress);
    const sniffed = { encoding: outcome.encoding, delimiter: outcome.delimiter, headers: outcome.headers };
    const work = this.request((api) =>
      api.run({ file, sniff: sniffed, mapping, source, geoUrl: this.geoUrl, persist, quotes }, progress.callback),
    );
    return {
      result: Promise.race([work, cancelled]).finally(progress.stop),
      cancel: () => {
        progress.stop();
        this.running?.worker.terminate();
        this.running = null;
        cancelReject?.(new ImportCancelled());
      },
    };
  }
}

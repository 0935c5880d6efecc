import type { ColumnMapping } from '../io/columnMapping.ts';
import type { ImportProgress, ImportRequest, ImportResponse, ImportResult, SniffOutcome } from './importProtocol.ts';

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
  private worker: Worker | null = null;

  constructor(private readonly geoUrl: string) {}

  private spawn(): Worker {
    this.worker ??= new Worker(new URL('./importWorker.ts', import.meta.url), { type: 'module', name: 'import' });
    return this.worker;
  }

  private request<T>(message: ImportRequest, onMessage: (m: ImportResponse) => T | undefined): Promise<T> {
    const worker = this.spawn();
    return new Promise<T>((resolve, reject) => {
      worker.onmessage = (event: MessageEvent<ImportResponse>) => {
        const m = event.data;
        if (m.type === 'error') reject(new Error(m.message));
        else {
          const value = onMessage(m);
          if (value !== undefined) resolve(value);
        }
      };
      worker.onerror = (event) => reject(new Error(`Import worker failed: ${event.message}`));
      worker.postMessage(message);
    });
  }

  /** Reads the head of a file: encoding, delimiter, headers, sample rows and a proposed mapping. */
  sniff(file: File): Promise<SniffOutcome> {
    return this.request({ type: 'sniff', file }, (m) => (m.type === 'sniffed' ? m.outcome : undefined));
  }

  /** Streams the whole file through the importer in the worker. */
  run(
    file: File,
    outcome: SniffOutcome,
    mapping: ColumnMapping,
    source: string,
    onProgress: (p: ImportProgress) => void,
    persist = true,
  ): RunningImport {
    let cancelReject: ((e: Error) => void) | null = null;
    const cancelled = new Promise<never>((_, reject) => (cancelReject = reject));
    const work = this.request<ImportResult>(
      {
        type: 'import',
        file,
        sniff: { encoding: outcome.encoding, delimiter: outcome.delimiter, headers: outcome.headers },
        mapping,
        source,
        geoUrl: this.geoUrl,
        persist,
      },
      (m) => {
        if (m.type === 'progress') onProgress(m.progress);
        return m.type === 'done' ? m.result : undefined;
      },
    );
    return {
      result: Promise.race([work, cancelled]),
      cancel: () => {
        this.worker?.terminate();
        this.worker = null;
        cancelReject?.(new ImportCancelled());
      },
    };
  }
}

// The analysis cache: content hash + analysis version → analysis record, behind keyv, so a restart
// over thousands of unchanged articles reads results instead of recomputing them.
import type { Collection, Store } from "../store.js";
import { analysisRecordSchema, type AnalysisRecord } from "./analysis-record.js";
import { ANALYSIS_VERSION } from "./briefing.js";

export interface AnalysisCache {
  getMany(hashes: readonly string[]): Promise<(AnalysisRecord | undefined)[]>;
  set(hash: string, record: AnalysisRecord): Promise<void>;
}

export class StoredAnalysisCache implements AnalysisCache {
  private readonly records: Collection<AnalysisRecord>;

  constructor(store: Store) {
    this.records = store.collection("analysis", analysisRecordSchema);
  }

  getMany(hashes: readonly string[]): Promise<(AnalysisRecord | undefined)[]> {
    return this.records.getMany(hashes.map(key));
  }

  set(hash: string, record: AnalysisRecord): Promise<void> {
    return this.records.set(key(hash), record);
  }
}

function key(hash: string): string {
  return `v${ANALYSIS_VERSION}:${hash}`;
}

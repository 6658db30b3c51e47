// The analysis cache: content hash + analysis version → Analysis, behind keyv, so a restart over
// thousands of unchanged articles reads results instead of recomputing them.
import type { Collection, Store } from "../store.js";
import { ANALYSIS_VERSION, analysisSchema, type Analysis } from "./briefing.js";

export interface AnalysisCache {
  getMany(hashes: readonly string[]): Promise<(Analysis | undefined)[]>;
  set(hash: string, analysis: Analysis): Promise<void>;
}

export class StoredAnalysisCache implements AnalysisCache {
  private readonly records: Collection<Analysis>;

  constructor(store: Store) {
    this.records = store.collection("analysis", analysisSchema);
  }

  getMany(hashes: readonly string[]): Promise<(Analysis | undefined)[]> {
    return this.records.getMany(hashes.map(key));
  }

  set(hash: string, analysis: Analysis): Promise<void> {
    return this.records.set(key(hash), analysis);
  }
}

function key(hash: string): string {
  return `v${ANALYSIS_VERSION}:${hash}`;
}

// TypeScript declarations for claim-results.mjs: claim-check results kept packed.
import type { ClaimResult, FindingKind, Severity } from './claims.mjs';

export declare const FINDING_KINDS: readonly FindingKind[];
export declare const SEVERITIES: readonly Severity[];

/** Decodes one packed buffer (WasmClaims.check / next) into result objects. */
export declare function decodeResults(buf: Uint8Array): { results: ClaimResult[]; done: boolean; consumed: number };
/** The header of one packed buffer; throws the MedcodeError it holds. */
export declare function packedHeader(buf: Uint8Array): { claims: number; done: boolean; consumed: number };

export interface ClaimTotals {
  claims: number;
  errors: number;
  warnings: number;
  info: number;
  claimsWithErrors: number;
  claimsWithWarnings: number;
  findings: number;
}

/**
 * The results of a batch kept packed (about 1.2 KB per claim): counts are read from the
 * packed bytes; a result object (the same as checkText's) is built when get(i) asks for it.
 */
export declare class ClaimResultSet implements Iterable<ClaimResult> {
  constructor();
  /** Adds one chunk's packed buffer; throws the error it holds. Returns the chunk's counts. */
  add(buf: Uint8Array): { claims: number; done: boolean; consumed: number; errors: number; warnings: number; info: number };
  /** The packed buffers, one per chunk (a new set given each of them holds the same results). */
  buffers(): Uint8Array[];
  readonly length: number;
  /** Result i (0-based, input order), built on first use and kept (the same object every time). */
  get(i: number): ClaimResult;
  summary(i: number): { errors: number; warnings: number; info: number };
  totals(): ClaimTotals;
  /** The claims with an error or a warning: the first `max` positions, and how many there are. */
  flagged(max?: number): { indexes: number[]; count: number };
  /** Findings counted by "severity kind", largest first; exceptRule: a rule not counted (e.g. 'data-range'). */
  tally(options?: { exceptRule?: string }): [string, number][];
  toArray(): ClaimResult[];
  [Symbol.iterator](): Iterator<ClaimResult>;
}

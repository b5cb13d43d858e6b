// TypeScript declarations for practice.mjs: practice for students over the WebAssembly core.
import type { CodeSet, Engine } from './medcode.mjs';

export declare const MAX_CASE_FILE_BYTES: number;
export declare const MAX_ANSWER_CODES: number;
/** 3: the main term, the index path, the tabular entry. */
export declare const HINT_STEPS: number;
/** The fraction of a case's score each hint step costs in practice mode (0.1). */
export declare const HINT_COST: number;

export type CaseSetting = 'outpatient' | 'inpatient';
export type Verdict = 'correct' | 'partial' | 'wrong' | 'extra' | 'header' | 'invalid';

/** A case in a list (as `coder practice list --json`). */
export interface CaseSummary {
  id: string;
  title: string;
  /** The ICD-10-CM chapter number of the first key code ("4", "19"), "HCPCS", or "?" */
  chapter: string;
  setting: CaseSetting;
  /** 1 one code; 2 several codes with sequencing; 3 a convention */
  level: 1 | 2 | 3;
  topics: string[];
}

/** A case to work on (as `coder practice show --json`): never the key. */
export interface Exercise extends CaseSummary {
  dateOfService: string;
  scenario: string;
  guidelines: string[];
  /** How many HCPCS lines the key has (0: diagnoses only) */
  hcpcsLines: number;
}

export interface HintStep {
  step: 1 | 2 | 3;
  name: 'main term' | 'index path' | 'tabular entry';
  /** One line per key item */
  lines: string[];
}
export interface Hints {
  caseId: string;
  steps: HintStep[];
}

export interface GradedItem {
  entered: string;
  /** Normalized: "E11.9"; an HCPCS line as "E0114-NU x1" */
  code: string;
  system: 'ICD-10-CM' | 'HCPCS';
  verdict: Verdict;
  credit: number;
  title: string;
  reason: string;
  expected?: { slot: number; code: string; title: string; indexPath: string };
  note?: string;
}
export interface MissingItem {
  slot: number;
  code: string;
  title: string;
  why: string;
  indexPath: string;
  reason: string;
}
export interface KeyItem {
  code: string;
  system: 'ICD-10-CM' | 'HCPCS';
  title: string;
  why: string;
  indexPath?: string;
  accept?: string[];
}
/** A grade (as `coder practice grade --json`). */
export interface GradeResult {
  caseId: string;
  /** 0..1, 4 decimals */
  score: number;
  earned: number;
  overcodingFactor: number;
  keyItems: number;
  entered: number;
  items: GradedItem[];
  missing: MissingItem[];
  key: KeyItem[];
  rationale: string;
  guidelines: string[];
}

/** Coverage of a bank (as `coder practice stats --json`, without the timing). */
export interface CoverageStats {
  cases: number;
  /** In chapter order ("1" < "2" < "10"), "HCPCS" last */
  byChapter: { chapter: string; cases: number }[];
  byLevel: { level: number; cases: number }[];
  bySetting: { setting: string; cases: number }[];
  /** In section order ("I.C.2" < "I.C.10") */
  byGuideline: { section: string; cases: number }[];
  byTopic: { topic: string; cases: number }[];
}

export interface CaseIssue {
  /** "" for the file itself (JSON syntax, header) */
  caseId: string;
  field: string;
  message: string;
}
export interface VerifyReport {
  cases: number;
  verified: number;
  issues: CaseIssue[];
}

/** An answer: codes in reporting order, or one string of codes separated by spaces or commas. */
export type Answer = string[] | string;

export declare class Practice {
  private constructor();
  readonly info: { cases: number };
  list(): CaseSummary[];
  show(id: string): Exercise;
  hints(id: string): Hints;
  grade(id: string, answer: Answer): GradeResult;
  stats(): CoverageStats;
  verify(): VerifyReport;
  close(): void;
}

/**
 * Reads a case file (`medcode-practice-cases`): its text or UTF-8 bytes. Throws a MedcodeError
 * (CORRUPT with line and column or the case id and field, BAD_MAGIC, UNSUPPORTED_VERSION,
 * INPUT_TOO_LONG, INVALID_UTF8) whose `issues` lists every problem.
 */
export declare function loadPracticeCases(
  engine: Engine,
  file: string | Uint8Array | ArrayBuffer,
  sets?: { icd?: CodeSet | null; hcpcs?: CodeSet | null },
): Practice;

/** score × (1 − HINT_COST × hintsUsed), 4 decimals. */
export declare function scoreWithHints(score: number, hintsUsed: number): number;
/** An answer as a list of codes. */
export declare function parseAnswer(answer: Answer): string[];

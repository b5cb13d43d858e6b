// TypeScript declarations for code-search.mjs: the <code-search> custom element.
// Importing the module defines the element.

export interface CodeSetSummary {
  system: string;
  year: number;
  label: string;
  effectiveFrom: string;
  effectiveTo: string;
}

export interface SelectedCode {
  code: string;
  title: string;
  billable: boolean;
  system: string;
  year: number;
  label: string;
}

export interface CodeSelectedDetail extends SelectedCode {
  /** The date-of-service attribute, if any */
  dateOfService: string | null;
  /** Whether the code set is in force on dateOfService (null without one) */
  inForce: boolean | null;
}

export interface CodeSearchReadyDetail {
  codeSets: CodeSetSummary[];
  notes: string[];
}

export interface CodeSearchErrorDetail {
  code: string;
  message: string;
}

/**
 * <code-search code-systems="ICD-10-CM" date-of-service="2026-03-02" result-count="8" name="dx">
 * Attributes: code-systems, date-of-service, result-count, codesets, label, placeholder,
 * billable-only, name, value, disabled, theme="dark".
 */
export declare class CodeSearchElement extends HTMLElement {
  static readonly formAssociated: true;
  static readonly observedAttributes: string[];
  /** Resolves once the code sets are loaded; rejects if they cannot be. */
  readonly ready: Promise<CodeSearchReadyDetail>;
  /** The chosen code ('' when none); setting it looks the code up and shows it. */
  value: string;
  readonly selected: SelectedCode | null;
  readonly codeSets: CodeSetSummary[];
  readonly resultCount: number;
  clear(): void;
  addEventListener<K extends keyof CodeSearchEventMap>(type: K, listener: (this: CodeSearchElement, ev: CodeSearchEventMap[K]) => unknown, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof CodeSearchEventMap>(type: K, listener: (this: CodeSearchElement, ev: CodeSearchEventMap[K]) => unknown, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject, options?: boolean | EventListenerOptions): void;
}

export interface CodeSearchEventMap extends HTMLElementEventMap {
  'code-selected': CustomEvent<CodeSelectedDetail>;
  'code-search-ready': CustomEvent<CodeSearchReadyDetail>;
  'code-search-error': CustomEvent<CodeSearchErrorDetail>;
}

declare global {
  interface HTMLElementTagNameMap {
    'code-search': CodeSearchElement;
  }
  interface HTMLElementEventMap {
    'code-selected': CustomEvent<CodeSelectedDetail>;
  }
}

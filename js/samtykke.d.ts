// Types for `window.samtykke`, the API the samtykke loader (samtykke.js) creates on every page.

/** The stored decision, exactly as kept in localStorage under the config's `storageKey`. */
export interface ConsentRecord {
  /** Schema version of this layout: 1. */
  v: 1;
  /** Random UUID v4 naming this consent; kept when the visitor changes it. */
  id: string;
  /** The policy revision the visitor decided on (the config's `revision`). */
  revision: string;
  /** When consent was first given under this revision (ISO 8601, UTC). */
  given: string;
  /** When it was last changed (ISO 8601, UTC). */
  updated: string;
  /** When it stops counting and the banner asks again (ISO 8601, UTC). */
  expires: string;
  /** Category id to granted; required categories are always true. */
  categories: Record<string, boolean>;
  method: 'accept-all' | 'reject-all' | 'custom';
  /** The language the notice was shown in. */
  language: string;
  /** Present when the browser sent an honoured Global Privacy Control signal at the choice. */
  gpc?: true;
}

export interface Samtykke {
  /** Resolves once stored consent has been read: the record, or null (none, or samtykke failed closed). */
  readonly ready: Promise<ConsentRecord | null>;
  /**
   * Null, or why samtykke failed closed once it has (a broken config, a wasm that did not load):
   * then nothing optional runs and `ready` has resolved (or resolves) null. The same reason comes
   * with the `samtykke:error` event.
   */
  readonly failed: string | null;
  /** True only when the category is granted now; false before `ready`, for unknown ids, and on errors. */
  isGranted(category: string): boolean;
  /** Resolves (with the record) as soon as the category is granted; never, if it never is. */
  whenGranted(category: string): Promise<ConsentRecord>;
  /** A copy of the valid stored record, or null. */
  getConsent(): ConsentRecord | null;
  acceptAll(): void;
  rejectAll(): void;
  /** Grants or denies the named categories; the others keep their state. Unknown ids change nothing. */
  setConsent(choices: Record<string, boolean>): void;
  /** Opens the preferences dialog. */
  showPreferences(): void;
  /** Deletes the record and the cookies listed for non-required categories, and shows the banner again. */
  withdraw(): void;
  /** Shows the banner in another configured language. */
  setLanguage(code: string): void;
  /** Calls `callback` with the record (or null) on every change; returns a function that stops it. */
  onChange(callback: (record: ConsentRecord | null) => void): () => void;
  /** What in the config a regulator would flag (e.g. a tracker cookie under a required category). */
  audit(): string[];
}

/** Detail of the `samtykke:ready` and `samtykke:change` events on `window`. */
export type SamtykkeEvent = CustomEvent<ConsentRecord | null>;

/** The `samtykke:error` event: its detail is the reason samtykke failed closed (`samtykke.failed`). */
export type SamtykkeErrorEvent = CustomEvent<string>;

declare global {
  interface Window {
    /** There once the loader has run; undefined before (and on pages without it). */
    readonly samtykke?: Samtykke;
  }
  /** `window.samtykke`, also reachable by its bare name in scripts once the loader has run. */
  const samtykke: Samtykke | undefined;
  interface WindowEventMap {
    'samtykke:ready': SamtykkeEvent;
    'samtykke:change': SamtykkeEvent;
    'samtykke:error': SamtykkeErrorEvent;
  }
}

// Types for the samtykke ES module entry (samtykke.mjs). The API object is the same
// `window.samtykke` the classic loader creates; its types live in samtykke.d.ts.

import type { ConsentRecord, Samtykke, SamtykkeErrorEvent, SamtykkeEvent } from './samtykke.js';

export type { ConsentRecord, Samtykke, SamtykkeErrorEvent, SamtykkeEvent };

/**
 * The keys of the built-in strings (translations/en.toml), which `texts` may override.
 * `cargo xtask dist` writes the list; in the sources it is any string.
 */
export type SamtykkeTextKey = /*TEXT_KEYS*/ string;

/**
 * A config as written in consent.json (see the README's config reference). Every key is typed and
 * no other is allowed, so a misspelt key is a compile error here as it is a console error there.
 */
export interface SamtykkeConfig {
  revision: string;
  policyUrl: string;
  controller?: string;
  language?: string;
  languages?: string[];
  expiresDays?: number;
  storageKey?: string;
  categories?: SamtykkeCategory[];
  /** Overrides of built-in strings, per language code: `{ da: { title: 'Cookies hos os' } }`. */
  texts?: Record<string, Partial<Record<SamtykkeTextKey, string>>>;
  /** Whether a Global Privacy Control signal is honoured; `"honor"` by default. */
  gpc?: 'honor' | 'ignore';
  /** Your endpoint for proof-of-consent receipts. */
  recordUrl?: string;
  /** Google Consent Mode v2: `true` for the default mapping, or its options. */
  googleConsentMode?: boolean | SamtykkeGoogleConsentMode;
  /** Mirror the decision into a first-party cookie shared with sibling subdomains and servers. */
  cookie?: SamtykkeCookie;
}

export interface SamtykkeCookie {
  /** `"samtykke"` by default. */
  name?: string;
  /** The page's host or a parent of it, e.g. `"example.com"`; host-only when left out. */
  domain?: string;
  /** `"lax"` by default; `"none"` needs `secure`. */
  sameSite?: 'lax' | 'strict' | 'none';
  /** By default Secure exactly on https pages (always with sameSite `"none"`). */
  secure?: boolean;
  /**
   * `false` by default: the cookie, sent with every request, carries no id of the visitor. `true`
   * writes the record's UUID into it (field 1), so servers can match requests to receipts.
   */
  recordId?: boolean;
}

export type GoogleConsentType =
  | 'ad_storage'
  | 'ad_user_data'
  | 'ad_personalization'
  | 'analytics_storage'
  | 'functionality_storage'
  | 'personalization_storage'
  | 'security_storage';

export interface SamtykkeGoogleConsentMode {
  /** The category each type follows, where it differs from the default. */
  types?: Partial<Record<GoogleConsentType, string>>;
  /** `wait_for_update` of the default command, 0 to 10000 ms (500 when left out). */
  waitForUpdate?: number;
  /** `region` of the default command: ISO 3166 codes such as "DK" or "US-CA". */
  region?: string[];
  adsDataRedaction?: boolean;
  urlPassthrough?: boolean;
}

export interface SamtykkeCategory {
  id: string;
  required?: boolean;
  cookies?: string[];
  title?: string | Record<string, string>;
  description?: string | Record<string, string>;
  /** Sale or sharing of personal data: stays off on accept-all while GPC is honoured. */
  saleOrSharing?: boolean;
  /** Who gets the data, shown under the category in the preferences dialog. */
  services?: SamtykkeService[];
}

export interface SamtykkeService {
  name: string;
  provider?: string;
  purpose?: string | Record<string, string>;
  /** How long its cookies are kept, e.g. "1 year". */
  retention?: string | Record<string, string>;
  /** Its privacy policy: an http: or https: URL. */
  privacyUrl?: string;
  /** Its cookie names or prefixes (`"ph_*"`): deleted with the category's. */
  cookies?: string[];
}

export interface LoadOptions {
  /**
   * The config: a URL to fetch it from (like `data-config` on the script tag), or the config
   * itself, which is written into the page as `<script type="application/json" id="samtykke-config">`.
   * Left out, the loader uses the page's own `<script type="application/json" id="samtykke-config">`.
   */
  config?: string | URL | SamtykkeConfig;
  /**
   * Where the classic loader `samtykke.js` is served; `samtykke_bg.wasm` and `i18n/` must sit
   * beside it. Defaults to the folder this module was loaded from, which is right when the module
   * is served from the package folder itself and wrong after a bundler has moved it: then copy the
   * package's files to your site and pass their URL, e.g. `'/samtykke/samtykke.js'`.
   */
  src?: string | URL;
  /**
   * The folder URL of the runtime files (`samtykke.js`, `samtykke_bg.wasm`, `i18n/`), e.g.
   * `'/samtykke/'` after `npx samtykke copy public/samtykke`. Not needed with samtykke/vite, which
   * serves and emits them and tells this module where. `src` wins if both are given.
   */
  base?: string | URL;
  /** A CSP nonce for the injected script (needed only if `script-src` does not allow its origin). */
  nonce?: string;
}

/**
 * Makes sure the classic loader runs exactly once on this page, and resolves with
 * `window.samtykke` once it exists (before the wasm has loaded: await `samtykke.ready` for the
 * stored choice). If `window.samtykke` is already there, resolves with it at once; if a script tag
 * for the same `src` is on the page but has not run yet, waits for it instead of adding another.
 * Rejects if the loader cannot be loaded (then nothing gated ever runs, and a `samtykke:error`
 * event says why). Every call returns the same promise, and only the first call's options are used;
 * a later call with different options says so in the console.
 */
export function load(options?: LoadOptions): Promise<Samtykke>;

// Type check of the ES module entry, as a bundled site would use it: `import { load } from 'samtykke'`.
// Every member is used once as documented; each `@ts-expect-error` line is wrong usage that must
// stay a type error (tsc fails if it stops being one). Never run, only checked.

import { load } from 'samtykke';
import type { ConsentRecord, LoadOptions, Samtykke, SamtykkeConfig, SamtykkeErrorEvent, SamtykkeEvent } from 'samtykke';
import { useConsent, useSamtykke } from 'samtykke/react';
import viteSamtykke from 'samtykke/vite';

const config: SamtykkeConfig = {
  revision: '2024-06-17',
  policyUrl: '/privacy',
  controller: 'Example ApS',
  language: 'auto',
  languages: ['en', 'da'],
  expiresDays: 182,
  storageKey: 'samtykke',
  categories: [
    { id: 'necessary', required: true },
    { id: 'marketing', saleOrSharing: true },
    { id: 'analytics', cookies: ['_ga', '_ga_*'], title: { en: 'Statistics', da: 'Statistik' }, description: 'Counts visits.' },
  ],
  texts: { da: { title: 'Cookies hos os' } },
  gpc: 'honor',
  recordUrl: '/consent-receipts',
  googleConsentMode: { types: { analytics_storage: 'analytics' }, waitForUpdate: 500, region: ['DK'], adsDataRedaction: true },
  cookie: { name: 'samtykke', domain: 'example.com', sameSite: 'lax', secure: true, recordId: false },
};

const options: LoadOptions[] = [
  {},
  { config: '/consent.json' },
  { config: new URL('https://example.com/consent.json') },
  { config },
  { src: '/samtykke/samtykke.js', nonce: 'abc123' },
  { src: new URL('https://cdn.example.com/samtykke/samtykke.js') },
  { base: '/samtykke/', config: '/consent.json' },
  { base: new URL('https://cdn.example.com/samtykke/') },
];

// No open index signatures: a misspelt key is an error, at the top, in a category, in texts.
// @ts-expect-error `expiresDay` is not a config key (it is `expiresDays`)
const misspelt: SamtykkeConfig = { revision: 'r', policyUrl: '/p', expiresDay: 400 };
// @ts-expect-error `requried` is not a category key (it is `required`)
const misspeltCategory: SamtykkeConfig = { revision: 'r', policyUrl: '/p', categories: [{ id: 'x', requried: true }] };
// @ts-expect-error `titel` is not a text key (it is `title`)
const misspeltText: SamtykkeConfig = { revision: 'r', policyUrl: '/p', texts: { da: { titel: 'Cookies' } } };
// @ts-expect-error `sameSite` is spelt so in `cookie`
const misspeltCookie: SamtykkeConfig = { revision: 'r', policyUrl: '/p', cookie: { samesite: 'lax' } };
// A config built up elsewhere is checked as well, not only literals.
const built = { revision: 'r', policyUrl: '/p', expiresDays: 30 };
const fromVariable: SamtykkeConfig = built;
// @ts-expect-error `base` is a URL
const wrongBase: LoadOptions = { base: 1 };

// @ts-expect-error a config needs `revision` and `policyUrl`
const missing: SamtykkeConfig = { revision: '2024-06-17' };
// @ts-expect-error `expiresDays` is a number of days
const wrongType: SamtykkeConfig = { revision: 'r', policyUrl: '/p', expiresDays: '182' };
// @ts-expect-error `gpc` is "honor" or "ignore"
const wrongGpc: SamtykkeConfig = { revision: 'r', policyUrl: '/p', gpc: true };
// @ts-expect-error `waitForUpdate` is a number of milliseconds
const wrongType2: SamtykkeConfig = { revision: 'r', policyUrl: '/p', googleConsentMode: { waitForUpdate: '500' } };
// @ts-expect-error `cookie.sameSite` is "lax", "strict" or "none"
const wrongSameSite: SamtykkeConfig = { revision: 'r', policyUrl: '/p', cookie: { sameSite: 'Lax' } };
// @ts-expect-error `config` is a URL or a config object
const wrongConfig: LoadOptions = { config: 42 };
// @ts-expect-error `src` is a URL
const wrongSrc: LoadOptions = { src: true };

async function esm(): Promise<void> {
  const samtykke: Samtykke = await load(options[1]);
  const again: Promise<Samtykke> = load();
  // @ts-expect-error load() is asynchronous: it returns a promise, not the API
  load().acceptAll();
  // @ts-expect-error options are an object
  load('/consent.json');

  const record: ConsentRecord | null = await samtykke.ready;
  if (record) {
    const v: 1 = record.v;
    const method: 'accept-all' | 'reject-all' | 'custom' = record.method;
    const granted: boolean | undefined = record.categories['analytics'];
    const dates: string[] = [record.id, record.revision, record.given, record.updated, record.expires, record.language];
    const gpc: true | undefined = record.gpc;
    console.log(v, method, granted, dates, gpc);
    // @ts-expect-error the record is not a promise
    record.then;
  }
  const on: boolean = samtykke.isGranted('analytics');
  const granted: ConsentRecord = await samtykke.whenGranted('analytics');
  const failed: string | null = samtykke.failed;
  // @ts-expect-error `failed` is read-only
  samtykke.failed = null;
  const copy: ConsentRecord | null = samtykke.getConsent();
  samtykke.acceptAll();
  samtykke.rejectAll();
  samtykke.setConsent({ analytics: true, marketing: false });
  samtykke.showPreferences();
  samtykke.withdraw();
  samtykke.setLanguage('da');
  const stop: () => void = samtykke.onChange((r: ConsentRecord | null) => console.log(r?.method));
  stop();
  const problems: string[] = samtykke.audit();
  console.log(on, granted, failed, copy, problems, await again);

  // @ts-expect-error choices are booleans
  samtykke.setConsent({ analytics: 'yes' });
  // @ts-expect-error isGranted takes a category id
  samtykke.isGranted();
  // @ts-expect-error the API is read-only: samtykke.ready cannot be replaced
  samtykke.ready = Promise.resolve(null);
  // @ts-expect-error there is no such member
  samtykke.grantAll();
  // @ts-expect-error the callback gets a record or null, not a string
  samtykke.onChange((r: string) => r);
  // @ts-expect-error whenGranted resolves to a record, not a boolean
  const wrong: boolean = await samtykke.whenGranted('analytics');

  // The events are typed on window through the same declarations.
  addEventListener('samtykke:ready', (e) => {
    const event: SamtykkeEvent = e;
    const detail: ConsentRecord | null = e.detail;
    console.log(event, detail);
  });
  window.addEventListener('samtykke:change', (e) => {
    // @ts-expect-error the detail may be null (no choice, or withdrawn)
    const method: string = e.detail.method;
    console.log(method);
  });
  addEventListener('samtykke:error', (e) => {
    const event: SamtykkeErrorEvent = e;
    const reason: string = e.detail;
    console.log(event, reason);
  });
  console.log(missing, wrongType, wrongGpc, wrongType2, wrongSameSite, wrongConfig, wrongSrc, wrong);
  console.log(misspelt, misspeltCategory, misspeltText, misspeltCookie, fromVariable, wrongBase);
}

void esm();

// samtykke/react: plain values in and out (React's own types are not needed to use them).
function hooks(): void {
  const on: boolean = useConsent('analytics');
  const withOptions: boolean = useConsent('analytics', { config: '/consent.json' });
  const api: Samtykke | null = useSamtykke();
  // @ts-expect-error the API is null until loaded (and on the server)
  useSamtykke().showPreferences();
  // @ts-expect-error a category id is a string
  useConsent(1);
  // @ts-expect-error useConsent gives a boolean, not the record
  const record: ConsentRecord = useConsent('analytics');
  console.log(on, withOptions, api, record);
}

// samtykke/vite: a plugin object named samtykke, made without options.
const plugin: { name: string } = viteSamtykke();
// @ts-expect-error the plugin takes no options
viteSamtykke({ base: '/x/' });
console.log(hooks, plugin);

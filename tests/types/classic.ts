// Type check of the classic script's global, `window.samtykke`, as a page with
// `<script src="/samtykke/samtykke.js">` sees it once it imports the types. Never run, only checked.

import type { ConsentRecord, SamtykkeEvent } from 'samtykke/samtykke.js';

async function classic(): Promise<void> {
  const record: ConsentRecord | null = await window.samtykke.ready;
  const granted: boolean = window.samtykke.isGranted('analytics');
  await window.samtykke.whenGranted('analytics');
  const unsubscribe = window.samtykke.onChange(() => {});
  unsubscribe();
  // @ts-expect-error window.samtykke is read-only
  window.samtykke = window.samtykke;
  // @ts-expect-error the record is checked: `method` is one of three strings
  const method: 'accept' = record!.method;

  addEventListener('samtykke:change', (e) => {
    const event: SamtykkeEvent = e;
    console.log(event.detail?.categories['analytics']);
  });
  removeEventListener('samtykke:ready', () => {});
  // @ts-expect-error the event detail is a record, not a number
  addEventListener('samtykke:ready', (e) => e.detail.toFixed());
  console.log(granted, method);
}

void classic();

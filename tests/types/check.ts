import { load } from 'samtykke';
const p = load({ config: 1 });

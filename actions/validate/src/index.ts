// The bundle's entry (dist/index.js): the runner starts it and the step ends with it.
// main.ts only exports run(), so the entry tests import it without side effects.
import { run } from './main.ts';

await run();

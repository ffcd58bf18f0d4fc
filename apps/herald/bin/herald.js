#!/usr/bin/env -S node --max-semi-space-size=4 --heap-growing-percent=30
'use strict';
// The compiled CLI. `npm ci` builds it (root `prepare`); after editing sources run `npm run build`.
//
// The flags above are part of how Herald runs: a node holds up to hundreds of thousands of small
// long-lived objects (dialogs, subscriptions) and allocates briefly for every message. V8's
// defaults grow the old generation by up to 100% past the live heap and keep 16 MiB
// semi-spaces: at 100,000 subscriptions that is well over 100 MiB of RSS holding nothing. A
// 30% growth step and 4 MiB semi-spaces cost a few more, shorter collections
// (docs/performance.md measures both). They apply when the file runs as a program (`herald …`,
// `npm start`); `node apps/herald/bin/herald.js` runs with Node's defaults unless given them.
require('../dist/main.js');

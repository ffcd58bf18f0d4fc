#!/usr/bin/env node
'use strict';
// The compiled CLI. `npm ci` builds it (root `prepare`); after editing sources run `npm run build`.
require('../dist/main.js');

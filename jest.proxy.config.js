/**
 * `npm run test:proxy`: two real server processes (dist/main.js) on PostgreSQL and Redis
 * behind Debian's nginx with the shipped proxy rules (deploy/nginx/proxy.conf). Kept out of
 * `npm test`; .ci/run installs nginx and runs it.
 */
const faults = require('./jest.faults.config');

/** @type {import('jest').Config} */
module.exports = {
  ...faults,
  testMatch: ['<rootDir>/test/proxy/**/*.proxy-spec.ts'],
  testTimeout: 120_000,
};

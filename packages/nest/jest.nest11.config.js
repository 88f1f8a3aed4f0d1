/**
 * Runs this package's e2e suites against NestJS 11 instead of 12: every import of @nestjs/common,
 * @nestjs/core and @nestjs/platform-express — by our code, the suites, and the other @nestjs/*
 * packages — resolves to the 11.x copies installed as aliased devDependencies (`@nestjs/core11`…),
 * as in a Nest 11 host where docbatch's peer dependencies resolve to the host's Nest.
 *
 *   pnpm --filter @docbatch/nest test:nest11
 */
import base from '../../jest.config.js';

const nest11 = (name) => new URL(`./node_modules/@nestjs/${name}11`, import.meta.url).pathname;
const remap = Object.fromEntries(
  ['common', 'core', 'platform-express'].flatMap((name) => [
    [`^@nestjs/${name}$`, nest11(name)],
    [`^@nestjs/${name}/(.*)$`, `${nest11(name)}/$1`],
  ]),
);

export default {
  ...base,
  rootDir: new URL('../..', import.meta.url).pathname,
  testMatch: ['<rootDir>/packages/nest/src/e2e/*.e2e.spec.ts'],
  moduleNameMapper: { ...remap, ...base.moduleNameMapper },
};

import { describe, expect, it } from 'vitest';
import { CliConfigError, parseCliConfig } from './cli-config.js';

describe('parseCliConfig', () => {
  it('applies defaults', () => {
    expect(parseCliConfig(['serve'], {})).toMatchObject({
      command: 'serve',
      profile: 'optimized',
      port: 3000,
      'payments-port': 3001,
      scale: 1,
      reset: false,
      'database-url': undefined,
    });
  });

  it('reads env twins, and flags win over them', () => {
    const env = { COMMERCE_PROFILE: 'naive', COMMERCE_PORT: '8080', DATABASE_URL: 'postgres://u@db:5432/shop' };
    expect(parseCliConfig(['serve'], env)).toMatchObject({
      profile: 'naive',
      port: 8080,
      'database-url': env.DATABASE_URL,
    });
    expect(parseCliConfig(['seed', '--profile', 'optimized', '--scale', '0.1', '--reset'], env)).toMatchObject({
      command: 'seed',
      profile: 'optimized',
      scale: 0.1,
      reset: true,
    });
  });

  it.each([
    [['serve'], { COMMERCE_PROFILE: 'fast' }, /^COMMERCE_PROFILE: .*naive.*optimized/],
    [['serve', '--port', '70000'], {}, /^--port: /],
    [['seed', '--scale', '0'], {}, /^--scale: /],
    [['serve'], { DATABASE_URL: 'mysql://x' }, /^DATABASE_URL: /],
    [['bake'], {}, /expected a command \(serve, seed, migrate\), got bake/],
    [['serve', '--nope', '1'], {}, /Unknown option '--nope'/],
  ])('rejects %o %o with one line naming the source', (argv, env, message) => {
    expect(() => parseCliConfig(argv, env)).toThrow(CliConfigError);
    expect(() => parseCliConfig(argv, env)).toThrow(message);
  });
});

import { describe, expect, it } from 'vitest';
import { DemoConfigError, parseDemoConfig } from './demo-config.js';

describe('parseDemoConfig', () => {
  it('runs the naive shop on 3000/3001 at seed scale 0.1 with 10 req/s by default', () => {
    expect(parseDemoConfig([], {})).toEqual({
      help: false,
      profile: 'naive',
      strideFlags: { port: undefined, 'data-dir': undefined },
      shopPort: 3000,
      paymentsPort: 3001,
      seedScale: 0.1,
      trafficRatePerSecond: 10,
    });
  });

  it('takes flags over env twins, and passes the metrics service flags on', () => {
    const config = parseDemoConfig(
      ['--profile', 'optimized', '--port', '4400', '--rate', '0', '--data-dir', '/tmp/d'],
      {
        COMMERCE_PROFILE: 'naive',
        COMMERCE_PORT: '3100',
        COMMERCE_SEED_SCALE: '0.05',
        DEMO_RATE: '20',
      },
    );
    expect(config).toMatchObject({
      profile: 'optimized',
      shopPort: 3100,
      seedScale: 0.05,
      trafficRatePerSecond: 0,
      strideFlags: { port: '4400', 'data-dir': '/tmp/d' },
    });
    expect(parseDemoConfig([], { COMMERCE_PROFILE: 'optimized', COMMERCE_PORT: '' }).profile).toBe('optimized');
  });

  it.each([
    [['--profile', 'fast'], {}, '--profile must be one of naive, optimized, got "fast"'],
    [[], { COMMERCE_PROFILE: 'fast' }, 'COMMERCE_PROFILE must be one of naive, optimized, got "fast"'],
    [['--shop-port', '70000'], {}, '--shop-port must be a port 1-65535, got "70000"'],
    [['--scale', '0'], {}, '--scale must be a number in (0, 10], got "0"'],
    [[], { DEMO_RATE: 'lots' }, 'DEMO_RATE must be an integer 0-1000, got "lots"'],
    [['--shop-port', '3001'], {}, 'the shop and payments ports must differ (both 3001)'],
    [['--verbose'], {}, "Unknown option '--verbose'"],
  ])('%j %j fails with one line: %s', (argv, env, message) => {
    expect(() => parseDemoConfig(argv, env)).toThrow(DemoConfigError);
    expect(() => parseDemoConfig(argv, env)).toThrow(message);
  });
});

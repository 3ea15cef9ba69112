import { describe, expect, it } from 'vitest';
import { DEFAULT_TARGET, LoadUsageError, parseLoadArgs } from './load-args.js';

const parse = (argv: string[], env: Record<string, string> = {}) => parseLoadArgs(argv, env);

describe('parseLoadArgs', () => {
  it('takes the profile defaults: baseline is 8 connections at 50 req/s for 30 s with its thresholds', () => {
    const args = parse(['--profile', 'baseline']);
    expect(args).toMatchObject({
      profile: 'baseline',
      targetUrl: DEFAULT_TARGET,
      durationMillis: 30_000,
      connections: 8,
      overallRatePerSecond: 50,
      stride: undefined,
      json: false,
    });
    expect(args.thresholds.map((t) => t.name)).toEqual([
      'browse.p95<300',
      'detail.p95<200',
      'pricing.p95<300',
      'checkout.p95<1000',
      'all.errorRate<0.01',
    ]);
  });

  it('lets flags override the profile, and --rate 0 lift the rate limit', () => {
    const args = parse(['--profile', 'stress', '--duration', '3s', '--connections', '4', '--rate', '0']);
    expect(args).toMatchObject({ durationMillis: 3_000, connections: 4, overallRatePerSecond: undefined });
    expect(parse(['--profile', 'stress', '--rate', '25']).overallRatePerSecond).toBe(25);
  });

  it('replaces a default threshold of the same scenario.metric and adds new ones', () => {
    const names = parse(['--threshold', 'browse.p95<800', '--threshold', 'detail.p99<400']).thresholds.map(
      (t) => t.name,
    );
    expect(names).toEqual([
      'detail.p95<200',
      'pricing.p95<300',
      'checkout.p95<1000',
      'all.errorRate<0.01',
      'browse.p95<800',
      'detail.p99<400',
    ]);
    expect(parse(['--no-default-thresholds', '--threshold', 'all.errorRate<5%']).thresholds.map((t) => t.name)).toEqual(
      ['all.errorRate<0.05'],
    );
  });

  it('reads the target and Stride from the environment when no flag is given', () => {
    const args = parse([], {
      LOAD_TARGET: 'http://127.0.0.1:3100/',
      STRIDE_URL: 'http://127.0.0.1:4318',
      STRIDE_TOKEN: 't',
    });
    expect(args.targetUrl).toBe('http://127.0.0.1:3100');
    expect(args.stride).toEqual({ url: 'http://127.0.0.1:4318', token: 't' });
    expect(parse(['--stride', 'http://127.0.0.1:9', '--stride-token', 'x']).stride).toEqual({
      url: 'http://127.0.0.1:9',
      token: 'x',
    });
  });

  it('returns help without judging the other flags', () => {
    expect(parse(['--help', '--profile', 'nope']).help).toBe(true);
  });

  it.each([
    [['--profile', 'spike'], '--profile must be one of baseline, stress, soak, got "spike"'],
    [['--duration', 'soon'], '--duration must look like 30s, 2m or 500ms, got "soon"'],
    [['--connections', '0'], '--connections must be an integer ≥ 1, got "0"'],
    [['--rate', '1.5'], '--rate must be an integer ≥ 0, got "1.5"'],
    [['--target', 'ftp://x'], '--target must be an http(s) URL, got "ftp://x"'],
    [['--target', 'http://127.0.0.1:3000/shop'], '--target must be an origin without a path'],
    [['--threshold', 'browse.p95'], 'threshold "browse.p95" must look like'],
    [['--stride', 'http://127.0.0.1:4318'], '--stride needs --stride-token'],
    [['--stride-token', 'x'], '--stride-token is given without --stride URL'],
    [['--bogus'], "Unknown option '--bogus'"],
    [['--timeout', '200ms'], '--timeout must be at least 1s'],
  ])('%j fails with one line: %s', (argv, message) => {
    let error: unknown;
    try {
      parse(argv);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(LoadUsageError);
    expect((error as Error).message).toContain(message);
    expect((error as Error).message).not.toContain('\n');
  });
});

import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../config/config.js';

describe('STRIDE_EXPLAIN_DATABASES', () => {
  const parse = (value: string) => parseConfig({ env: { STRIDE_EXPLAIN_DATABASES: value }, cwd: '/tmp' });

  it('maps service names to PostgreSQL URLs', () => {
    expect(
      parse('shop=postgres://ro@db:5432/shop?sslmode=require; payments=postgresql://ro@db/pay').explainDatabases,
    ).toEqual({
      shop: 'postgres://ro@db:5432/shop?sslmode=require',
      payments: 'postgresql://ro@db/pay',
    });
    expect(parseConfig({ env: {}, cwd: '/tmp' }).explainDatabases).toEqual({});
  });

  it('names the variable and the expected shape on a bad value', () => {
    for (const bad of ['shop', 'shop=mysql://db/shop', '=postgres://db/x', 'my shop=postgres://db/x']) {
      expect(() => parse(bad)).toThrow(ConfigError);
      expect(() => parse(bad)).toThrow(
        /^STRIDE_EXPLAIN_DATABASES must be service=postgres:\/\/… pairs separated by semicolons/,
      );
    }
  });
});

// Runs the overhead benchmark alone: `npx tsc -b && npx tsx bench/overhead/main.ts [rounds] [windowSeconds]`.
// STRIDE_BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test runs route A on that PostgreSQL (in a private
// schema) instead of an embedded PGlite. STRIDE_BENCH_VARIANTS=none,stride,strideCompare picks variants (none is
// the baseline and required); strideCompare runs the agent build at STRIDE_BENCH_COMPARE_AGENT (an index.js).
// STRIDE_BENCH_ROUTES=items picks routes.
import { formatOverheadTable } from './format-overhead.js';
import { runOverheadBench } from './overhead-bench.js';
import { ROUTE_NAMES, type RouteName } from './routes.js';
import { isVariantName, VARIANT_NAMES, type VariantName } from './variants.js';

const [rounds = '3', windowSeconds = '5'] = process.argv.slice(2);
const listed = (name: string) => process.env[name]?.split(',').map((item) => item.trim());
const variants = listed('STRIDE_BENCH_VARIANTS') ?? [...VARIANT_NAMES];
const routes = listed('STRIDE_BENCH_ROUTES') ?? [...ROUTE_NAMES];
const badVariant = variants.find((v) => !isVariantName(v));
const badRoute = routes.find((r) => !(ROUTE_NAMES as string[]).includes(r));
if (badVariant !== undefined || badRoute !== undefined) {
  console.error(`overhead: unknown variant or route ${badVariant ?? badRoute}; routes: ${ROUTE_NAMES.join(', ')}`);
  process.exit(2);
}
const rows = await runOverheadBench({
  variants: variants as VariantName[],
  routes: routes as RouteName[],
  rounds: Number(rounds),
  windowSeconds: Number(windowSeconds),
  postgresUrl: process.env['STRIDE_BENCH_POSTGRES_URL'],
});
console.log(formatOverheadTable(rows));

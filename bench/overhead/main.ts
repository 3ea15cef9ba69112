// Runs the overhead benchmark alone: `npx tsx bench/overhead/main.ts [rounds] [windowSeconds]`.
// STRIDE_BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test runs route A on that PostgreSQL (in a private
// schema) instead of an embedded PGlite.
import { formatOverheadTable } from './format-overhead.js';
import { runOverheadBench } from './overhead-bench.js';

const [rounds = '3', windowSeconds = '5'] = process.argv.slice(2);
const rows = await runOverheadBench({
  rounds: Number(rounds),
  windowSeconds: Number(windowSeconds),
  postgresUrl: process.env['STRIDE_BENCH_POSTGRES_URL'],
});
console.log(formatOverheadTable(rows));

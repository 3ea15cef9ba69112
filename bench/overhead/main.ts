// Runs the overhead benchmark alone: `npx tsx bench/overhead/main.ts [rounds] [durationSeconds]`.
import { formatOverheadTable } from './format-overhead.js';
import { runOverheadBench } from './overhead-bench.js';

const [rounds = '5', durationSeconds = '5'] = process.argv.slice(2);
// STRIDE_BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/test runs route A on that PostgreSQL instead of PGlite.
const rows = await runOverheadBench({
  rounds: Number(rounds),
  durationSeconds: Number(durationSeconds),
  postgresUrl: process.env['STRIDE_BENCH_POSTGRES_URL'],
});
console.log(formatOverheadTable(rows));

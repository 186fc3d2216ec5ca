// dump.mjs FILE.parquet: one JSON object a row, for doc/fit/fitgemm.py.
// Needs the npm packages hyparquet and hyparquet-compressors.
import { asyncBufferFromFile, parquetReadObjects } from 'hyparquet'
import { compressors } from 'hyparquet-compressors'
const f = await asyncBufferFromFile(process.argv[2])
const rows = await parquetReadObjects({ file: f, compressors })
for (const r of rows) console.log(JSON.stringify(r, (k, v) => typeof v === 'bigint' ? Number(v) : v))

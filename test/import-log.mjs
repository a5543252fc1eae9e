// `node --import ./test/import-log.mjs …` with ORDERBELL_IMPORT_LOG=/path/to/file: every bare
// package name the program imports is appended to that file, one per line, as it is resolved.
import { register } from 'node:module';

const log = process.env.ORDERBELL_IMPORT_LOG;
if (!log) throw new Error('ORDERBELL_IMPORT_LOG must name the log file');
register('./import-log-hooks.mjs', import.meta.url, { data: { log } });

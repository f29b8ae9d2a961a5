/**
 * `npm run bench`: the server's latency and throughput figures, the platform floor they stand on, and
 * the widget's size and DOM figures, printed as one JSON document (the widget's figures are also
 * summarized in words on stderr).
 */
import { runFloorBench } from './floor.js';
import { runServerBench } from './server.js';
import { formatWidgetBench, runWidgetBench } from './widget.js';

const widget = await runWidgetBench();
console.error(formatWidgetBench(widget));
const server = await runServerBench();
const floor = await runFloorBench();
console.log(JSON.stringify({ server, floor, widget }, null, 2));
process.exit(0);

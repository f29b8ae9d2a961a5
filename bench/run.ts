/**
 * `npm run bench`: the server's latency and throughput figures and the widget's size and DOM figures,
 * printed as one JSON document (the widget's figures are also summarized in words on stderr).
 */
import { runServerBench } from './server.js';
import { formatWidgetBench, runWidgetBench } from './widget.js';

const widget = await runWidgetBench();
console.error(formatWidgetBench(widget));
const server = await runServerBench();
console.log(JSON.stringify({ server, widget }, null, 2));
process.exit(0);

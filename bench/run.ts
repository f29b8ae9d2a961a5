/**
 * `npm run bench`: the server's latency and throughput figures, the platform floor they stand on, the
 * idle-rooms scenario and how soon a departure is seen (both side by side with Croquet's reflector when
 * BENCH_CROQUET_REFLECTOR gives its address), the widget's size and DOM figures, the time to online
 * and a full room's persisted copy (its size, how soon the server has it) in Chromium, what an idle
 * open chat costs its browser (beside Croquet's sample chat when BENCH_CROQUET_APPS_CHAT names it), a
 * minute's outage (time back online, console lines), what checking signed events costs a replica (a
 * forged flood against one in Node), signed against unsigned in Chromium (A→B delivery, a late join, the
 * runtime's growth; against the 1c7e3ac build BENCH_BASELINE_DIR names, else skipped), printed as one
 * JSON document (the widget's, the time-to-online, the persisted-room, the signature and the signed-vs-
 * unsigned figures are also summarized in words on stderr).
 */
import { runExitBench } from './exit.js';
import { runFloorBench } from './floor.js';
import { runIdlePageBench } from './idle-page.js';
import { runIdleRoomsBench } from './idle-rooms.js';
import { formatOnlineBench, runOnlineBench } from './online.js';
import { runOutageBench } from './outage.js';
import { formatPersistedRoomBench, runPersistedRoomBench } from './persisted-room.js';
import { runServerBench } from './server.js';
import { formatSignaturesBench, runSignaturesBench } from './signatures.js';
import { formatSignedDeliveryBench, runSignedDeliveryBench } from './signed-delivery.js';
import { formatWidgetBench, runWidgetBench } from './widget.js';

const widget = await runWidgetBench();
console.error(formatWidgetBench(widget));
const online = await runOnlineBench();
console.error(formatOnlineBench(online));
const persistedRoom = await runPersistedRoomBench();
console.error(formatPersistedRoomBench(persistedRoom));
const idlePage = await runIdlePageBench();
const outage = await runOutageBench();
const server = await runServerBench();
const floor = await runFloorBench();
const idleRooms = await runIdleRoomsBench();
const exitVisible = await runExitBench();
const signatures = await runSignaturesBench();
console.error(formatSignaturesBench(signatures));
const signedDelivery = await runSignedDeliveryBench();
console.error(formatSignedDeliveryBench(signedDelivery));
console.log(JSON.stringify({ server, floor, idleRooms, exitVisible, signatures, signedDelivery, widget, online, persistedRoom, idlePage, outage }, null, 2));
process.exit(0);

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
 * unsigned figures are also summarized in words on stderr), and how soon a sent image shows on the other
 * page in Chromium (a 1 MB JPEG and a scaled 4000x3000 one, phase by phase, beside a text post).
 *
 * Options: `--only widget,online` runs just those parts (names as in the JSON: widget, online,
 * persistedRoom, idlePage, outage, server, floor, idleRooms, exitVisible, signatures, signedDelivery,
 * imageDelivery);
 * `--baseline-dist <path>` names an earlier build's dist/ folder, whose drop-in runtime and shell the
 * widget part measures beside ours (the growth in KB gzip).
 */
import { parseArgs } from 'node:util';
import { runExitBench } from './exit.js';
import { runFloorBench } from './floor.js';
import { runIdlePageBench } from './idle-page.js';
import { formatImageDeliveryBench, runImageDeliveryBench } from './image-delivery.js';
import { runIdleRoomsBench } from './idle-rooms.js';
import { formatOnlineBench, runOnlineBench } from './online.js';
import { runOutageBench } from './outage.js';
import { formatPersistedRoomBench, runPersistedRoomBench } from './persisted-room.js';
import { runServerBench } from './server.js';
import { formatSignaturesBench, runSignaturesBench } from './signatures.js';
import { formatSignedDeliveryBench, runSignedDeliveryBench } from './signed-delivery.js';
import { formatWidgetBench, runWidgetBench } from './widget.js';

const PARTS = ['widget', 'online', 'persistedRoom', 'idlePage', 'outage', 'server', 'floor', 'idleRooms', 'exitVisible', 'signatures', 'signedDelivery', 'imageDelivery'];
const { values: options } = parseArgs({ options: { only: { type: 'string' }, 'baseline-dist': { type: 'string' } } });
const only = options.only?.split(',').map((name) => name.trim());
const unknown = only?.filter((name) => !PARTS.includes(name)) ?? [];
if (unknown.length) throw new Error(`--only: no part named ${unknown.join(', ')} (parts: ${PARTS.join(', ')})`);
/** Runs `part` unless `--only` leaves it out. */
const selected = async <T>(name: string, part: () => Promise<T>): Promise<T | undefined> => (!only || only.includes(name) ? part() : undefined);

const widget = await selected('widget', () => runWidgetBench({ baselineDist: options['baseline-dist'] }));
if (widget) console.error(formatWidgetBench(widget));
const online = await selected('online', runOnlineBench);
if (online) console.error(formatOnlineBench(online));
const persistedRoom = await selected('persistedRoom', runPersistedRoomBench);
if (persistedRoom) console.error(formatPersistedRoomBench(persistedRoom));
const idlePage = await selected('idlePage', runIdlePageBench);
const outage = await selected('outage', runOutageBench);
const server = await selected('server', runServerBench);
const floor = await selected('floor', runFloorBench);
const idleRooms = await selected('idleRooms', runIdleRoomsBench);
const exitVisible = await selected('exitVisible', runExitBench);
const signatures = await selected('signatures', runSignaturesBench);
if (signatures) console.error(formatSignaturesBench(signatures));
const signedDelivery = await selected('signedDelivery', runSignedDeliveryBench);
if (signedDelivery) console.error(formatSignedDeliveryBench(signedDelivery));
const imageDelivery = await selected('imageDelivery', runImageDeliveryBench);
if (imageDelivery) console.error(formatImageDeliveryBench(imageDelivery));
console.log(JSON.stringify({ server, floor, idleRooms, exitVisible, signatures, signedDelivery, imageDelivery, widget, online, persistedRoom, idlePage, outage }, null, 2));
process.exit(0);
